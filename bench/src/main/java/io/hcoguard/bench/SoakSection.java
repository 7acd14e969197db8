package io.hcoguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** 6. Minutes at the fixed rate on /validate-upgrade: RSS, heap and old generation every 10 s beside the requests of that window. */
record SoakSection(Knobs knobs, Cluster cluster, Load load, int seconds) implements Bench.Section {

    /** What the attack saw in one 10 s window: requests, answers other than HTTP 200, p99 in ms. */
    private record Window(int requests, int errors, double p99) {
    }

    @Override
    public void run() throws Exception {
        App app = cluster.app();
        System.out.printf("## 6. Soak: %d req/s on /validate-upgrade for %d s (%d VMIs in the inventory; JVM options: %s)%n",
                load.rate(), seconds, knobs.vmis(), knobs.appJavaOptsOrNone("none"));
        Load.Target target = load.target("soak", "soak", "https://127.0.0.1:" + app.port + "/validate-upgrade",
                knobs.payload("validate-upgrade.json"));
        Path bin = knobs.work().resolve("vegeta-soak.bin");
        load.warmUp(target);
        List<String> attack = load.vegeta(target, "-rate=" + load.rate() + "/1s", "-duration=" + seconds + "s");
        attack.add("-output=" + bin);
        Process vegeta = Children.start(new ProcessBuilder(attack).redirectError(ProcessBuilder.Redirect.DISCARD));
        List<String> samples = new ArrayList<>();
        for (int s = 0; s <= seconds; s += 10) {
            samples.add("%d %d %d %d %s".formatted(s, app.rssMb(), app.heapUsedMb(), app.oldGenUsedMb(), Bench.loadavg()));
            if (s < seconds) {
                Thread.sleep(10_000);
            }
        }
        vegeta.waitFor();
        Map<Integer, Window> windows = windows(Children.output(knobs.work(), List.of("vegeta", "encode", "--to", "csv", bin.toString())));
        System.out.println("   t (s) | RSS MB | heap used MB | old gen used MB | load | requests in next 10 s | not HTTP 200 | p99 ms");
        for (String sample : samples) {
            String[] f = sample.split(" ");
            Window w = windows.get(Integer.parseInt(f[0]));
            System.out.printf("   %5s | %6s | %12s | %15s | %4s | %21s | %12s | %6s%n", f[0], f[1], f[2], f[3], f[4],
                    w == null ? "-" : w.requests(), w == null ? "-" : w.errors(), w == null ? "-" : "%.2f".formatted(w.p99()));
        }
        JsonNode report = load.report(bin);
        JsonNode latencies = report.get("latencies");
        System.out.printf("   total: %s requests, %s%% HTTP 200, errors: %d, p50 %s ms, p99 %s ms, max %s ms, %s req/s%n",
                report.get("requests").asText(), Load.round(report.get("success").asDouble() * 100, 3), report.path("errors").size(),
                Load.millis(latencies.get("50th")), Load.millis(latencies.get("99th")), Load.millis(latencies.get("max")),
                Load.round(report.get("throughput").asDouble(), 1));
    }

    /** vegeta's CSV (timestamp ns, status, latency ns, ...) cut into 10 s windows from the first request. */
    private static Map<Integer, Window> windows(String csv) {
        Map<Integer, List<Double>> latencies = new TreeMap<>();
        Map<Integer, Integer> errors = new TreeMap<>();
        long t0 = -1;
        for (String line : csv.lines().toList()) {
            String[] f = line.split(",");
            long t = Long.parseLong(f[0]);
            t0 = t0 < 0 ? t : t0;
            int window = (int) ((t - t0) / 10_000_000_000L) * 10;
            latencies.computeIfAbsent(window, w -> new ArrayList<>()).add(Long.parseLong(f[2]) / 1e6);
            errors.merge(window, f[1].equals("200") ? 0 : 1, Integer::sum);
        }
        Map<Integer, Window> windows = new TreeMap<>();
        latencies.forEach((w, millis) -> windows.put(w, new Window(millis.size(), errors.get(w),
                Percentiles.of(millis.stream().mapToDouble(Double::doubleValue).toArray()).at(99))));
        return windows;
    }
}
