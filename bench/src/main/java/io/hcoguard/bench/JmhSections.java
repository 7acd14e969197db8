package io.hcoguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Sections 1 and 1b: JMH in a JVM of its own (it forks again, or runs -f 0), its summary lines printed. */
final class JmhSections {

    private JmhSections() {
    }

    /** 1. Gate, classifier and index at 1k/10k/50k VMIs against Decision.allow() and the JSON decode. */
    record Decision(Knobs knobs) implements Bench.Section {
        private static final Pattern SUMMARY = Pattern.compile("^(Benchmark|DecisionBenchmark)");

        @Override
        public void run() throws Exception {
            System.out.println("## 1. Decision cost (JMH, avgt, us/op; 1 fork, 3x1 s warm-up, 5x1 s measured, -Xmx2g)");
            jmh(knobs, "jmh-decision", SUMMARY, List.of(), "DecisionBenchmark");
            System.out.println();
            System.out.println("### denial cost against the number of blockers (10k VMIs)");
            jmh(knobs, "jmh-blockers", SUMMARY, List.of(), "DecisionBenchmark.(judge_clusterVersion_denied|baseline_decisionAllow)",
                    "-p", "vmis=10000", "-p", "blockers=20,200,2000");
        }
    }

    /**
     * 1b. The gate and the index once operations are scoped to the nodes they drain: VMIS VMIs on NODES
     * Nodes and five MachineConfigPools (PlacedFleet), beside the same VMIs, VMs and PVCs in a view without
     * Nodes, pools and PersistentVolumes, in the same JVM. JMH runs without a fork (-f 0) so that each view,
     * a minute to build on a busy machine, is built once for every benchmark that reads it.
     */
    record Topology(Knobs knobs) implements Bench.Section {
        private static final Pattern SUMMARY =
                Pattern.compile("^(Benchmark|TopologyBenchmark\\.[A-Za-z_]+(:p0\\.50|:p0\\.99|:p1\\.00)? )");

        @Override
        public void run() throws Exception {
            System.out.printf("## 1b. Decisions and the view with %d VMIs on %d Nodes and 5 MachineConfigPools, beside the flat view%n",
                    knobs.vmis(), knobs.nodes());
            System.out.println("### JMH sample mode, us/op; one JVM (-f 0), 3x1 s warm-up, 5x1 s measured, -Xmx2g (G1)");
            Path json = jmh(knobs, "jmh-topology", null, List.of("-Xms2g", "-Xmx2g"), "TopologyBenchmark", "-f", "0",
                    "-p", "vmis=" + knobs.vmis(), "-p", "nodes=" + knobs.nodes(), "-p", "blockers=20");
            System.out.println("(load " + Bench.loadavg() + " after JMH)");
            printMatching(knobs.work().resolve("jmh-topology.log"), SUMMARY);
            System.out.println();
            SampleTable.main(new String[] {json.toString()});
            System.out.println();
            System.out.println("### the view: build time, retained heap, VMIs classified again per event (-XX:+UseSerialGC -Xmx3g)");
            System.out.flush();
            int code = Children.start(new ProcessBuilder(Children.java(knobs, "-XX:+UseSerialGC", "-Xms3g", "-Xmx3g",
                    ViewFootprint.class.getName(), String.valueOf(knobs.vmis()), "20", String.valueOf(knobs.nodes()),
                    String.valueOf(knobs.topologyRounds()))).inheritIO()).waitFor();
            if (code != 0) {
                throw new IllegalStateException("ViewFootprint exited " + code);
            }
        }
    }

    /**
     * Runs org.openjdk.jmh.Main with the arguments and a JSON result file, its output in NAME.log in the
     * scratch dir; prints the lines that match summary (none when null). Returns the JSON file.
     */
    private static Path jmh(Knobs knobs, String name, Pattern summary, List<String> jvm, String... args)
            throws IOException, InterruptedException {
        Path json = knobs.work().resolve(name + ".json");
        Path log = knobs.work().resolve(name + ".log");
        List<String> command = new ArrayList<>(jvm);
        command.add("org.openjdk.jmh.Main");
        command.addAll(List.of(args));
        command.addAll(List.of("-rf", "json", "-rff", json.toString()));
        int code = Children.run(knobs.benchDir(), log, Children.java(knobs, command.toArray(String[]::new)));
        if (code != 0) {
            Files.readAllLines(log).stream().skip(Math.max(0, Files.readAllLines(log).size() - 40)).forEach(System.out::println);
            throw new IllegalStateException(args[0] + " failed; see " + log);
        }
        if (summary != null) {
            printMatching(log, summary);
        }
        return json;
    }

    private static void printMatching(Path log, Pattern pattern) throws IOException {
        Files.readAllLines(log).stream().filter(line -> pattern.matcher(line).find()).forEach(System.out::println);
    }
}
