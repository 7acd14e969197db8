package io.hcoguard.e2e;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A control plane of the fault tests' own, for what the shared {@link ControlPlane} would not
 * survive: restarting the API server on the same etcd, compacting etcd. It is started as the shared
 * one is ({@link EtcdAndApiServer}), with one more API server flag.
 *
 * <p>The app reaches it through an {@link ApiServerProxy} a test can blackhole or cut, the test's
 * admin client through another one that is never faulted; both follow the API server to its new
 * port after a restart. PersistentVolumeClaims are served without the API server's watch cache
 * ({@code --watch-cache-sizes=persistentvolumeclaims#0}): their watches read etcd itself, so a
 * compaction makes a PVC watch's resourceVersion too old, as an expired watch cache window does in
 * a busy cluster. Every other kind goes through the watch cache as usual.
 */
public class RestartableControlPlane implements QuarkusTestResourceLifecycleManager {

    private static final Pattern REVISION = Pattern.compile("\"revision\"\\s*:\\s*\"?(\\d+)");

    private static EtcdAndApiServer server;
    private static ApiServerProxy appLink;
    private static ApiServerProxy adminLink;
    private static KubernetesClient admin;

    @Override
    public Map<String, String> start() {
        if (server == null) {
            boot();
        }
        Map<String, String> properties = ControlPlane.clientProperties(admin.getConfiguration(), appLink.url());
        properties.putAll(ManagementPort.choose());
        return properties;
    }

    @Override
    public void stop() {
        shutdown();
    }

    /** The link between the app and the API server, for a test to fault. */
    static ApiServerProxy appLink() {
        return appLink;
    }

    /** A cluster-admin client that reaches the API server whatever happens to the app's link, and across restarts. */
    static KubernetesClient admin() {
        return admin;
    }

    /** Kills the API server (SIGKILL, as a crash) and starts a new one on the same etcd; returns once it is ready. */
    static synchronized void restartApiServer() {
        server.restartApiServer();
        appLink.retarget(server.apiServerPort());
        adminLink.retarget(server.apiServerPort());
    }

    /**
     * Compacts etcd at its current revision (through etcd's own HTTP gateway): every older
     * resourceVersion is gone. Returns the revision.
     */
    static long compactEtcd() {
        long revision = revision(etcd("/v3/kv/range", "{\"key\":\"AA==\",\"limit\":1}"));
        etcd("/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}");
        return revision;
    }

    private static synchronized void boot() {
        server = EtcdAndApiServer.start("--watch-cache-sizes=persistentvolumeclaims#0");
        Runtime.getRuntime().addShutdownHook(new Thread(RestartableControlPlane::shutdown));
        appLink = ApiServerProxy.to("https://127.0.0.1:" + server.apiServerPort());
        adminLink = ApiServerProxy.to("https://127.0.0.1:" + server.apiServerPort());
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(server.kubeconfigYaml(adminLink.port()))).build();
        ControlPlane.installCrds(admin, ControlPlane.PROJECT.resolve("hack/crds"));
    }

    /** Stops what {@link #boot()} started, in reverse, and removes etcd's data: nothing is left behind. */
    private static synchronized void shutdown() {
        if (server == null) {
            return;
        }
        admin.close();
        appLink.close();
        adminLink.close();
        server.stop();
        server = null;
        appLink = null;
        adminLink = null;
        admin = null;
    }

    private static String etcd(String path, String body) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.etcdPort() + path)).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("etcd " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long revision(String rangeResponse) {
        Matcher matcher = REVISION.matcher(rangeResponse);
        if (!matcher.find()) {
            throw new IllegalStateException("no revision in etcd's answer: " + rangeResponse);
        }
        return Long.parseLong(matcher.group(1));
    }
}
