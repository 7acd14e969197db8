package io.hcoguard.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a run is told through its environment: the knobs of bench/README.md with their defaults, and
 * the places bench/lib.sh settles (the module, the repository, the scratch dir, the JDKs, kubectl).
 */
record Knobs(int vmis, int blockers, int nodes, int topologyRounds, int startupRuns, int stalenessRuns,
        List<String> appJavaOpts, List<String> appNativeOpts, String nativeRunner, String nativeBaselineRunner, String appBaselineDir, String goBaseline, Path benchDir, Path repoDir, Path work, String java17, String java25, String kubectl) {

    static Knobs from(Map<String, String> env) {
        Path benchDir = Path.of(env.getOrDefault("BENCH_DIR", "bench")).toAbsolutePath();
        return new Knobs(
                Bench.number(env, "VMIS", 10000), Bench.number(env, "BLOCKERS", 10), Bench.number(env, "NODES", 500),
                Bench.number(env, "TOPOLOGY_ROUNDS", 3), Bench.number(env, "STARTUP_RUNS", 5), Bench.number(env, "STALENESS_RUNS", 5),
                words(env.getOrDefault("APP_JAVA_OPTS", "")), words(env.getOrDefault("APP_NATIVE_OPTS", "-Xmx307m")),
                env.getOrDefault("NATIVE_RUNNER", ""), env.getOrDefault("NATIVE_BASELINE_RUNNER", ""), env.getOrDefault("APP_BASELINE_DIR", ""), env.getOrDefault("GO_BASELINE", ""),
                benchDir, benchDir.getParent(), Path.of(env.getOrDefault("WORK", benchDir.resolve("target/run").toString())),
                env.getOrDefault("JAVA17", "java"), env.getOrDefault("JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"),
                env.getOrDefault("KUBECTL", "kubectl"));
    }

    Path appDir() {
        return repoDir.resolve("target/quarkus-app");
    }

    Path certs() {
        return work.resolve("certs");
    }

    Path payload(String name) {
        return benchDir.resolve("src/main/resources/payloads").resolve(name);
    }

    /** The JVM options as one would print them: "none" when there are none. */
    String appJavaOptsOrNone(String none) {
        return appJavaOpts.isEmpty() ? none : String.join(" ", appJavaOpts);
    }

    private static List<String> words(String value) {
        return value.isBlank() ? List.of() : Arrays.asList(value.trim().split("\\s+"));
    }
}
