package io.hcoguard.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The benchmarks' sections, one subcommand each; bench/run.sh builds, starts the control plane and
 * launches this, and keeps in bash only what drives wrk, vegeta and hyperfine. Figures go to stdout
 * (run.sh tees them into the results file), progress to stderr.
 *
 * <pre>java -cp ... io.hcoguard.bench.Bench decision|topology|inventory|precheck|staleness|populate</pre>
 */
public final class Bench {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Bench() {
    }

    /** One section of bench/README.md: measures, then prints its tables. */
    sealed interface Section permits JmhSections.Decision, JmhSections.Topology, InventorySection, PrecheckSection,
            StalenessSection, Populating {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Knobs knobs = Knobs.from(System.getenv());
        Section section = switch (args.length == 1 ? args[0] : "") {
            case "decision" -> new JmhSections.Decision(knobs);
            case "topology" -> new JmhSections.Topology(knobs);
            case "inventory" -> new InventorySection(knobs);
            case "precheck" -> new PrecheckSection(knobs);
            case "staleness" -> new StalenessSection(knobs);
            case "populate" -> new Populating(knobs);
            default -> throw new IllegalArgumentException(
                    "usage: Bench decision|topology|inventory|precheck|staleness|populate");
        };
        int code = 0;
        try {
            section.run();
        } catch (Exception | AssertionError e) {
            log("ERROR: " + e.getMessage());
            code = 1;
        }
        System.out.flush();
        System.exit(code); // the Kubernetes client's Vert.x event loops are not daemon threads
    }

    /** As bench/lib.sh's log: "[bench HH:MM:SS] message" on stderr. */
    static void log(String message) {
        System.err.printf("[bench %s] %s%n", LocalTime.now().format(CLOCK), message);
    }

    /** The load average over the last minute, as /proc/loadavg gives it. */
    static String loadavg() throws java.io.IOException {
        return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    }

    /** Fills the API server with the fleet (VMIS VMs, VMIs and PVCs, BLOCKERS blocking): for the sections run.sh drives. */
    record Populating(Knobs knobs) implements Section {
        @Override
        public void run() throws Exception {
            log("populating " + knobs.vmis() + " VMs + VMIs + PVCs (" + knobs.blockers() + " blocking)");
            System.out.println(Populate.fill(new Fleet(knobs.vmis(), knobs.blockers()), 32, line -> { }));
        }
    }
}
