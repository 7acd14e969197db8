package io.hcoguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes a benchmark run starts, each stopped when it is done or, at the latest, when the
 * run's JVM exits (Ctrl-C included): TERM, 30 s to go, then KILL, children first.
 */
final class Children {

    private static final List<Process> STARTED = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (STARTED) {
                STARTED.forEach(Children::stop);
            }
        }));
    }

    private Children() {
    }

    static Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        synchronized (STARTED) {
            STARTED.add(process);
        }
        return process;
    }

    static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a command to its end; its exit code, with stdout and stderr (merged) in the log. */
    static int run(Path dir, Path log, List<String> command) throws IOException, InterruptedException {
        Process process = start(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()));
        return process.waitFor();
    }

    /** Runs a command to its end and returns its stdout (stderr dropped), failing on a non-zero exit. */
    static String output(Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("bench-", ".out");
        try {
            Process process = start(new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD));
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + code);
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A Java tool of this module in a JVM of its own (JMH forks, tools that call System.exit, other heap sizes). */
    static List<String> java(Knobs knobs, String... jvmAndArgs) {
        List<String> command = new ArrayList<>(List.of(knobs.java17(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(jvmAndArgs));
        return command;
    }
}
