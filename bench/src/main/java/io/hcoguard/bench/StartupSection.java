package io.hcoguard.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 4. Startup in JVM mode: the app beside the bare Quarkus app (run.sh builds both, plain and with
 * AppCDS), on JDK 17, JDK 25 and JDK 25 with an AOT cache trained here, against the same empty API server.
 */
record StartupSection(Knobs knobs) implements Bench.Section {

    @Override
    public void run() throws Exception {
        Probe probe = new Probe(knobs, App.freePort(), App.freePort());
        Path bare = knobs.benchDir().resolve("bare/target/quarkus-app");
        Path bareCds = knobs.benchDir().resolve("bare/target/appcds");
        Path app = knobs.appDir();
        Path appCds = knobs.benchDir().resolve("target/app-appcds");
        Path bareAot = knobs.work().resolve("bare.aot");
        Path appAot = knobs.work().resolve("app.aot");
        Bench.log("training the JDK 25 AOT caches");
        probe.aotTrain(bare, bareAot);
        probe.aotTrain(app, appAot);
        System.out.printf("## 4. Startup in JVM mode (median of %d runs after 1 discarded; both apps point at the same empty API server)%n",
                knobs.startupRuns());
        System.out.printf("   JDK 17: %s; JDK 25: %s%n", Jdk.version(knobs.java17()), Jdk.version(knobs.java25()));
        String cds = "-XX:SharedArchiveFile=app-cds.jsa";
        probe.line("bare Quarkus, JDK 17", bare, knobs.java17());
        probe.line("app, JDK 17", app, knobs.java17());
        probe.line("bare Quarkus, JDK 17 AppCDS", bareCds, knobs.java17(), cds, "-Xshare:auto");
        probe.line("app, JDK 17 AppCDS", appCds, knobs.java17(), cds, "-Xshare:auto");
        probe.line("bare Quarkus, JDK 25", bare, knobs.java25());
        probe.line("app, JDK 25", app, knobs.java25());
        probe.line("bare Quarkus, JDK 25 AOT cache", bare, knobs.java25(), "-XX:AOTCache=" + bareAot);
        probe.line("app, JDK 25 AOT cache", app, knobs.java25(), "-XX:AOTCache=" + appAot);
        System.out.printf("   app AppCDS archive: %d MB, %s%n", megabytes(appCds.resolve("app-cds.jsa")),
                probe.archiveShare(appCds, knobs.java17(), cds));
        System.out.printf("   app AOT cache:      %d MB, %s%n", megabytes(appAot), probe.archiveShare(app, knobs.java25(), "-XX:AOTCache=" + appAot));
        System.out.printf("   app, no archive:    JDK 17 default CDS only, %s%n", probe.archiveShare(app, knobs.java17()));
    }

    /** As du -m counts a file: its size in MiB, rounded up. */
    static long megabytes(Path file) throws IOException {
        return (Files.size(file) + 1048575) / 1048576;
    }

    /** Starts of a Quarkus app on two fixed free ports, with the generated certificate and the API server. */
    record Probe(Knobs knobs, int port, int management) {

        Map<String, String> environment() throws IOException {
            return App.Variant.JVM.environment(knobs, port, management);
        }

        URI started() {
            return URI.create("http://127.0.0.1:" + management + "/q/health/started");
        }

        void line(String label, Path dir, String java, String... options) throws Exception {
            System.out.println(StartupProbe.result(label, knobs.startupRuns(), started(),
                    URI.create("https://127.0.0.1:" + port + "/validate-upgrade"), knobs.certs().resolve("ca.crt"),
                    knobs.payload("validate-upgrade.json"), knobs.work().resolve("startup"), dir, jar(java, options), environment()));
        }

        List<String> jar(String java, String... options) {
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(List.of(options));
            command.addAll(List.of("-jar", "quarkus-run.jar"));
            return command;
        }

        Process launch(Path dir, Path log, List<String> command) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment());
            Process process = Children.start(builder);
            long deadline = System.nanoTime() + 60_000_000_000L;
            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            while (StartupProbe.status(plain, HttpRequest.newBuilder(started())) != 200) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("no start of " + command + "; see " + log);
                }
                Thread.sleep(20);
            }
            return process;
        }

        /** One training run on JDK 25 that serves requests, then exits, writing the cache. */
        void aotTrain(Path dir, Path cache) throws Exception {
            Files.deleteIfExists(cache);
            Path log = Path.of(cache + ".train.log");
            Process training = launch(dir, log, jar(knobs.java25(), "-XX:AOTCacheOutput=" + cache));
            HttpClient tls = LocalTls.client(knobs.certs().resolve("ca.crt"));
            int answered = 0;
            for (int i = 0; i < 300; i++) {
                for (String endpoint : List.of("validate-upgrade", "mutate-hyperconverged")) {
                    answered += StartupProbe.status(tls, HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/" + endpoint))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofFile(knobs.payload(endpoint + ".json")))) > 0 ? 1 : 0;
                }
            }
            HttpClient plain = HttpClient.newHttpClient();
            StartupProbe.status(plain, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/health/ready")));
            StartupProbe.status(plain, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/q/metrics")));
            if (answered <= 500) {
                throw new IllegalStateException("the AOT training run answered only " + answered + " of 600 requests (" + log + ")");
            }
            training.destroy();
            training.waitFor();
            if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
                throw new IllegalStateException("no AOT cache written (" + log + ")");
            }
            // The training JVM hands the cache to a child JVM that assembles it; wait until the ports are free.
            awaitPortFree();
        }

        /** Classes loaded from the archive against all classes loaded, for one start: proof the archive is used. */
        String archiveShare(Path dir, String java, String... options) throws Exception {
            Path list = knobs.work().resolve("class-load.txt");
            Files.deleteIfExists(list);
            List<String> command = new ArrayList<>(List.of(options));
            command.add("-Xlog:class+load:file=" + list);
            Children.stop(launch(dir, Path.of("/dev/null"), jar(java, command.toArray(String[]::new))));
            awaitPortFree();
            List<String> lines = Files.readAllLines(list);
            return "%d of %d classes from the archive".formatted(lines.stream().filter(l -> l.contains("shared objects file")).count(),
                    lines.stream().filter(l -> l.contains("source:")).count());
        }

        private void awaitPortFree() throws InterruptedException {
            while (true) {
                try (Socket ignored = new Socket("127.0.0.1", management)) {
                    Thread.sleep(200);
                } catch (IOException free) {
                    return;
                }
            }
        }
    }
}
