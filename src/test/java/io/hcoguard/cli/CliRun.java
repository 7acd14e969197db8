package io.hcoguard.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** One in-process run of {@code hco-guard}: what it printed and its exit status, at a fixed time. */
public record CliRun(int exitCode, String stdout, String stderr) {

    public static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-03T10:00:00Z"), ZoneOffset.UTC);

    /** With this process' environment and nothing on stdin. */
    public static CliRun of(String... args) {
        return of(System.getenv(), "", args);
    }

    public static CliRun of(Map<String, String> environment, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Verdict verdict = HcoGuardCli.run(List.of(args), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                environment, CLOCK);
        return new CliRun(verdict.exitCode(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
