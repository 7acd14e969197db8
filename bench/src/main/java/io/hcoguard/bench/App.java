package io.hcoguard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged app ({@code java -jar quarkus-run.jar} with APP_JAVA_OPTS, or the native executable with
 * APP_NATIVE_OPTS), or the Go baseline, on free loopback ports, against the API server KUBECONFIG names;
 * its log in the scratch dir. Constructed once it answers its started probe.
 */
final class App implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Variant variant;
    final int port;
    final int managementPort;
    final Process process;
    final Path log;
    private final long launchedNanos;

    private App(Variant variant, int port, int managementPort, Process process, Path log, long launchedNanos) {
        this.variant = variant;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
        this.launchedNanos = launchedNanos;
    }

    /** What runs: the packaged app on the JVM, the native executable, or the Go controller-runtime baseline. */
    enum Variant {
        JVM("JVM (java -jar)", "/q/health/started", "/q/health/group/cluster-view"),
        NATIVE("native executable", "/q/health/started", "/q/health/group/cluster-view"),
        // Other builds of the app, for a before/after in one run: APP_BASELINE_DIR (a quarkus-app directory) and
        // NATIVE_BASELINE_RUNNER (an executable).
        JVM_BASELINE("JVM, baseline build", "/q/health/started", "/q/health/group/cluster-view"),
        NATIVE_BASELINE("native executable, baseline build", "/q/health/started", "/q/health/group/cluster-view"),
        // The Go baseline's readyz is its cache synced; hco-guard's readiness means only "can answer".
        GO("Go controller-runtime", "/healthz", "/readyz");

        final String title;
        final String startedPath;
        final String syncedPath;

        Variant(String title, String startedPath, String syncedPath) {
            this.title = title;
            this.startedPath = startedPath;
            this.syncedPath = syncedPath;
        }

        List<String> command(Knobs knobs) {
            List<String> command = new ArrayList<>();
            switch (this) {
                case JVM, JVM_BASELINE -> {
                    command.add(knobs.java17());
                    command.addAll(knobs.appJavaOpts());
                    command.addAll(List.of("-jar", "quarkus-run.jar"));
                }
                case NATIVE, NATIVE_BASELINE -> {
                    command.add(this == NATIVE ? knobs.nativeRunner() : knobs.nativeBaselineRunner());
                    command.addAll(knobs.appNativeOpts());
                }
                case GO -> command.add(knobs.goBaseline());
            }
            return command;
        }

        /** The environment that puts it on these ports with the generated certificate (the Go baseline reads its own names). */
        Map<String, String> environment(Knobs knobs, int port, int management) throws IOException {
            Map<String, String> env = new HashMap<>(Map.of(
                    "GUARD_TLS_CERT", knobs.certs().resolve("tls.crt").toString(),
                    "GUARD_TLS_KEY", knobs.certs().resolve("tls.key").toString()));
            if (this == GO) {
                env.putAll(Map.of("HTTPS_PORT", String.valueOf(port), "PROBE_PORT", String.valueOf(management),
                        "METRICS_PORT", String.valueOf(freePort())));
            } else {
                env.putAll(Map.of("QUARKUS_HTTP_HOST", "127.0.0.1", "QUARKUS_HTTP_SSL_PORT", String.valueOf(port),
                        "QUARKUS_MANAGEMENT_HOST", "127.0.0.1", "QUARKUS_MANAGEMENT_PORT", String.valueOf(management)));
            }
            return env;
        }
    }

    static App start(Knobs knobs) throws IOException, InterruptedException {
        return start(knobs, Variant.JVM);
    }

    static App start(Knobs knobs, Variant variant) throws IOException, InterruptedException {
        return start(knobs, variant, List.of());
    }

    /** Started with more options than the knobs give (they go right after the executable: JVM or native runtime options). */
    static App start(Knobs knobs, Variant variant, List<String> moreOptions) throws IOException, InterruptedException {
        int port = freePort();
        int management = freePort();
        Path log = knobs.work().resolve(variant.name().toLowerCase(java.util.Locale.ROOT) + "-" + System.nanoTime() + ".log");
        List<String> command = variant.command(knobs);
        command.addAll(1, moreOptions);
        Path directory = variant == Variant.JVM_BASELINE ? Path.of(knobs.appBaselineDir()) : knobs.appDir();
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(variant.environment(knobs, port, management));
        long t0 = System.nanoTime();
        App app = new App(variant, port, management, Children.start(builder), log, t0);
        if (!app.answers(variant.startedPath, 60)) {
            throw new IllegalStateException(variant.title + " did not start; see " + log);
        }
        return app;
    }

    /** Milliseconds from launch until the cluster view is synced (readiness itself means only "can answer"). */
    long waitViewSynced() throws InterruptedException {
        String synced = variant.syncedPath;
        if ((variant == Variant.JVM_BASELINE || variant == Variant.NATIVE_BASELINE) && status(synced) == 404) {
            synced = "/q/health/ready"; // a build from before the cluster-view group, whose readiness was the view's sync
        }
        if (!answers(synced, 600)) {
            throw new IllegalStateException(variant.title + " not synced; see " + log);
        }
        return (System.nanoTime() - launchedNanos) / 1_000_000;
    }

    long rssMb() throws IOException {
        return Math.round(StartupProbe.rssMb(process.pid()));
    }

    /**
     * The anonymous part of the RSS (heap, stacks, malloc): the rest is file-backed, mostly the mapped
     * executable or JDK libraries, page cache the kernel can share and reclaim.
     */
    long rssAnonMb() throws IOException {
        return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream().filter(line -> line.startsWith("RssAnon:"))
                .mapToLong(line -> Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0)).findFirst().orElse(-1);
    }

    /** jvm_memory_used_bytes summed over the heap's pools, in MB. */
    long heapUsedMb() throws IOException, InterruptedException {
        return memoryUsedMb(line -> line.contains("area=\"heap\""));
    }

    /** jvm_memory_used_bytes of the old generation, whichever collector runs, in MB. */
    long oldGenUsedMb() throws IOException, InterruptedException {
        return memoryUsedMb(line -> line.matches(".*id=\"(G1 Old Gen|Tenured Gen|PS Old Gen)\".*"));
    }

    private long memoryUsedMb(java.util.function.Predicate<String> pools) throws IOException, InterruptedException {
        double bytes = metrics().lines().filter(line -> line.startsWith("jvm_memory_used_bytes{") && pools.test(line))
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

    /** The management port's status for a GET of this path, once it answers. */
    private int status(String path) throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + managementPort + path);
        while (true) {
            try {
                return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
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

    /**
     * A loopback port nothing listens on, below the kernel's ephemeral range (32768 and up), where the
     * outgoing connections of the clients here would otherwise take it between this check and the bind.
     */
    static int freePort() {
        while (true) {
            int port = 20000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
    }
}
