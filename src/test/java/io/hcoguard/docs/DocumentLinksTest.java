package io.hcoguard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of the README, docs/ and bench/README.md leads to a file of the repository,
 * and a {@code #anchor} to a heading of it, as GitHub renders them; nothing points out of the
 * repository (a clone has no {@code ../shared} beside it).
 */
class DocumentLinksTest {

    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void everyRelativeLinkOfTheDocumentationResolvesInsideTheRepository() throws IOException {
        List<Path> documents = documents(ConfigurationTableTest.PROJECT);
        List<String> problems = new ArrayList<>();
        documents.forEach(document -> problems.addAll(problems(ConfigurationTableTest.PROJECT, document)));

        assertThat(documents).extracting(document -> ConfigurationTableTest.PROJECT.relativize(document).toString())
                .contains("README.md", "bench/README.md", "docs/README.md", "docs/rules.md", "docs/runbooks/README.md");
        assertThat(problems).isEmpty();
    }

    @Test
    void brokenLinksAreFoundWithWhereAndWhy(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/rules.md"), "# The rules\n## Drain outcomes\n");
        Files.writeString(root.resolve("notes.txt"), "text\n");
        Path readme = Files.writeString(root.resolve("README.md"), """
                # Title
                [ok](docs/rules.md#drain-outcomes) [ok](#title) [ok](docs/) [web](https://example.org/x)
                [missing](docs/cli.md) [no heading](docs/rules.md#placement) [here](#nowhere)
                [design](../shared/DESIGN.md) [out](../elsewhere/x.md) [anchor in text](notes.txt#top)
                `[in code](missing.md)`
                """);

        assertThat(problems(root, readme)).containsExactly(
                "README.md:3: docs/cli.md: no such file",
                "README.md:3: docs/rules.md#placement: no heading with that anchor",
                "README.md:3: #nowhere: no heading with that anchor",
                "README.md:4: ../shared/DESIGN.md: leaves the repository (../shared is not part of a clone)",
                "README.md:4: ../elsewhere/x.md: leaves the repository",
                "README.md:4: notes.txt#top: an anchor into a file that is not Markdown");
    }

    /** README.md, bench/README.md and every Markdown file under docs/, in path order. */
    static List<Path> documents(Path root) throws IOException {
        List<Path> documents = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("bench/README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(path -> Files.isRegularFile(path) && path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /** What is wrong with the links of one document, one line each: "file:line: target: why". */
    static List<String> problems(Path root, Path document) {
        Markdown markdown = new Markdown(read(document));
        List<String> problems = new ArrayList<>();
        for (Markdown.Link link : markdown.links()) {
            String target = link.target();
            String where = root.relativize(document) + ":" + link.line() + ": " + target + ": ";
            if (target.contains("../shared")) {
                problems.add(where + "leaves the repository (../shared is not part of a clone)");
                continue;
            }
            if (SCHEME.matcher(target).find()) {
                continue;
            }
            int hash = target.indexOf('#');
            String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
            String anchor = hash < 0 ? "" : target.substring(hash + 1);
            Path resolved = path.isEmpty() ? document
                    : (path.startsWith("/") ? root.resolve(path.substring(1)) : document.getParent().resolve(path)).normalize();
            if (!resolved.startsWith(root)) {
                problems.add(where + "leaves the repository");
            } else if (!Files.exists(resolved)) {
                problems.add(where + "no such file");
            } else if (!anchor.isEmpty() && !resolved.toString().endsWith(".md")) {
                problems.add(where + "an anchor into a file that is not Markdown");
            } else if (!anchor.isEmpty() && !new Markdown(read(resolved)).anchors().contains(anchor)) {
                problems.add(where + "no heading with that anchor");
            }
        }
        return problems;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
