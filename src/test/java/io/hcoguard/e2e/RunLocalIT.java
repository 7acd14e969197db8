package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * hack/run-local.sh as a newcomer runs it, on the packaged application: it starts, prints the
 * walkthrough of hack/run-local-walkthrough.txt, and each of its commands, run in order with the
 * variables it printed, has the outcome the walkthrough says. Then TERM (Ctrl-C) stops it and
 * leaves no process behind.
 */
class RunLocalIT {

    private static final Path WALKTHROUGH = ControlPlane.PROJECT.resolve("hack/run-local-walkthrough.txt");
    private static final Path RUN_DIR = ControlPlane.PROJECT.resolve("target/run-local-it");
    private static final Path CP_DIR = RUN_DIR.resolve("cp");
    private static final Duration START_DEADLINE = Duration.ofMinutes(10);
    /** For a step run "eventually": the webhook's view follows the cluster through a watch. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    private static Process runLocal;
    private static String printed;

    /** One command of the walkthrough and its expected outcome; an empty list of exact lines means no output. */
    record Step(String prose, String command, boolean eventually, int exitCode, List<String> stdout, List<String> stderr,
            List<String> stdoutHas, List<String> stderrHas) {
    }

    @BeforeAll
    static void startRunLocal() throws Exception {
        Files.createDirectories(RUN_DIR);
        ProcessBuilder builder = new ProcessBuilder(ControlPlane.PROJECT.resolve("hack/run-local.sh").toString())
                .directory(ControlPlane.PROJECT.toFile())
                .redirectOutput(RUN_DIR.resolve("run-local.out").toFile())
                .redirectError(RUN_DIR.resolve("run-local.err").toFile());
        builder.environment().putAll(Map.of(
                "GUARD_PORT", "0", // free ports, chosen by the script once the control plane listens
                "MGMT_PORT", "0",
                "HCO_GUARD_CP_DIR", CP_DIR.toString(),
                "HCO_GUARD_RUN_DIR", RUN_DIR.toString(),
                // the control plane runs from this test's classpath: no nested Maven build
                "HCO_GUARD_CP_CLASSPATH", System.getProperty("java.class.path")));
        runLocal = builder.start();
        runLocal.getOutputStream().close();
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (!read(RUN_DIR.resolve("run-local.out")).contains("Press Ctrl-C")) {
            assertThat(runLocal.isAlive()).as("run-local.sh exited: %s", read(RUN_DIR.resolve("run-local.err"))).isTrue();
            assertThat(Instant.now()).as("run-local.sh not up after %s: %s", START_DEADLINE,
                    read(RUN_DIR.resolve("run-local.err"))).isBefore(deadline);
            Thread.sleep(500);
        }
        printed = read(RUN_DIR.resolve("run-local.out"));
    }

    @AfterAll
    static void stopWhatIsLeft() throws Exception {
        if (runLocal != null && runLocal.isAlive()) {
            runLocal.destroy();
            runLocal.waitFor(2, TimeUnit.MINUTES);
        }
        Commands.run(ControlPlane.PROJECT, Map.of("HCO_GUARD_CP_DIR", CP_DIR.toString()),
                List.of(ControlPlane.PROJECT.resolve("hack/start-control-plane.sh").toString(), "down"), 2);
    }

