package io.hcoguard.deploy;

import io.hcoguard.e2e.ControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** certs/generate.sh, the script admins run, and openssl: the tests make certificates the way users do. */
public final class CertificateScript {

    private CertificateScript() {
    }

    /** A CA (reused when DIR already has one) and a serving certificate for hco-guard.hco-guard.svc and localhost. */
    public static void generate(Path out) {
        run("bash", ControlPlane.PROJECT.resolve("certs/generate.sh").toString(), "--out", out.toString());
    }

    /** Rewrites an RSA key in the traditional PKCS#1 encoding, the one OpenShift's service-ca writes. */
    public static void rewriteAsPkcs1(Path key) {
        openssl("rsa", "-in", key.toString(), "-traditional", "-out", key.toString());
    }

    /** Runs openssl with these arguments; fails with its output when it fails. */
    public static void openssl(String... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "openssl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        run(command);
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
