package io.hcoguard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * 7. bin/hco-guard precheck, live and from a saved list, against the populated control plane run.sh
 * started, beside kubectl listing the same kinds: median wall time and peak RSS (GNU time) of 3 runs.
 */
record PrecheckSection(Knobs knobs, Cluster cluster) implements Bench.Section {

    private static final String KINDS = "virtualmachineinstances.kubevirt.io,virtualmachines.kubevirt.io,kubevirts.kubevirt.io"
            + ",hyperconvergeds.hco.kubevirt.io,persistentvolumeclaims,storageclasses.storage.k8s.io";

    @Override
    public void run() throws Exception {
        System.out.printf("## 7. hco-guard precheck at scale (%d VMIs, VMs and PVCs, %d blocking; median of 3 runs)%n",
                knobs.vmis(), knobs.blockers());
        cluster.populate();
        Path saved = knobs.work().resolve("precheck-saved.json");
        Files.writeString(saved, Children.output(knobs.work(), List.of(knobs.kubectl(), "get", "-A", "-o", "json", KINDS)));
        String guard = knobs.repoDir().resolve("bin/hco-guard").toString();
        System.out.printf("  saved list (kubectl get %s -A -o json): %d MB%n", KINDS.replace(',', ' '),
                (Files.size(saved) + 1048575) / 1048576);
        System.out.println("  verdict: " + verdict(guard));
        System.out.printf("  %-58s %8s  %8s%n", "command", "wall", "peak RSS");
        timed("baseline: kubectl get vmi -A", knobs.kubectl(), "get", "vmi", "-A");
        timed("baseline: kubectl get vmi -A -o json", knobs.kubectl(), "get", "vmi", "-A", "-o", "json");
        timed("baseline: kubectl get <the 6 kinds> -A -o json", knobs.kubectl(), "get", "-A", "-o", "json", KINDS);
        timed("bin/hco-guard precheck (live, pages of 500)", guard, "precheck");
        timed("bin/hco-guard precheck -o json (live)", guard, "precheck", "-o", "json");
        timed("bin/hco-guard precheck -f <saved list>", guard, "precheck", "-f", saved.toString());
    }

    /** The first line precheck prints; it exits 1 on a blocked cluster, a verdict and not a failure. */
    private String verdict(String guard) throws Exception {
        Path out = knobs.work().resolve("precheck-verdict.txt");
        Children.start(new ProcessBuilder(guard, "precheck").redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)).waitFor();
        return Files.readAllLines(out).stream().findFirst().orElse("");
    }

    /** 3 runs under GNU time, output discarded: the median wall time and median peak RSS, and every wall time. */
    private void timed(String label, String... command) throws Exception {
        double[] walls = new double[3];
        double[] rssKb = new double[3];
        List<String> shown = new ArrayList<>();
        Path times = knobs.work().resolve("precheck-time.txt");
        for (int i = 0; i < walls.length; i++) {
            List<String> timedCommand = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %M"));
            timedCommand.addAll(List.of(command));
            Children.start(new ProcessBuilder(timedCommand).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)).waitFor();
            List<String> lines = Files.readAllLines(times);
            String[] fields = lines.get(lines.size() - 1).split(" ");
            walls[i] = Double.parseDouble(fields[0]);
            rssKb[i] = Double.parseDouble(fields[1]);
            shown.add(fields[0]);
        }
        System.out.printf("  %-58s %6.2f s  %5d MB   (wall %s s)%n", label, Percentiles.of(walls).at(50),
                (long) Percentiles.of(rssKb).at(50) / 1024, String.join(" ", shown));
    }
}
