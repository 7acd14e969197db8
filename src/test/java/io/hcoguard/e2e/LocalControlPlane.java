package io.hcoguard.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * hack/start-control-plane.sh's control plane, for run-local.sh and the benchmarks: the tests' etcd
 * and kube-apiserver ({@link EtcdAndApiServer}) with the project's CRDs (hack/crds) and, asked,
 * the sample objects (hack/samples). Writes the state dir's kubeconfig, the PID files of etcd and
 * kube-apiserver, and last the env file (its presence means ready); runs until SIGTERM or SIGINT,
 * then stops both and removes the env file. Exits 1 when either process dies on its own.
 *
 * <p>Usage: {@code LocalControlPlane STATE_DIR [--no-crds] [--samples]}
 */
public final class LocalControlPlane {

    private static final String KUBEVIRT = "kubevirt.io/v1";

    private LocalControlPlane() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LocalControlPlane STATE_DIR [--no-crds] [--samples]");
            System.exit(2);
        }
        Path state = Path.of(args[0]).toAbsolutePath();
        List<String> options = List.of(args).subList(1, args.length);
        long started = System.nanoTime();

        EtcdAndApiServer server = EtcdAndApiServer.start(process -> {
            System.err.printf("control plane: a process (pid %d) exited with %d; stopping%n", process.pid(), process.exitValue());
            System.exit(1);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            deleteEnv(state);
        }));
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            String command = child.info().command().orElse("");
            String name = command.substring(command.lastIndexOf('/') + 1);
            if (name.equals("etcd") || name.equals("kube-apiserver")) {
                Files.writeString(state.resolve(name + ".pid"), child.pid() + "\n");
            }
        }
        Files.writeString(state.resolve("kubeconfig"), server.kubeconfigYaml());
        try (KubernetesClient admin = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(server.kubeconfigYaml())).build()) {
            if (!options.contains("--no-crds")) {
                ControlPlane.installCrds(admin, ControlPlane.PROJECT.resolve("hack/crds"));
            }
            if (options.contains("--samples")) {
                applySamples(admin, ControlPlane.PROJECT.resolve("hack/samples"));
            }
        }
        writeEnv(state, server);
        System.out.printf("control plane up in %ds: https://127.0.0.1:%d (Kubernetes %s)%n",
                (System.nanoTime() - started) / 1_000_000_000, server.apiServerPort(), EtcdAndApiServer.pinnedKubernetesVersion());
        new CountDownLatch(1).await(); // until a signal runs the shutdown hook
    }

    /**
     * Applies every object of the directory's YAML files, in file order. A VMI's status (a
     * subresource, which an apply ignores) is written after it, as virt-handler would; its owner
     * reference gets the uid of its VM, which only exists once the VM is created.
     */
    static void applySamples(KubernetesClient admin, Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (HasMetadata item : admin.load(in).items()) {
                    if (item instanceof GenericKubernetesResource vmi && "VirtualMachineInstance".equals(vmi.getKind())) {
                        applyVmi(admin, vmi);
                    } else {
                        admin.resource(item).serverSideApply();
                    }
                }
            }
        }
    }

    private static void applyVmi(KubernetesClient admin, GenericKubernetesResource vmi) {
        String namespace = vmi.getMetadata().getNamespace();
        for (OwnerReference owner : vmi.getMetadata().getOwnerReferences()) {
            if ("VirtualMachine".equals(owner.getKind())) {
                owner.setUid(admin.genericKubernetesResources(KUBEVIRT, "VirtualMachine").inNamespace(namespace)
                        .withName(owner.getName()).get().getMetadata().getUid());
            }
        }
        Object status = vmi.getAdditionalProperties().get("status");
        GenericKubernetesResource applied = admin.resource(vmi).serverSideApply();
        if (status != null) {
            applied.setAdditionalProperty("status", status);
            admin.genericKubernetesResources(KUBEVIRT, "VirtualMachineInstance").inNamespace(namespace).resource(applied)
                    .updateStatus();
        }
    }

    /** The env file hack/start-control-plane.sh's callers source; written whole, then moved into place. */
    private static void writeEnv(Path state, EtcdAndApiServer server) throws IOException {
        String env = """
                export KUBECONFIG='%s'
                export APISERVER_URL='https://127.0.0.1:%d'
                export CP_CA_FILE='%s'
                export CP_BIN_DIR='%s'
                export PATH='%s':"${PATH}"
                """.formatted(state.resolve("kubeconfig"), server.apiServerPort(), server.caFile(), server.binDir(),
                server.binDir());
        Path partial = Files.writeString(state.resolve("env.partial"), env);
        Files.move(partial, state.resolve("env"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteEnv(Path state) {
        try {
            Files.deleteIfExists(state.resolve("env"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
