package io.hcoguard.migratability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrategiesTest {

    static Stream<Arguments> evictionStrategies() {
        return Stream.of(
                Arguments.of("None", Optional.of(EvictionStrategy.NONE), false),
                Arguments.of("LiveMigrate", Optional.of(EvictionStrategy.LIVE_MIGRATE), true),
                Arguments.of("LiveMigrateIfPossible", Optional.of(EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE), false),
                Arguments.of("External", Optional.of(EvictionStrategy.EXTERNAL), true),
                Arguments.of(" LiveMigrate ", Optional.of(EvictionStrategy.LIVE_MIGRATE), true),
                Arguments.of("livemigrate", Optional.of(EvictionStrategy.UNKNOWN), true),
                Arguments.of("Unknown", Optional.of(EvictionStrategy.UNKNOWN), true),
                Arguments.of("", Optional.empty(), false),
                Arguments.of(null, Optional.empty(), false));
    }

    @ParameterizedTest(name = "\"{0}\" parses to {1}, stalls drains when not migratable: {2}")
    @MethodSource("evictionStrategies")
    void parsesKubeVirtsEvictionStrategySpellings(String text, Optional<EvictionStrategy> expected, boolean stalls) {
        Optional<EvictionStrategy> parsed = EvictionStrategy.parse(text);

        assertThat(parsed).isEqualTo(expected);
        assertThat(parsed.map(EvictionStrategy::stallsDrainWhenNotMigratable).orElse(false)).isEqualTo(stalls);
    }

    @Test
    void spellsEachStrategyAsKubeVirtDoes() {
        for (EvictionStrategy strategy : EvictionStrategy.values()) {
            if (strategy != EvictionStrategy.UNKNOWN) {
                assertThat(EvictionStrategy.parse(strategy.spelling())).contains(strategy);
            }
        }
        for (RunStrategy strategy : RunStrategy.values()) {
            if (strategy != RunStrategy.UNKNOWN) {
                assertThat(RunStrategy.parse(strategy.spelling())).isEqualTo(strategy);
            }
        }
        assertThat(RunStrategy.parse(null)).isEqualTo(RunStrategy.UNKNOWN);
        assertThat(RunStrategy.parse("Unknown")).isEqualTo(RunStrategy.UNKNOWN);
    }

    @Test
    void readsTheClusterDefaultFromTheKubeVirtResource() {
        assertThat(EvictionStrategy.clusterDefaultOf(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt-hyperconverged, name: kubevirt-kubevirt-hyperconverged}
                spec: {configuration: {evictionStrategy: LiveMigrate}}
                """))).contains(EvictionStrategy.LIVE_MIGRATE);
        assertThat(EvictionStrategy.clusterDefaultOf(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt, name: kubevirt}
                spec: {configuration: {}}
                """))).isEmpty();
        assertThat(EvictionStrategy.clusterDefaultOf(null)).isEmpty();
    }
}