    @TestFactory
    Stream<DynamicTest> eachCommandOfTheWalkthroughHasItsPrintedOutcomeThenCtrlCLeavesNoProcess() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Step step : steps(read(WALKTHROUGH))) {
            String name = step.prose() + " $ " + step.command().lines().findFirst().orElseThrow();
            tests.add(DynamicTest.dynamicTest(name, () -> check(step)));
        }
        tests.add(DynamicTest.dynamicTest("TERM stops hco-guard, kube-apiserver and etcd", RunLocalIT::stopsEverything));
        return tests.stream();
    }

    private static void check(Step step) throws Exception {
        assertThat(printed).as("run-local.sh prints the command").contains(step.command().lines()
                .map(line -> "  " + line + "\n").reduce("", String::concat));
        String script = "source '" + RUN_DIR.resolve("walkthrough.env") + "'\n" + step.command();
        Instant deadline = Instant.now().plus(EVENTUALLY);
        while (true) {
            Commands.Result result = Commands.run(ControlPlane.PROJECT, Map.of(), List.of("bash", "-c", script), 2);
            try {
                expect(step, result);
                return;
            } catch (AssertionError notYet) {
                if (!step.eventually() || Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
                Thread.sleep(1000);
            }
        }
    }

    private static void expect(Step step, Commands.Result result) {
        assertThat(result.exitCode()).as("exit code of %s (stdout %s, stderr %s)", step.command(), result.stdout(),
                result.stderr()).isEqualTo(step.exitCode());
        expect(result.stdout(), step.stdout(), step.stdoutHas(), "stdout");
        expect(result.stderr(), step.stderr(), step.stderrHas(), "stderr");
    }

    private static void expect(String output, List<String> lines, List<String> has, String stream) {
        if (has.isEmpty()) {
            assertThat(output).as(stream).isEqualTo(lines.stream().map(line -> line + "\n").reduce("", String::concat));
        } else {
            assertThat(output).as(stream).contains(has);
        }
    }

    private static void stopsEverything() throws Exception {
        List<ProcessHandle> started = new ArrayList<>(runLocal.descendants().toList());
        assertThat(started.stream().map(p -> p.info().commandLine().orElse("")).toList()).as("run-local.sh's own child")
                .singleElement(InstanceOfAssertFactories.STRING).endsWith("target/quarkus-app/quarkus-run.jar");
        for (String name : List.of("control-plane", "etcd", "kube-apiserver")) { // detached: not its descendants
            started.add(ProcessHandle.of(Long.parseLong(read(CP_DIR.resolve(name + ".pid")).trim())).orElseThrow());
        }

        runLocal.destroy();

        assertThat(runLocal.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(runLocal.exitValue()).isEqualTo(143);
        assertThat(started.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("")))
                .isEmpty();
    }

    /** The walkthrough's steps; the format is described at the top of the file. */
    static List<Step> steps(String walkthrough) {
        List<Step> steps = new ArrayList<>();
        String prose = "";
        StepBuilder current = null;
        for (String line : walkthrough.lines().toList()) {
            if (line.startsWith("##") || line.isBlank()) {
                continue;
            }
            if (line.startsWith("# ")) {
                prose = line.substring(2);
            } else if (line.startsWith("$ ")) {
                if (current != null) {
                    steps.add(current.build());
                }
                current = new StepBuilder(prose, line.substring(2));
            } else if (line.startsWith(" ") && current != null && current.exitCode == null && !current.eventually) {
                current.command.append('\n').append(line);
            } else if (line.startsWith("=> ") && current != null) {
                current.expect(line.substring(3));
            } else {
                throw new IllegalArgumentException("not a walkthrough line: " + line);
            }
        }
        if (current != null) {
            steps.add(current.build());
        }
        return steps;
    }

    private static final class StepBuilder {
        final String prose;
        final StringBuilder command;
        Integer exitCode;
        boolean eventually;
        final List<String> stdout = new ArrayList<>();
        final List<String> stderr = new ArrayList<>();
        final List<String> stdoutHas = new ArrayList<>();
        final List<String> stderrHas = new ArrayList<>();

        StepBuilder(String prose, String firstLine) {
            this.prose = prose;
            this.command = new StringBuilder(firstLine);
        }

        void expect(String expectation) {
            String[] keyAndValue = expectation.split(": ?", 2);
            switch (keyAndValue[0]) {
                case "stdout" -> stdout.add(keyAndValue[1]);
                case "stderr" -> stderr.add(keyAndValue[1]);
                case "stdout has" -> stdoutHas.add(keyAndValue[1]);
                case "stderr has" -> stderrHas.add(keyAndValue[1]);
                case "eventually" -> eventually = true;
                default -> {
                    if (!expectation.startsWith("exit ")) {
                        throw new IllegalArgumentException("not an expectation: " + expectation);
                    }
                    exitCode = Integer.parseInt(expectation.substring(5));
                }
            }
        }

        Step build() {
            if (exitCode == null) {
                throw new IllegalArgumentException("no '=> exit N' after: " + command);
            }
            return new Step(prose, command.toString(), eventually, exitCode, stdout, stderr, stdoutHas, stderrHas);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
