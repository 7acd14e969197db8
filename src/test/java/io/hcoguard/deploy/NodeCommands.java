package io.hcoguard.deploy;

import io.hcoguard.e2e.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The commands an admin runs around the local cluster of hack/start-cluster.sh: the script itself,
 * hack/build-image.sh, ctr, and programs inside the node's network namespace (nsenter --net=), the
 * only place where Pod and Service addresses exist.
 */
final class NodeCommands {

    record Result(int exitCode, String output) {
        Result orFail(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (exit " + exitCode + "):\n" + output);
            }
            return this;
        }
    }

    /** The test's own state dir, so that a cluster a developer keeps running is never touched. */
    static final Path STATE = Path.of(System.getenv().getOrDefault("TMPDIR", "/tmp"), "hco-guard-cluster-e2e");

    private NodeCommands() {
    }

    static Result script(Duration timeout, Map<String, String> env, String... command) {
        Map<String, String> all = new HashMap<>(env);
        all.put("HCO_GUARD_CLUSTER_DIR", STATE.toString());
        return run(timeout, all, command);
    }

    /** Runs a program inside the node's network namespace. */
    static Result inNode(Duration timeout, String... command) {
        List<String> all = new ArrayList<>(List.of("nsenter", "--net=" + STATE.resolve("netns/node")));
        all.addAll(List.of(command));
        return run(timeout, Map.of(), all.toArray(String[]::new));
    }

    static Result ctr(String... args) {
        List<String> all = new ArrayList<>(List.of("ctr", "--address", STATE.resolve("containerd/containerd.sock").toString(), "-n", "k8s.io"));
        all.addAll(List.of(args));
        return run(Duration.ofMinutes(2), Map.of(), all.toArray(String[]::new));
    }

    static Path kubeconfig() {
        return STATE.resolve("admin.kubeconfig");
    }

    static Result run(Duration timeout, Map<String, String> env, String... command) {
        try {
            Path log = Files.createTempFile("hco-guard-cluster-command", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(ControlPlane.PROJECT.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    return new Result(-1, "timed out after " + timeout + ": " + String.join(" ", command) + "\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
