package io.hcoguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generators, started from here: vegeta over HTTP/2 (what the API server's webhook client
 * speaks) at a fixed rate or flat out, and wrk over HTTP/1.1 flat out; both on the same 2 cores as
 * what they measure.
 */
record Load(Knobs knobs, int rate, int fixedSeconds, int saturationSeconds) {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)");

    static Load from(Knobs knobs, java.util.Map<String, String> env) {
        return new Load(knobs, Bench.number(env, "RATE", 1000), Bench.number(env, "FIXED_SECONDS", 30),
                Bench.number(env, "SAT_SECONDS", 20));
    }

    /** An endpoint under load: its row label, URL and request body, and the vegeta targets file naming them. */
    record Target(String title, String url, Path body, Path targets) {
    }

    Target target(String name, String title, String url, Path body) throws IOException {
        Path targets = knobs.work().resolve("targets-" + name + ".txt");
        Files.writeString(targets, "POST %s\nContent-Type: application/json\n@%s\n".formatted(url, body));
        return new Target(title, url, body, targets);
    }

    /**
     * A cold JVM that meets the full rate at once falls behind while it compiles; clients then time out
     * and reconnect, and the backlog feeds itself. Ramp up as traffic grows in real life: 100, then 300
     * req/s for 5 s each, then the rate for 15 s.
     */
    void warmUp(Target target) throws Exception {
        for (int[] step : new int[][] {{100, 5}, {300, 5}, {rate, 15}}) {
            run(Path.of("/dev/null"), vegeta(target, "-rate=" + step[0] + "/1s", "-duration=" + step[1] + "s"));
        }
    }

    /** vegeta attack at a fixed rate; its recording. */
    Path attack(Target target, int perSecond, int seconds, String recording) throws Exception {
        Path bin = knobs.work().resolve(recording);
        List<String> command = vegeta(target, "-rate=" + perSecond + "/1s", "-duration=" + seconds + "s");
        command.add("-output=" + bin);
        run(Path.of("/dev/null"), command);
        return bin;
    }

    /** The row of the fixed-rate tables: p50, p90, p99, max in ms, the share of HTTP 200, req/s, the load before. */
    List<Object> fixedRow(String label, Target target, int perSecond, boolean warm) throws Exception {
        if (warm) {
            warmUp(target);
        }
        String load = Bench.loadavg();
        String bin = "vegeta-fixed-" + perSecond + "-" + target.targets().getFileName().toString().replace(".txt", "") + ".bin";
        JsonNode report = report(attack(target, perSecond, fixedSeconds, bin));
        JsonNode latencies = report.get("latencies");
        return List.of("  " + label, "| " + millis(latencies.get("50th")), "| " + millis(latencies.get("90th")),
                "| " + millis(latencies.get("99th")), "| " + millis(latencies.get("max")),
                "| " + round(report.get("success").asDouble() * 100, 2) + "%", "| " + round(report.get("throughput").asDouble(), 1),
                "| " + load);
    }

    static List<Object> fixedHeader() {
        return List.of("  target", "| p50 ms", "| p90 ms", "| p99 ms", "| max ms", "| HTTP 200", "| req/s", "| load");
    }

    JsonNode report(Path bin) throws Exception {
        return JSON.readTree(Children.output(knobs.work(), List.of("vegeta", "report", "-type=json", bin.toString())));
    }

    /** Saturation over HTTP/1.1: wrk, 2 threads x 8 connections; fails on any answer but 2xx. */
    long wrkRps(Target target) throws Exception {
        Path out = knobs.work().resolve("wrk.txt");
        ProcessBuilder wrk = new ProcessBuilder("wrk", "-t2", "-c16", "-d" + saturationSeconds + "s",
                "-s", knobs.benchDir().resolve("wrk-post.lua").toString(), target.url()).redirectOutput(out.toFile());
        wrk.environment().put("BODY", target.body().toString());
        Children.start(wrk).waitFor();
        String text = Files.readString(out);
        if (text.contains("Non-2xx")) {
            throw new IllegalStateException("non-2xx answers from " + target.url() + " under load");
        }
        Matcher m = REQUESTS_PER_SECOND.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no Requests/sec from wrk on " + target.url() + ": " + text);
        }
        return Math.round(Double.parseDouble(m.group(1)));
    }

    /** Saturation over HTTP/2: vegeta, up to 64 requests in flight; "errors" when any request failed. */
    String vegetaMaxRps(Target target) throws Exception {
        List<String> command = vegeta(target, "-rate=0", "-max-workers=64", "-duration=" + saturationSeconds + "s");
        Path bin = knobs.work().resolve("vegeta-max.bin");
        command.add("-output=" + bin);
        run(Path.of("/dev/null"), command);
        JsonNode report = report(bin);
        return report.get("success").asDouble() < 1 ? "errors" : String.valueOf((long) report.get("throughput").asDouble());
    }

    List<String> vegeta(Target target, String... options) {
        List<String> command = new ArrayList<>(List.of("vegeta", "attack", "-targets=" + target.targets(),
                "-root-certs=" + knobs.certs().resolve("ca.crt"), "-timeout=5s"));
        command.addAll(List.of(options));
        return command;
    }

    private void run(Path log, List<String> command) throws Exception {
        int code = Children.run(knobs.work(), log, command);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + code);
        }
    }

    /** Nanoseconds as milliseconds with two decimals at most, as jq printed them (0.3, 8.81, 1000). */
    static String millis(JsonNode nanos) {
        return round(nanos.asDouble() / 1e6, 2);
    }

    static String round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
