package io.hcoguard.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Fills the API server named by KUBECONFIG with a {@link Fleet}: namespaces, two StorageClasses,
 * then per VM (in parallel) its PVC, the VM, its VMI owned by the VM, and the VMI's status
 * (phase Running) through the status subresource, as virt-controller and virt-handler would.
 * {@code Bench populate} and the sections that need a populated cluster call it.
 */
public final class Populate {

    private Populate() {
    }

    /** Writes the fleet; reports every thousand VMs to progress and returns the summary line. */
    static String fill(Fleet fleet, int parallelism, Consumer<String> progress) throws Exception {
        try (KubernetesClient client = client(parallelism)) {
            long start = System.nanoTime();
            for (String namespace : fleet.namespaces()) {
                client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                        .serverSideApply();
            }
            Fleet.storageClasses().forEach(sc -> client.resource(sc).serverSideApply());

            AtomicInteger done = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(parallelism);
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < fleet.size(); i++) {
                int vm = i;
                work.add(pool.submit(() -> {
                    create(client, fleet, vm);
                    int n = done.incrementAndGet();
                    if (n % 1000 == 0) {
                        progress.accept("  %,d VMs with VMI and PVC (%.1f s)".formatted(n, (System.nanoTime() - start) / 1e9));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            return ("populated %,d VMs + %,d VMIs (Running) + %,d PVCs, %d blocking, in %.1f s"
                    + " (%,.0f API writes/s, %d in parallel)").formatted(
                    fleet.size(), fleet.size(), fleet.size(), fleet.blockers(), seconds, fleet.size() * 4 / seconds, parallelism);
        }
    }

    private static void create(KubernetesClient client, Fleet fleet, int i) {
        String namespace = Fleet.namespace(i);
        createOrGet(client.resource(fleet.pvc(i)));
        GenericKubernetesResource vm = createOrGet(client.genericKubernetesResources(Fleet.VM).inNamespace(namespace)
                .resource(fleet.vm(i)));
        GenericKubernetesResource vmi = fleet.vmi(i, vm.getMetadata().getUid());
        Object status = vmi.getAdditionalProperties().remove("status");
        GenericKubernetesResource created = createOrGet(client.genericKubernetesResources(Fleet.VMI).inNamespace(namespace)
                .resource(vmi));
        created.setAdditionalProperty("status", status);
        client.genericKubernetesResources(Fleet.VMI).inNamespace(namespace).resource(created).updateStatus();
    }

    /**
     * Created, or the one that exists: the client retries a POST that an API server just started
     * answered with a 5xx or a dropped connection, and the retry meets the object the first POST made.
     */
    private static <T> T createOrGet(io.fabric8.kubernetes.client.dsl.Resource<T> resource) {
        try {
            return resource.create();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return resource.get();
        }
    }

    static KubernetesClient client(int parallelism) {
        Config config = new ConfigBuilder(Config.autoConfigure(null))
                .withMaxConcurrentRequests(parallelism * 2)
                .withMaxConcurrentRequestsPerHost(parallelism * 2)
                .withRequestTimeout(60_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
