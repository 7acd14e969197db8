package io.hcoguard.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 5. End to end: kubectl patch --dry-run=server of the HyperConverged through the API server, without
 * the webhooks, with them (registered from manifests/base against the app), and without again.
 */
record E2eSection(Knobs knobs, Cluster cluster, int runs) implements Bench.Section {

    // The sample HyperConverged is written in the v1beta1 layout; the local CRD serves v1 unconverted, so the
    // resource is named with its version (kubectl would otherwise pick v1, whose layout differs).
    private static final List<String> PATCH = List.of("patch", "hyperconvergeds.v1beta1.hco.kubevirt.io", "kubevirt-hyperconverged",
            "-n", "kubevirt-hyperconverged", "--type", "merge", "-p", "{\"spec\":{\"workloadUpdateStrategy\":{\"batchEvictionInterval\":\"90s\"}}}",
            "--dry-run=server");

    @Override
    public void run() throws Exception {
        App app = cluster.app();
        System.out.printf("## 5. End to end: kubectl patch --dry-run=server of the HyperConverged (batchEvictionInterval 90s), %d runs each%n", runs);
        String manifest = knobs.repoDir().resolve("manifests/base/webhook-configurations.yaml").toString();
        webhooks("unregister", manifest);
        series("without the webhooks (baseline)");
        webhooks("register", manifest, String.valueOf(app.port), knobs.certs().resolve("ca.crt").toString());
        for (int i = 0; i < 100 && !intervalSeen().equals("1m30s"); i++) {
            Thread.sleep(200);
        }
        if (!intervalSeen().equals("1m30s")) {
            throw new IllegalStateException("the mutating webhook is not in the path (batchEvictionInterval not rewritten)");
        }
        double[] apiBefore = apiServerSeconds();
        double[] appBefore = appSeconds(app);
        series("with mutate + validate webhooks");
        System.out.println("  per kubectl patch, as the API server times its two webhook calls: " + perRun(apiBefore, apiServerSeconds()));
        System.out.println("  per kubectl patch, as the app times its two decisions:           " + perRun(appBefore, appSeconds(app)));
        webhooks("unregister", manifest);
        series("without the webhooks (again)");
        System.out.println("  check: with the webhooks the dry run returned batchEvictionInterval 1m30s (mutated), without 90s: " + intervalSeen());
    }

    /** RUNS timed kubectl patches after 5 untimed: p50, p90, p99 and max as hyperfine's times sorted, index floor(n x p). */
    private void series(String label) throws Exception {
        List<String> command = kubectl(PATCH, "-o", "name");
        double[] millis = new double[runs];
        for (int run = -5; run < runs; run++) {
            long t0 = System.nanoTime();
            Children.output(knobs.work(), command);
            if (run >= 0) {
                millis[run] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(millis);
        System.out.printf("  %-36s p50 %s ms | p90 %s ms | p99 %s ms | max %s ms (n=%d)%n", label, at(millis, 0.5), at(millis, 0.9),
                at(millis, 0.99), Load.round(millis[runs - 1], 1), runs);
    }

    private static String at(double[] sorted, double share) {
        return Load.round(sorted[(int) Math.floor(sorted.length * share)], 1);
    }

    private String intervalSeen() throws Exception {
        try {
            return Children.output(knobs.work(), kubectl(PATCH, "-o", "jsonpath={.spec.workloadUpdateStrategy.batchEvictionInterval}"));
        } catch (IllegalStateException notYet) {
            return "";
        }
    }

    /** Webhooks register|unregister, in a JVM of its own (it exits when done). */
    private void webhooks(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Webhooks.class.getName()));
        command.addAll(List.of(args));
        Children.start(new ProcessBuilder(Children.java(knobs, command.toArray(String[]::new)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)).waitFor();
    }

    /** Sum and count of the webhook call durations the API server records for hco-guard's webhooks. */
    private double[] apiServerSeconds() throws Exception {
        return sumAndCount(Children.output(knobs.work(), kubectl(List.of("get", "--raw", "/metrics"))),
                "apiserver_admission_webhook_admission_duration_seconds_", "hco-guard");
    }

    /** Sum and count of the app's own decision timer for the HyperConverged webhooks. */
    private static double[] appSeconds(App app) throws Exception {
        return sumAndCount(app.metrics(), "hco_guard_admission_duration_seconds_", "hyperconverged");
    }

    private static double[] sumAndCount(String metrics, String prefix, String label) {
        double[] sumCount = new double[2];
        metrics.lines().filter(line -> (line.startsWith(prefix + "sum{") || line.startsWith(prefix + "count{")) && line.contains(label))
                .forEach(line -> sumCount[line.startsWith(prefix + "sum{") ? 0 : 1] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        return sumCount;
    }

    private static String perRun(double[] before, double[] after) {
        long calls = Math.round(after[1] - before[1]);
        return "%.2f ms (mean of %d calls, both webhooks summed)".formatted(calls == 0 ? 0 : 2000 * (after[0] - before[0]) / calls, calls);
    }

    private List<String> kubectl(List<String> args, String... more) {
        List<String> command = new ArrayList<>(List.of(knobs.kubectl()));
        command.addAll(args);
        command.addAll(List.of(more));
        return command;
    }
}
