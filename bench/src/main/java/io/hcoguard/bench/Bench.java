package io.hcoguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmarks, one subcommand per section of bench/README.md; bench/run.sh builds, starts the
 * control plane and launches this. Several sections in one call share the populated cluster and the
 * app (`cluster` is inventory http e2e soak). Figures go to stdout, progress to stderr.
 *
 * <pre>java -cp ... io.hcoguard.bench.Bench SECTION...</pre>
 */
public final class Bench {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Bench() {
    }

    /** One section: measures, then prints its tables. */
    sealed interface Section permits JmhSections.Decision, JmhSections.Topology, InventorySection, HttpSection, SoakSection,
            E2eSection, PrecheckSection, StalenessSection, StartupSection, NativeSection, TailSection {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Knobs knobs = Knobs.from(env);
        Files.createDirectories(knobs.work());
        int code = 0;
        try (Cluster cluster = new Cluster(knobs)) {
            List<Section> sections = new ArrayList<>();
            for (String name : args) {
                sections.add(section(name, knobs, cluster, env));
            }
            for (int i = 0; i < sections.size(); i++) {
                if (i > 0) {
                    System.out.println();
                }
                sections.get(i).run();
            }
        } catch (Exception | AssertionError e) {
            log("ERROR: " + e.getMessage());
            code = 1;
        }
        System.out.flush();
        System.exit(code); // the Kubernetes client's Vert.x event loops are not daemon threads
    }

    private static Section section(String name, Knobs knobs, Cluster cluster, Map<String, String> env) {
        Load load = Load.from(knobs, env);
        return switch (name) {
            case "decision" -> new JmhSections.Decision(knobs);
            case "topology" -> new JmhSections.Topology(knobs);
            case "inventory" -> new InventorySection(knobs, cluster);
            case "http" -> new HttpSection(knobs, cluster, load, number(env, "LOW_RATE", 20));
            case "soak" -> new SoakSection(knobs, cluster, load, number(env, "SOAK_SECONDS", 300));
            case "e2e" -> new E2eSection(knobs, cluster, number(env, "E2E_RUNS", 200));
            case "precheck" -> new PrecheckSection(knobs, cluster);
            case "staleness" -> new StalenessSection(knobs);
            case "startup" -> new StartupSection(knobs);
            case "native" -> new NativeSection(knobs, cluster, load);
            case "tail" -> new TailSection(knobs, cluster, load, number(env, "TAIL_ROUNDS", 3));
            default -> throw new IllegalArgumentException("no section " + name
                    + " (decision topology inventory http soak e2e precheck staleness startup native tail)");
        };
    }

    static int number(Map<String, String> env, String name, int fallback) {
        return Integer.parseInt(env.getOrDefault(name, String.valueOf(fallback)));
    }

    /** As bench/lib.sh's log: "[bench HH:MM:SS] message" on stderr. */
    static void log(String message) {
        System.out.flush();
        System.err.printf("[bench %s] %s%n", LocalTime.now().format(CLOCK), message);
    }

    /** The load average over the last minute, as /proc/loadavg gives it. */
    static String loadavg() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }
}
