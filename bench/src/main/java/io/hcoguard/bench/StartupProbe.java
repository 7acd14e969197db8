package io.hcoguard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts a command (a Quarkus app, or the Go baseline) several times and measures, from the moment the process is
 * spawned: when {@code /q/health/started} first answers 200, when the HTTPS port first answers a
 * POST (any status), the resident memory at that moment, and the "started in" Quarkus logs. One
 * extra first run is discarded (it warms the page cache and this probe's own HTTP client).
 */
final class StartupProbe {

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    private StartupProbe() {
    }

    record Run(double startedMs, double httpsMs, double rssMb, double quarkusS) {
    }

    /**
     * RUNS measured starts of the command (with the environment added), after one discarded; the
     * "RESULT" line of their medians. Each start's log is LABEL-N.log in logs.
     */
    static String result(String label, int runs, URI started, URI https, Path caPem, Path body, Path logs,
            Path dir, List<String> command, Map<String, String> env) throws Exception {
        HttpClient tls = LocalTls.client(caPem);
        byte[] request = Files.readAllBytes(body);
        Files.createDirectories(logs);
        List<Run> measured = new ArrayList<>();
        for (int r = 0; r <= runs; r++) {
            Run run = once(dir, command, env, started, https, tls, request, logs.resolve(label + "-" + r + ".log"));
            if (r > 0) {
                measured.add(run);
                Bench.log("%s run %d: started %.0f ms, first HTTPS answer %.0f ms, RSS %.0f MB, Quarkus \"started in\" %.3f s"
                        .formatted(label, r, run.startedMs, run.httpsMs, run.rssMb, run.quarkusS));
            }
        }
        return "RESULT %-32s median of %d: started %6.0f ms | first HTTPS %6.0f ms | RSS %5.0f MB | Quarkus %.3f s".formatted(
                label, runs, median(measured, Run::startedMs), median(measured, Run::httpsMs),
                median(measured, Run::rssMb), median(measured, Run::quarkusS));
    }

    private static Run once(Path dir, List<String> command, Map<String, String> env, URI started, URI https, HttpClient tls, byte[] body,
            Path log) throws Exception {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        long t0 = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = Children.start(builder);
        try {
            long tStarted = 0;
            long tHttps = 0;
            while (tStarted == 0 || tHttps == 0) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the process exited (" + process.exitValue() + "); see " + log);
                }
                if (System.nanoTime() - t0 > 120_000_000_000L) {
                    throw new IllegalStateException("not up within 120 s; see " + log);
                }
                if (tStarted == 0 && status(plain, HttpRequest.newBuilder(started).GET()) == 200) {
                    tStarted = System.nanoTime();
                }
                if (tHttps == 0 && status(tls, HttpRequest.newBuilder(https)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))) > 0) {
                    tHttps = System.nanoTime();
                }
                Thread.sleep(5);
            }
            double rss = rssMb(process.pid());
            return new Run((tStarted - t0) / 1e6, (tHttps - t0) / 1e6, rss, quarkusStartedIn(log));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static int status(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    static double rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static double quarkusStartedIn(Path log) throws IOException {
        Matcher m = STARTED_IN.matcher(Files.readString(log));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> metric) {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
