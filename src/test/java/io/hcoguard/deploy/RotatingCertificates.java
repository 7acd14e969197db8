package io.hcoguard.deploy;

import io.hcoguard.e2e.ControlPlane;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A certificate directory laid out the way the kubelet mounts a Secret: the files are links into a
 * versioned folder through the link "..data", and an update makes a new folder and renames a new
 * "..data" over the old one, so readers see the old pair or the new pair, never a mix. Each
 * version is a serving certificate from certs/generate.sh, signed by the test CA that the e2e
 * webhook configurations trust.
 */
public class RotatingCertificates implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = ControlPlane.PROJECT.resolve("target/rotating-certs");
    static final Path CERT = DIR.resolve("tls.crt");
    static final Path KEY = DIR.resolve("tls.key");
    private static final Path TEST_CA = ControlPlane.PROJECT.resolve("target/test-certs");
    private static int versions;

    @Override
    public Map<String, String> start() {
        ScratchDirectory.emptied(DIR);
        publish(issue());
        link(CERT, "..data/tls.crt");
        link(KEY, "..data/tls.key");
        // %test. as well: application.properties sets the test profile's own value for these keys.
        return Map.of(
                "guard.tls.cert", CERT.toString(), "%test.guard.tls.cert", CERT.toString(),
                "guard.tls.key", KEY.toString(), "%test.guard.tls.key", KEY.toString(),
                "guard.tls.reload-period", "1s");
    }

    @Override
    public void stop() {
    }

    /** A new serving certificate (same CA, new key, new serial) in a new version folder, not yet published. */
    static Path issue() {
        Path version = DIR.resolve("..version-" + ++versions);
        try {
            Files.createDirectories(version);
            Files.copy(TEST_CA.resolve("ca.crt"), version.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(TEST_CA.resolve("ca.key"), version.resolve("ca.key"), StandardCopyOption.REPLACE_EXISTING);
            CertificateScript.generate(version);
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points "..data" at the version with one rename, as the kubelet does. */
    static void publish(Path version) {
        try {
            Path next = DIR.resolve("..data_tmp");
            Files.deleteIfExists(next);
            Files.createSymbolicLink(next, version.getFileName());
            Files.move(next, DIR.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void link(Path link, String target) {
        try {
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
