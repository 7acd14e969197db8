package io.hcoguard.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MarkdownTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Two commands                                                  | two-commands
            What it refuses, and why                                      | what-it-refuses-and-why
            Before you install: `precheck` and `check`                    | before-you-install-precheck-and-check
            7. `hco-guard precheck` at scale                              | 7-hco-guard-precheck-at-scale
            10. Native executable vs JVM vs a Go webhook (one run)        | 10-native-executable-vs-jvm-vs-a-go-webhook-one-run
            Stage `cluster`: as shipped                                   | stage-cluster-as-shipped
            Why saturation stays below 70 % of the floor                  | why-saturation-stays-below-70--of-the-floor
            A [linked](other.md) word                                     | a-linked-word
            snake_case and kebab-case                                     | snake_case-and-kebab-case
            Überblick                                                     | überblick
            """)
    void slugsAreGitHubs(String heading, String slug) {
        assertThat(Markdown.slug(heading)).isEqualTo(slug);
    }

    @Test
    void anchorsOfRepeatedHeadingsAreNumbered() {
        Markdown markdown = new Markdown("""
                # Title
                ## Notes
                ## Notes
                ### Notes ###
                """);

        assertThat(markdown.anchors()).containsExactly("title", "notes", "notes-1", "notes-2");
    }

    @Test
    void linksInCodeAreNotLinks() {
        Markdown markdown = new Markdown("""
                See [the rules](docs/rules.md#the-upgrade-gate) and ![a picture](img/x.png "title").
                `[not a link](nowhere.md)` and [`code` text](docs/cli.md)
                ```
                [not a link](nowhere.md)
                # not a heading
                ```
                [ref]: docs/design.md
                """);

        assertThat(markdown.links()).containsExactly(
                new Markdown.Link(1, "docs/rules.md#the-upgrade-gate"),
                new Markdown.Link(1, "img/x.png"),
                new Markdown.Link(2, "docs/cli.md"),
                new Markdown.Link(7, "docs/design.md"));
        assertThat(markdown.headings()).isEmpty();
    }

    @Test
    void tableRowsAreTheSectionsCellsWithoutDelimiterRows() {
        Markdown markdown = new Markdown("""
                ## Configuration
                Text.

                | key | default |
                |---|:---:|
                | `a.b` | `1` |
                | `a.c` | x \\| y |

                ### A subsection
                | `a.d` | `2` |
                ## Next
                | `z` | `3` |
                """);

        assertThat(markdown.tableRows("Configuration")).containsExactly(
                List.of("key", "default"),
                List.of("`a.b`", "`1`"),
                List.of("`a.c`", "x | y"),
                List.of("`a.d`", "`2`"));
        assertThatThrownBy(() -> markdown.tableRows("Missing")).hasMessage("no heading \"Missing\"");
    }
}
