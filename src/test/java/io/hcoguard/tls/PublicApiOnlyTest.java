package io.hcoguard.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The application reads no library's implementation package (Vert.x 5 removes io.vertx.core.net.impl,
 * through which the PEM files were once parsed): a library upgrade must not break it unannounced.
 */
class PublicApiOnlyTest {

    private static final Pattern INTERNAL = Pattern.compile("^import (static )?[\\w.]*\\.(impl|internal)\\.", Pattern.MULTILINE);

    @Test
    void noSourceImportsAnImplementationPackage() throws IOException {
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> offenders = sources.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> INTERNAL.matcher(read(path)).find())
                    .map(Path::toString)
                    .toList();

            assertThat(offenders).isEmpty();
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
