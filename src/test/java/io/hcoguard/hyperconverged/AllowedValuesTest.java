package io.hcoguard.hyperconverged;

import io.hcoguard.migratability.EvictionStrategy;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedValuesTest {

    @ParameterizedTest(name = "\"{0}\" suggests \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "livemigrate        | LiveMigrate",
        "LIVEMIGRATE        | LiveMigrate",
        "live-migrate       | LiveMigrate",
        "live_migrate       | LiveMigrate",
        "'Live Migrate'     | LiveMigrate",
        "' LiveMigrate '    | LiveMigrate",
        "LiveMigrat         | LiveMigrate",
        "LiveMigrates       | LiveMigrate",
        "LiveMigrtae        | LiveMigrate",
        "LifeMigrate        | LiveMigrate",
        "evict              | Evict",
        "EVICT              | Evict",
        "Evic               | Evict",
        "Evicted            | Evict",
        "Evict-             | Evict",
    })
    void suggestsTheWorkloadUpdateMethodANearMissMeant(String typed, String meant) {
        assertThat(WorkloadUpdateMethod.ALLOWED.suggestionFor(typed)).contains(meant);
    }

    @ParameterizedTest(name = "\"{0}\" suggests \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "none                   | None",
        "Nome                   | None",
        "livemigrate            | LiveMigrate",
        "LiveMigrateIfPosible   | LiveMigrateIfPossible",
        "live-migrate-if-possible | LiveMigrateIfPossible",
        "external               | External",
        "Externl                | External",
    })
    void suggestsTheEvictionStrategyANearMissMeant(String typed, String meant) {
        assertThat(HyperConvergedValidator.EVICTION_STRATEGIES.suggestionFor(typed)).contains(meant);
    }

    @ParameterizedTest(name = "\"{0}\" suggests nothing")
    @ValueSource(strings = {"", "Restart", "Migrate", "Live", "Shutdown", "LiveMigration2", "x"})
    void suggestsNothingForWhatIsNoNearMiss(String typed) {
        assertThat(WorkloadUpdateMethod.ALLOWED.suggestionFor(typed)).isEmpty();
    }

    @Test
    void suggestsNothingForAVeryLongValueAndStaysFast() {
        assertThat(WorkloadUpdateMethod.ALLOWED.suggestionFor("LiveMigrate".repeat(100_000))).isEmpty();
    }

    @Test
    void listsValuesQuotedInTheirOrder() {
        assertThat(WorkloadUpdateMethod.ALLOWED).hasToString("\"LiveMigrate\", \"Evict\"");
        assertThat(HyperConvergedValidator.EVICTION_STRATEGIES)
                .hasToString("\"None\", \"LiveMigrate\", \"LiveMigrateIfPossible\", \"External\"");
    }

    @Test
    void readsTheApiSpellingOfEachVocabulary() {
        assertThat(WorkloadUpdateMethod.of("Evict")).contains(WorkloadUpdateMethod.EVICT);
        assertThat(WorkloadUpdateMethod.of("evict")).isEmpty();
        assertThat(EvictionStrategy.parse("LiveMigrateIfPossible")).contains(EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE);
        assertThat(EvictionStrategy.parse("none")).contains(EvictionStrategy.UNKNOWN);
    }
}
