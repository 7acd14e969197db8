package io.hcoguard.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.config.GuardConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table lists every key of the typed configuration ({@link GuardConfig}),
 * with the default its {@code @WithDefault} gives, and no {@code guard.*} key the configuration does
 * not have.
 */
class ConfigurationTableTest {

    static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final String SECTION = "Configuration";
    private static final Pattern FIRST_CODE_SPAN = Pattern.compile("`([^`]+)`");

    @Test
    void everyKeyOfTheTypedConfigurationIsInTheReadmesTable() throws IOException {
        Map<String, String> table = readmeTable();

        assertThat(table.keySet()).containsAll(MappedKeys.of(GuardConfig.class).keySet());
    }

    @Test
    void theTableListsNoGuardKeyTheConfigurationLacks() throws IOException {
        List<String> documented = readmeTable().keySet().stream().filter(key -> key.startsWith("guard.")).toList();

        assertThat(MappedKeys.of(GuardConfig.class).keySet()).containsAll(documented);
    }

    @Test
    void eachDefaultInTheTableIsTheOneTheConfigurationDeclares() throws IOException {
        Map<String, String> table = readmeTable();
        Map<String, String> declared = new LinkedHashMap<>();
        Map<String, String> documented = new LinkedHashMap<>();
        MappedKeys.of(GuardConfig.class).forEach((key, value) -> value.ifPresent(defaultValue -> {
            declared.put(key, "`" + defaultValue + "`");
            documented.put(key, table.getOrDefault(key, "(not in the table)"));
        }));

        assertThat(documented).isEqualTo(declared);
    }

    @Test
    void keysAreDerivedAsSmallRyeNamesThem() {
        assertThat(MappedKeys.of(SampleMapping.class)).isEqualTo(sampleKeys());
    }

    /** The configuration table of the README: first code span of the first cell -> the default cell. */
    static Map<String, String> readmeTable() throws IOException {
        Markdown readme = new Markdown(Files.readString(PROJECT.resolve("README.md")));
        Map<String, String> table = new LinkedHashMap<>();
        for (List<String> row : readme.tableRows(SECTION)) {
            Matcher key = FIRST_CODE_SPAN.matcher(row.get(0));
            if (key.find()) {
                table.put(key.group(1), row.size() > 1 ? row.get(1) : "");
            }
        }
        return table;
    }

    private static Map<String, Optional<String>> sampleKeys() {
        Map<String, Optional<String>> keys = new LinkedHashMap<>();
        keys.put("sample.flat", Optional.empty());
        keys.put("sample.inherited", Optional.empty());
        keys.put("sample.nested.reload-period", Optional.of("10s"));
        keys.put("sample.nested.url-list", Optional.empty());
        keys.put("sample.renamed", Optional.of("x"));
        keys.put("sample.two-words", Optional.of("true"));
        return keys;
    }

    @ConfigMapping(prefix = "sample")
    interface SampleMapping {

        String flat();

        @WithDefault("true")
        boolean twoWords();

        @WithName("renamed")
        @WithDefault("x")
        String somethingElse();

        Nested nested();

        @WithParentName
        Parent parent();

        default String notAKey() {
            return "";
        }

        interface Nested {
            @WithDefault("10s")
            Duration reloadPeriod();

            Optional<List<String>> urlList();
        }

        interface Parent {
            String inherited();
        }
    }
}
