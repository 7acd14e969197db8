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

    /** What {@code precheck} writes to stderr after reading the saved list src/test/resources/precheck/blocked-cluster.json at {@code path}. */
    public static String blockedClusterRead(String path) {
        return "hco-guard: read 2 virtualmachineinstances.kubevirt.io, 2 virtualmachines.kubevirt.io, "
                + "1 kubevirts.kubevirt.io, 1 hyperconvergeds.hco.kubevirt.io, 1 persistentvolumeclaims, "
                + "2 storageclasses.storage.k8s.io, 0 nodes, 0 persistentvolumes, "
                + "no machineconfigpools.machineconfiguration.openshift.io (optional), no infrastructures.config.openshift.io"
                + " (optional), no nodemaintenances.nodemaintenance.medik8s.io (optional) from " + path
                + "; ignored 3 objects of other kinds\n";
    }
}
