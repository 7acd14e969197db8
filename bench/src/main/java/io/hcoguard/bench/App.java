package io.hcoguard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged app ({@code java -jar quarkus-run.jar}, with APP_JAVA_OPTS) on free loopback ports,
 * against the API server KUBECONFIG names, as bench/lib.sh's app_start started it; its log in the
 * scratch dir. Constructed once it answers /q/health/started.
 */
final class App implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final int managementPort;
    final Process process;
    final Path log;
    private final long launchedNanos;

    private App(int port, int managementPort, Process process, Path log, long launchedNanos) {
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
        this.launchedNanos = launchedNanos;
    }

    static App start(Knobs knobs) throws IOException, InterruptedException {
        int port = freePort();
        int management = freePort();
        Path log = knobs.work().resolve("app-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(knobs.java17()));
        command.addAll(knobs.appJavaOpts());
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(knobs.appDir().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "GUARD_TLS_CERT", knobs.certs().resolve("tls.crt").toString(),
                "GUARD_TLS_KEY", knobs.certs().resolve("tls.key").toString(),
                "QUARKUS_HTTP_HOST", "127.0.0.1", "QUARKUS_HTTP_SSL_PORT", String.valueOf(port),
                "QUARKUS_MANAGEMENT_HOST", "127.0.0.1", "QUARKUS_MANAGEMENT_PORT", String.valueOf(management)));
        long t0 = System.nanoTime();
        App app = new App(port, management, Children.start(builder), log, t0);
        if (!app.answers("/q/health/started", 60)) {
            throw new IllegalStateException("app did not start; see " + log);
        }
        return app;
    }

    /** Milliseconds from launch until the cluster view is synced (readiness itself means only "can answer"). */
    long waitViewSynced() throws InterruptedException {
        if (!answers("/q/health/group/cluster-view", 600)) {
            throw new IllegalStateException("app view not synced; see " + log);
        }
        return (System.nanoTime() - launchedNanos) / 1_000_000;
    }

    long rssMb() throws IOException {
        return Math.round(StartupProbe.rssMb(process.pid()));
    }

    /** jvm_memory_used_bytes summed over the heap's pools, in MB. */
    long heapUsedMb() throws IOException, InterruptedException {
        double bytes = metrics().lines().filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToDouble(App::value).sum();
        return Math.round(bytes / 1048576);
    }

    /** The value of the first sample on /q/metrics whose name (and leading labels, if given) match, as printed there. */
    String gauge(String nameOrPrefix) throws IOException, InterruptedException {
        return metrics().lines().filter(line -> line.startsWith(nameOrPrefix + " ") || line.startsWith(nameOrPrefix + "{")
                || (nameOrPrefix.contains("{") && line.startsWith(nameOrPrefix)))
                .findFirst().map(line -> line.substring(line.lastIndexOf(' ') + 1)).orElse("");
    }

    URI metricsUri() {
        return URI.create("http://127.0.0.1:" + managementPort + "/q/metrics");
    }

    String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(metricsUri()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        Children.stop(process);
    }

    private boolean answers(String path, int timeoutSeconds) throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + managementPort + path);
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                int status = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static double value(String sample) {
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
