package io.hcoguard.deploy;

import io.hcoguard.e2e.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of manifests/ that a test may change, without a developer's own generated certificates. */
final class ManifestCopy {

    private ManifestCopy() {
    }

    static void withoutGeneratedCertificates(Path target) throws IOException {
        ScratchDirectory.emptied(target);
        try (Stream<Path> paths = Files.walk(Manifests.ROOT)) {
            for (Path source : paths.toList()) {
                Path relative = Manifests.ROOT.relativize(source);
                if (relative.startsWith("overlays/self-signed/certs")) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
    }
}
