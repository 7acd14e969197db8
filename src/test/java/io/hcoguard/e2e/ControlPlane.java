package io.hcoguard.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real kube-apiserver + etcd ({@link EtcdAndApiServer}), with the project's CRDs and webhook
 * configurations installed, the configurations pointing at the hco-guard instance under test.
 * Started once for all tests.
 */
public class ControlPlane implements QuarkusTestResourceLifecycleManager {

    public static final Path PROJECT = Path.of("").toAbsolutePath();
    public static final Path WORK = PROJECT.resolve("target/e2e");

    /**
     * The webhook port, set once per JVM when the API server is up: a test profile loads this class
     * again in its own class loader, and must find the running API server rather than start another.
     */
    private static final String STARTED = "hco-guard.e2e.webhook-port";

    private static KubernetesClient admin;
    private static int webhookPort;

    @Override
    public Map<String, String> start() {
        if (admin == null && System.getProperty(STARTED) == null) {
            EtcdAndApiServer server = EtcdAndApiServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            writeKubeconfig(server.kubeconfigYaml());
            admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.kubeconfigYaml())).build();
            installCrds(admin, PROJECT.resolve("hack/crds"));
            webhookPort = freePort();
            WebhookRegistration.register(admin, webhookPort, caBundle());
            System.setProperty(STARTED, Integer.toString(webhookPort));
        } else if (admin == null) {
            admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(readKubeconfig())).build();
            webhookPort = Integer.parseInt(System.getProperty(STARTED));
        }
        Map<String, String> properties = clientProperties(admin.getConfiguration(), admin.getConfiguration().getMasterUrl());
        properties.put("quarkus.http.test-ssl-port", Integer.toString(webhookPort));
        properties.putAll(ManagementPort.choose());
        return properties;
    }

    /** The app's Kubernetes client settings: the admin credentials of {@code config}, the API server at {@code masterUrl}. */
    static Map<String, String> clientProperties(Config config, String masterUrl) {
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.kubernetes-client.api-server-url", masterUrl);
        properties.put("quarkus.kubernetes-client.namespace", "default");
        credential(properties, "ca-cert", config.getCaCertData(), config.getCaCertFile());
        credential(properties, "client-cert", config.getClientCertData(), config.getClientCertFile());
        credential(properties, "client-key", config.getClientKeyData(), config.getClientKeyFile());
        return properties;
    }

    private static void credential(Map<String, String> properties, String name, String data, String file) {
        if (data != null) {
            properties.put("quarkus.kubernetes-client." + name + "-data", data);
        } else if (file != null) {
            properties.put("quarkus.kubernetes-client." + name + "-file", file);
        }
    }

    @Override
    public void stop() {
        // The API server outlives one Quarkus application (profiles restart the app); the JVM's
        // shutdown hook stops it after the last test.
    }

    /** A cluster-admin client of the test API server. */
    public static KubernetesClient admin() {
        return admin;
    }

    public static Path kubeconfig() {
        return WORK.resolve("kubeconfig");
    }

    /** The kubectl built beside the API server, for the checks only kubectl shows (warnings). */
    public static Path kubectl() {
        return EtcdAndApiServer.testDir().resolve("k8s").resolve(EtcdAndApiServer.pinnedKubernetesVersion() + "-linux-amd64")
                .resolve("kubectl");
    }

    public static int webhookPort() {
        return webhookPort;
    }

    static String caBundle() {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(PROJECT.resolve("target/test-certs/ca.crt")));
        } catch (IOException e) {
            throw new UncheckedIOException("run the build through Maven: it generates target/test-certs", e);
        }
    }

    /** Installs every CRD in the directory's YAML files and waits until each is established. */
    public static void installCrds(Path directory) {
        installCrds(admin, directory);
    }

    static void installCrds(KubernetesClient client, Path directory) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.forEach(file -> installCrd(client, file));
    }

    /** Applies the CRDs in one file and waits until they are established. */
    static void installCrd(Path file) {
        installCrd(admin, file);
    }

    private static void installCrd(KubernetesClient client, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            for (HasMetadata item : client.load(in).items()) {
                client.resource(item).serverSideApply();
                client.apiextensions().v1().customResourceDefinitions().withName(item.getMetadata().getName())
                        .waitUntilCondition(ControlPlane::established, 30, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String readKubeconfig() {
        try {
            return Files.readString(kubeconfig());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeKubeconfig(String yaml) {
        try {
            Files.createDirectories(WORK);
            Files.writeString(kubeconfig(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
