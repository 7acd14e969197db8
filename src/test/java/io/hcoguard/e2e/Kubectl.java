package io.hcoguard.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the kubectl built with the API server, against it: for what only kubectl shows (warnings)
 * and what only kubectl does (kustomize).
 */
public final class Kubectl {

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private Kubectl() {
    }

    /** Runs kubectl; an argument "--stdin-text" is not passed on: the argument after it is sent as stdin. */
    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ControlPlane.kubectl().toString(),
                "--kubeconfig", ControlPlane.kubeconfig().toString()));
        String stdin = null;
        for (int i = 0; i < args.length; i++) {
            if ("--stdin-text".equals(args[i])) {
                stdin = args[++i];
            } else {
                command.add(args[i]);
            }
        }
        Process process = new ProcessBuilder(command).start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("kubectl did not finish: " + command);
        }
        return new Result(process.exitValue(), stdout, stderr);
    }
}
