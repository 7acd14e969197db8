package io.hcoguard.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 10. The native executable beside the JVM app and a Go controller-runtime webhook (go-baseline/: the
 * same endpoints, certificate, watched kinds and slim caches, the gate reduced to its storage rule), in
 * one run against one API server: startup to the first answer, idle RSS, RSS with the fleet, latency at
 * RATE and saturation. The JVM runs with APP_JAVA_OPTS; the native executable with APP_NATIVE_OPTS
 * (default -Xmx307m: the heap cap the Deployment's JVM options give a JVM, 60 % of its 512Mi limit;
 * without it the executable may grow its heap to 80 % of the machine's RAM); Go with GOMEMLIMIT unset,
 * as controller-runtime webhooks usually run.
 */
record NativeSection(Knobs knobs, Cluster cluster, Load load) implements Bench.Section {

    private static final List<App.Variant> VARIANTS = List.of(App.Variant.JVM, App.Variant.NATIVE, App.Variant.GO);

    @Override
    public void run() throws Exception {
        Path runner = Path.of(knobs.nativeRunner());
        Path go = Path.of(knobs.goBaseline());
        System.out.printf("## 10. Native executable vs JVM vs Go (JVM options: %s; native options: %s)%n",
                knobs.appJavaOptsOrNone("none"), String.join(" ", knobs.appNativeOpts()));
        System.out.printf("   native executable: %d MB, links %s%n", StartupSection.megabytes(runner), String.join(" ",
                Children.output(knobs.work(), List.of("ldd", runner.toString())).lines().map(String::trim)
                        .map(line -> line.split("\\s+")[0]).filter(name -> !name.startsWith("/")).toList()));
        Matcher controllerRuntime = Pattern.compile("controller-runtime (v[0-9.]*)")
                .matcher(Files.readString(knobs.benchDir().resolve("go-baseline/go.mod")));
        System.out.printf("   Go baseline: %d MB, %s, controller-runtime %s%n", StartupSection.megabytes(go),
                Children.output(knobs.work(), List.of("go", "version")).split(" ")[2], controllerRuntime.find() ? controllerRuntime.group(1) : "?");
        System.out.println();
        System.out.printf("### startup to the first answer (median of %d runs after 1 discarded; the same empty API server)%n", knobs.startupRuns());
        startup();

        Bench.log("idle RSS: each variant alone, 30 s after ready, empty cluster");
        Map<App.Variant, long[]> idle = new EnumMap<>(App.Variant.class);
        for (App.Variant variant : VARIANTS) {
            try (App app = start(variant)) {
                long ready = app.waitViewSynced();
                Thread.sleep(30_000);
                idle.put(variant, new long[] {ready, app.rssMb(), app.rssAnonMb()});
            }
        }

        cluster.populate();
        Bench.log("all variants against " + knobs.vmis() + " VMIs, VMs and PVCs");
        Map<App.Variant, App> apps = new EnumMap<>(App.Variant.class);
        Map<App.Variant, long[]> full = new EnumMap<>(App.Variant.class);
        for (App.Variant variant : VARIANTS) {
            apps.put(variant, start(variant));
            full.put(variant, new long[] {apps.get(variant).waitViewSynced(), 0, 0});
        }
        Thread.sleep(30_000);
        for (App.Variant variant : VARIANTS) {
            full.get(variant)[1] = apps.get(variant).rssMb();
            full.get(variant)[2] = apps.get(variant).rssAnonMb();
        }
        System.out.println();
        System.out.println("### memory");
        new Table().row("  ", "| " + App.Variant.JVM.title, "| " + App.Variant.NATIVE.title, "| " + App.Variant.GO.title)
                .row(memoryRow("  launch -> ready, empty cluster", idle, 0, "ms"))
                .row(memoryRow("  idle RSS, empty cluster, 30 s after ready", idle, 1, "MB"))
                .row(memoryRow("    of which anonymous (not file-backed)", idle, 2, "MB"))
                .row(memoryRow("  launch -> ready, " + knobs.vmis() + " VMIs (all three running)", full, 0, "ms"))
                .row(memoryRow("  RSS with " + knobs.vmis() + " VMIs+VMs+PVCs, 30 s after ready", full, 1, "MB"))
                .row(memoryRow("    of which anonymous", full, 2, "MB")).print();

        Map<App.Variant, Load.Target> validate = new EnumMap<>(App.Variant.class);
        Table fixed = new Table().row(Load.fixedHeader().toArray());
        System.out.println();
        System.out.printf("### %d req/s for %d s over HTTP/2 (vegeta) after a 25 s ramp; /validate-upgrade is denied (%d blockers)%n",
                load.rate(), load.fixedSeconds(), knobs.blockers());
        for (App.Variant variant : VARIANTS) {
            String base = "https://127.0.0.1:" + apps.get(variant).port;
            String name = variant.name().toLowerCase(java.util.Locale.ROOT);
            validate.put(variant, load.target(name + "-validate", variant.title + " /validate-upgrade", base + "/validate-upgrade",
                    knobs.payload("validate-upgrade.json")));
            fixed.row(load.fixedRow(variant.title + " /validate-upgrade", validate.get(variant), load.rate(), true).toArray());
            if (variant != App.Variant.GO) {
                Load.Target mutate = load.target(name + "-mutate", variant.title + " /mutate-hyperconverged", base + "/mutate-hyperconverged",
                        knobs.payload("mutate-hyperconverged.json"));
                fixed.row(load.fixedRow(mutate.title(), mutate, load.rate(), true).toArray());
            }
        }
        fixed.print();

        System.out.println();
        System.out.printf("### saturation on /validate-upgrade: 3 interleaved rounds of %d s per variant and tool; median (all rounds) req/s%n",
                load.saturationSeconds());
        Map<App.Variant, List<String>> wrk = new EnumMap<>(App.Variant.class);
        Map<App.Variant, List<String>> vegeta = new EnumMap<>(App.Variant.class);
        for (int round = 1; round <= 3; round++) {
            for (App.Variant variant : VARIANTS) {
                wrk.computeIfAbsent(variant, v -> new ArrayList<>()).add(String.valueOf(load.wrkRps(validate.get(variant))));
                vegeta.computeIfAbsent(variant, v -> new ArrayList<>()).add(load.vegetaMaxRps(validate.get(variant)));
            }
            Bench.log("saturation round " + round + " done (load " + Bench.loadavg() + ")");
        }
        Table saturation = new Table().row("  variant", "| wrk, HTTP/1.1, 16 connections", "| vegeta, HTTP/2, 64 in flight");
        for (App.Variant variant : VARIANTS) {
            saturation.row("  " + variant.title, "| %s (%s)".formatted(median(wrk.get(variant)), String.join(" ", wrk.get(variant))),
                    "| %s (%s)".formatted(median(vegeta.get(variant)), String.join(" ", vegeta.get(variant))));
        }
        saturation.print();
        System.out.println();
        List<String> after = new ArrayList<>();
        for (App.Variant variant : VARIANTS) {
            after.add("%s %d (%d) MB".formatted(variant.title, apps.get(variant).rssMb(), apps.get(variant).rssAnonMb()));
        }
        System.out.println("  RSS (anonymous) after the load: " + String.join(", ", after));
        for (App.Variant variant : VARIANTS) {
            System.out.println("  check " + variant.title + ": " + HttpSection.check(knobs, validate.get(variant).url(),
                    knobs.payload("validate-upgrade.json")));
        }
    }

    /** Each variant's start against the same empty API server, on the same two ports. */
    private void startup() throws Exception {
        StartupSection.Probe probe = new StartupSection.Probe(knobs, App.freePort(), App.freePort());
        Map<String, String> env = new HashMap<>(probe.environment());
        env.putAll(App.Variant.GO.environment(knobs, probe.port(), probe.management()));
        String[] labels = {"JVM: java -jar", "native executable", "Go controller-runtime"};
        for (int i = 0; i < VARIANTS.size(); i++) {
            App.Variant variant = VARIANTS.get(i);
            System.out.println(StartupProbe.result(labels[i], knobs.startupRuns(),
                    URI.create("http://127.0.0.1:" + probe.management() + variant.startedPath),
                    URI.create("https://127.0.0.1:" + probe.port() + "/validate-upgrade"), knobs.certs().resolve("ca.crt"),
                    knobs.payload("validate-upgrade.json"), knobs.work().resolve("startup"), knobs.appDir(), variant.command(knobs), env));
        }
    }

    /** A variant started; the Go heap has no cap of its own, so on this shared machine a Go baseline past 2 GB RSS is stopped. */
    private App start(App.Variant variant) throws Exception {
        App app = App.start(knobs, variant);
        if (variant == App.Variant.GO) {
            Thread watchdog = new Thread(() -> {
                try {
                    while (app.process.isAlive()) {
                        if (app.rssMb() >= 2048) {
                            Bench.log("the Go baseline passed 2 GB RSS: stopped");
                            app.process.destroyForcibly();
                        }
                        Thread.sleep(1000);
                    }
                } catch (Exception gone) {
                    // the process ended between two reads
                }
            });
            watchdog.setDaemon(true);
            watchdog.start();
        }
        return app;
    }

    private static Object[] memoryRow(String label, Map<App.Variant, long[]> figures, int index, String unit) {
        List<Object> row = new ArrayList<>(List.of(label));
        VARIANTS.forEach(variant -> row.add("| " + figures.get(variant)[index] + " " + unit));
        return row.toArray();
    }

    private static String median(List<String> values) {
        return values.stream().sorted((a, b) -> Double.compare(number(a), number(b))).toList().get(values.size() / 2);
    }

    private static double number(String value) {
        return value.matches("[0-9.]+") ? Double.parseDouble(value) : 0;
    }
}
