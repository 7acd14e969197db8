package io.hcoguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * 10. Tail latency at RATE on /validate-upgrade, the JVM app beside the native executable and, when
 * APP_BASELINE_DIR or NATIVE_BASELINE_RUNNER name them, builds from before a change: all of them watching the
 * same fleet, TAIL_ROUNDS interleaved windows of FIXED_SECONDS each, and the collections each made during
 * each window, counted from its own GC log (the JVM's -Xlog:gc, the native executable's -XX:+PrintGC).
 * A window's p99 depends on whether a long pause fell into it, so one window per variant says little.
 */
record TailSection(Knobs knobs, Cluster cluster, Load load, int rounds) implements Bench.Section {

    /** What each variant's GC log calls a complete collection and a young one. */
    private static final Map<App.Variant, String[]> GC_LINES = Map.of(
            App.Variant.JVM, new String[] {"Pause Full", "Pause Young"},
            App.Variant.JVM_BASELINE, new String[] {"Pause Full", "Pause Young"},
            App.Variant.NATIVE, new String[] {"[Full GC", "[Incremental GC"},
            App.Variant.NATIVE_BASELINE, new String[] {"[Full GC", "[Incremental GC"});

    @Override
    public void run() throws Exception {
        List<App.Variant> variants = new ArrayList<>(List.of(App.Variant.JVM));
        if (!knobs.appBaselineDir().isEmpty()) {
            variants.add(App.Variant.JVM_BASELINE);
        }
        variants.add(App.Variant.NATIVE);
        if (!knobs.nativeBaselineRunner().isEmpty()) {
            variants.add(App.Variant.NATIVE_BASELINE);
        }
        System.out.printf("## 10. Tail latency: %d req/s on /validate-upgrade, %d interleaved windows of %d s per variant%n",
                load.rate(), rounds, load.fixedSeconds());
        System.out.printf("   JVM options: %s -Xlog:gc; native options: %s -XX:+PrintGC%n", knobs.appJavaOptsOrNone(""),
                String.join(" ", knobs.appNativeOpts()));
        if (variants.contains(App.Variant.JVM_BASELINE)) {
            System.out.printf("   JVM baseline build: %s%n", knobs.appBaselineDir());
        }
        System.out.printf("   native executable: %s%n", describe(knobs.nativeRunner()));
        if (variants.contains(App.Variant.NATIVE_BASELINE)) {
            System.out.printf("   baseline build:    %s%n", describe(knobs.nativeBaselineRunner()));
        }
        cluster.populate();
        Map<App.Variant, App> apps = new EnumMap<>(App.Variant.class);
        Map<App.Variant, Load.Target> targets = new EnumMap<>(App.Variant.class);
        try {
            for (App.Variant variant : variants) {
                App app = App.start(knobs, variant, List.of(variant.name().startsWith("JVM") ? "-Xlog:gc" : "-XX:+PrintGC"));
                apps.put(variant, app);
                Bench.log(variant.title + ": synced in " + app.waitViewSynced() + " ms");
                targets.put(variant, load.target("tail-" + variant.name().toLowerCase(java.util.Locale.ROOT), variant.title,
                        "https://127.0.0.1:" + app.port + "/validate-upgrade", knobs.payload("validate-upgrade.json")));
            }
            for (App.Variant variant : variants) {
                load.warmUp(targets.get(variant));
            }
            Table table = new Table().row("  variant", "| window", "| p50 ms", "| p90 ms", "| p99 ms", "| max ms", "| HTTP 200",
                    "| complete GCs", "| young GCs", "| load");
            Map<App.Variant, List<Double>> p99s = new EnumMap<>(App.Variant.class);
            for (int round = 1; round <= rounds; round++) {
                for (App.Variant variant : variants) {
                    App app = apps.get(variant);
                    long[] before = collections(app.log, GC_LINES.get(variant));
                    String loadBefore = Bench.loadavg();
                    JsonNode report = load.report(load.attack(targets.get(variant), load.rate(), load.fixedSeconds(), "vegeta-tail.bin"));
                    long[] after = collections(app.log, GC_LINES.get(variant));
                    JsonNode latencies = report.get("latencies");
                    p99s.computeIfAbsent(variant, v -> new ArrayList<>()).add(latencies.get("99th").asDouble() / 1e6);
                    table.row("  " + variant.title, "| " + round, "| " + Load.millis(latencies.get("50th")),
                            "| " + Load.millis(latencies.get("90th")), "| " + Load.millis(latencies.get("99th")),
                            "| " + Load.millis(latencies.get("max")), "| " + Load.round(report.get("success").asDouble() * 100, 2) + "%",
                            "| " + (after[0] - before[0]), "| " + (after[1] - before[1]), "| " + loadBefore);
                }
                Bench.log("tail round " + round + " done (load " + Bench.loadavg() + ")");
            }
            table.print();
            System.out.println();
            for (App.Variant variant : variants) {
                double[] values = p99s.get(variant).stream().mapToDouble(Double::doubleValue).toArray();
                Percentiles p = Percentiles.of(values);
                System.out.printf("  %s: p99 median of %d windows %.2f ms, worst %.2f ms; RSS after %d MB%n", variant.title,
                        values.length, p.at(50), p.max(), apps.get(variant).rssMb());
            }
        } finally {
            apps.values().forEach(App::close);
        }
    }

    /** Complete and young collections logged so far. */
    private static long[] collections(Path log, String[] lines) throws java.io.IOException {
        long complete = 0;
        long young = 0;
        for (String line : Files.readAllLines(log)) {
            complete += line.contains(lines[0]) ? 1 : 0;
            young += line.contains(lines[1]) ? 1 : 0;
        }
        return new long[] {complete, young};
    }

    private static String describe(String runner) throws java.io.IOException {
        Path path = Path.of(runner);
        return "%s (%d MB)".formatted(path, StartupSection.megabytes(path));
    }
}
