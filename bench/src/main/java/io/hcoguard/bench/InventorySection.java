package io.hcoguard.bench;

import java.nio.file.Files;
import java.util.List;

/**
 * 3. Inventory at scale: the app against the control plane run.sh started, first empty (the
 * baseline), then with the fleet: sync time, RSS, heap, the live heap's classes, and how long a
 * VMI change takes to reach the report; beside it, kubectl listing what the app lists.
 */
record InventorySection(Knobs knobs, Cluster cluster) implements Bench.Section {

    private static final List<String> LISTS = List.of("get vmi -A", "get vm -A", "get pvc -A", "get vmi -A -o json");

    @Override
    public void run() throws Exception {
        System.out.printf("## 3. Inventory at scale (real kube-apiserver + etcd, %d VMIs, VMs and PVCs, %d blocking)%n",
                knobs.vmis(), knobs.blockers());
        Bench.log("baseline: the app against an empty cluster (CRDs, HyperConverged, KubeVirt, ClusterVersion only)");
        long emptyReady;
        long emptyRss;
        long emptyHeap;
        try (App app = App.start(knobs)) {
            emptyReady = app.waitViewSynced();
            Thread.sleep(10_000);
            emptyRss = app.rssMb();
            emptyHeap = app.heapUsedMb();
        }

        long t0 = System.nanoTime();
        cluster.populate();
        double populateSeconds = (System.nanoTime() - t0) / 1e9;

        System.out.println();
        System.out.println("### kubectl list time (baseline: the API server's own cost of listing what the app lists)");
        for (String list : LISTS) {
            System.out.println("  kubectl " + list + ": " + kubectlListTime(list));
        }

        App app = App.start(knobs);
        cluster.adopt(app); // the sections after this one measure the same app
        long ready = app.waitViewSynced();
        long rssReady = app.rssMb();
        Thread.sleep(30_000);
        long rss30 = app.rssMb();
        long heap30 = app.heapUsedMb();
        Jdk.jcmd(knobs, app, "GC.run");
        Thread.sleep(2_000);
        long heapGc = app.heapUsedMb();
        String classes = Jdk.jcmd(knobs, app, "GC.class_histogram");
        Files.writeString(knobs.work().resolve("histogram.txt"), classes);
        List<String> histogram = classes.lines().toList();
        String running = app.gauge("hco_guard_running_vmis");
        String blocking = app.gauge("hco_guard_blocking_vmis{upgrade=\"cluster\"");

        System.out.println();
        System.out.println("### sync and memory (JVM options: "
                + knobs.appJavaOptsOrNone("none, JDK 17 defaults: G1, max heap = 1/4 of RAM") + ")");
        System.out.printf("  %-44s %12s %12s%n", "", "empty cluster", knobs.vmis() + " VMIs");
        System.out.printf("  %-44s %9s ms %9s ms%n", "launch -> view synced (watches listed)", emptyReady, ready);
        System.out.printf("  %-44s %9s MB %9s MB%n", "RSS at ready", "-", rssReady);
        System.out.printf("  %-44s %9s MB %9s MB%n", "RSS 10 s (empty) / 30 s (full) after ready", emptyRss, rss30);
        System.out.printf("  %-44s %9s MB %9s MB%n", "heap used (jvm_memory_used_bytes, heap)", emptyHeap, heap30);
        System.out.printf("  %-44s %12s %9s MB%n", "heap used after a full GC (live set)", "", heapGc);
        System.out.printf("  gauges: hco_guard_running_vmis %s, hco_guard_blocking_vmis %s; populating took %.1f s%n",
                running, blocking, populateSeconds);
        System.out.println();
        printHistogram(histogram);

        System.out.println();
        System.out.println("### VMI change -> report (hco_guard_blocking_vmis), 20 changes");
        System.out.flush();
        Children.start(new ProcessBuilder(Children.java(knobs, ChangeLatency.class.getName(), app.metricsUri().toString(),
                String.valueOf(knobs.vmis()), String.valueOf(knobs.blockers()), String.valueOf(knobs.vmis() - 1), "20"))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.DISCARD)).waitFor();
    }

    /** As hyperfine reported it: one warm-up run, then the median, min and max of 5 (output discarded). */
    private String kubectlListTime(String list) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(knobs.kubectl()));
        command.addAll(List.of(list.split(" ")));
        double[] millis = new double[5];
        for (int run = -1; run < millis.length; run++) {
            long t0 = System.nanoTime();
            Children.output(knobs.work(), command);
            if (run >= 0) {
                millis[run] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Percentiles p = Percentiles.of(millis);
        return "median %d ms (min %d, max %d, 5 runs)".formatted((long) p.at(50), (long) p.at(0), (long) p.max());
    }

    /** The top 8 classes of the live heap, and its total, as jcmd GC.class_histogram counts them. */
    private static void printHistogram(List<String> histogram) {
        String total = histogram.stream().filter(line -> line.startsWith("Total")).findFirst()
                .map(line -> "%.0f MB".formatted(Double.parseDouble(line.trim().split("\\s+")[2]) / 1048576)).orElse("?");
        System.out.println("### what the live heap holds (jcmd GC.class_histogram, top 8 of " + total + ")");
        // jcmd's first line is the PID, then a header and a rule: rows start on the fourth line.
        histogram.stream().skip(3).limit(8).map(line -> line.trim().split("\\s+"))
                .forEach(f -> System.out.printf("  %8.1f MB %10d x %s%n", Long.parseLong(f[2]) / 1048576.0, Long.parseLong(f[1]), f[3]));
    }
}
