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

/**
 * Fills the API server named by KUBECONFIG with a {@link Fleet}: namespaces, two StorageClasses,
 * then per VM (in parallel) its PVC, the VM, its VMI owned by the VM, and the VMI's status
 * (phase Running) through the status subresource, as virt-controller and virt-handler would.
 *
 * <pre>java -cp ... io.hcoguard.bench.Populate SIZE BLOCKERS [PARALLELISM]</pre>
 */
public final class Populate {

    private Populate() {
    }

    public static void main(String[] args) throws Exception {
        Fleet fleet = new Fleet(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 32;
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
                        System.out.printf("  %,d VMs with VMI and PVC (%.1f s)%n", n, (System.nanoTime() - start) / 1e9);
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
            System.out.printf("populated %,d VMs + %,d VMIs (Running) + %,d PVCs, %d blocking, in %.1f s"
                    + " (%,.0f API writes/s, %d in parallel)%n",
                    fleet.size(), fleet.size(), fleet.size(), fleet.blockers(), seconds, fleet.size() * 4 / seconds, parallelism);
        }
        System.exit(0); // the client's Vert.x event loops are not daemon threads
    }

    private static void create(KubernetesClient client, Fleet fleet, int i) {
        String namespace = Fleet.namespace(i);
        client.resource(fleet.pvc(i)).create();
        GenericKubernetesResource vm = client.genericKubernetesResources(Fleet.VM).inNamespace(namespace)
                .resource(fleet.vm(i)).create();
        GenericKubernetesResource vmi = fleet.vmi(i, vm.getMetadata().getUid());
        Object status = vmi.getAdditionalProperties().remove("status");
        GenericKubernetesResource created = client.genericKubernetesResources(Fleet.VMI).inNamespace(namespace)
                .resource(vmi).create();
        created.setAdditionalProperty("status", status);
        client.genericKubernetesResources(Fleet.VMI).inNamespace(namespace).resource(created).updateStatus();
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
