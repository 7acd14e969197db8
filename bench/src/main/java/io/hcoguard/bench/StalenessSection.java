package io.hcoguard.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 8. The staleness bound. The figures come from the e2e fault tests themselves (they print them;
 * nothing is asserted on them beyond the bound with slack): each run is one ./mvnw test, so one app
 * start, one control plane of the tests' own, and one of each fault.
 */
record StalenessSection(Knobs knobs) implements Bench.Section {

    private static final String TESTS = "SilentPartitionE2ETest,ApiServerRestartE2ETest,EtcdCompactionE2ETest,HealthyWatchesE2ETest";
    private static final Pattern FIGURES = Pattern.compile("^(SilentPartition|ApiServerRestart|EtcdCompaction|HealthyWatches)E2ETest:");

    /** A figure: its label, the test whose lines carry it (null: any) and the number's pattern. */
    private record Figure(String label, String test, Pattern number) {
    }

    private static final List<Figure> SUMMARY = List.of(
            new Figure("blackhole -> view not synced", null, Pattern.compile("view not synced in ([0-9]+) ms")),
            new Figure("heal -> VM made during the partition blocks", null, Pattern.compile("blocking in ([0-9]+) ms")),
            new Figure("API server killed -> ready again", null, Pattern.compile("ready again in ([0-9]+) ms")),
            new Figure("link restored after restart -> synced (relist)", "ApiServerRestart", Pattern.compile("view synced in ([0-9]+) ms")),
            new Figure("heal after compaction -> synced (relist)", "EtcdCompaction", Pattern.compile("view synced in ([0-9]+) ms")));

    @Override
    public void run() throws Exception {
        System.out.printf("## 8. Staleness bound: silent partition, API server restart, etcd compaction (%d runs of the e2e fault tests, bound 3 s)%n",
                knobs.stalenessRuns());
        List<String> lines = new ArrayList<>();
        for (int run = 1; run <= knobs.stalenessRuns(); run++) {
            Bench.log("run " + run + "/" + knobs.stalenessRuns() + ": ./mvnw test -Dtest=" + TESTS);
            Process mvnw = Children.start(new ProcessBuilder("./mvnw", "-B", "-ntp", "test", "-Dtest=" + TESTS,
                    "-Dsurefire.failIfNoSpecifiedTests=false").directory(knobs.repoDir().toFile()).redirectErrorStream(true));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(mvnw.getInputStream()))) {
                out.lines().filter(line -> FIGURES.matcher(line).find()).forEach(line -> {
                    System.out.println(line);
                    lines.add(line);
                });
            }
            if (mvnw.waitFor() != 0) {
                throw new IllegalStateException("./mvnw test -Dtest=" + TESTS + " failed in run " + run);
            }
        }
        System.out.println();
        System.out.printf("   (milliseconds: min / median / max over %d runs; the bound, 3000 ms, is the reference)%n", knobs.stalenessRuns());
        for (Figure figure : SUMMARY) {
            double[] values = lines.stream().filter(line -> figure.test() == null || line.startsWith(figure.test()))
                    .map(figure.number()::matcher).filter(Matcher::find).mapToDouble(m -> Double.parseDouble(m.group(1))).toArray();
            if (values.length == 0) {
                System.out.printf("   %-48s (no figure)%n", figure.label());
            } else {
                Percentiles p = Percentiles.of(values);
                System.out.printf("   %-48s %6d / %6d / %6d%n", figure.label(), (long) p.at(0), (long) p.at(50), (long) p.max());
            }
        }
    }
}
