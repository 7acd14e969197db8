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
                Arguments.of("None", Optional.of(EvictionStrategy.NONE)),
                Arguments.of("LiveMigrate", Optional.of(EvictionStrategy.LIVE_MIGRATE)),
                Arguments.of("LiveMigrateIfPossible", Optional.of(EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE)),
                Arguments.of("External", Optional.of(EvictionStrategy.EXTERNAL)),
                Arguments.of(" LiveMigrate ", Optional.of(EvictionStrategy.LIVE_MIGRATE)),
                Arguments.of("livemigrate", Optional.of(EvictionStrategy.UNKNOWN)),
                Arguments.of("Unknown", Optional.of(EvictionStrategy.UNKNOWN)),
                Arguments.of("", Optional.empty()),
                Arguments.of(null, Optional.empty()));
    }

    @ParameterizedTest(name = "\"{0}\" parses to {1}")
    @MethodSource("evictionStrategies")
    void parsesKubeVirtsEvictionStrategySpellings(String text, Optional<EvictionStrategy> expected) {
        assertThat(EvictionStrategy.parse(text)).isEqualTo(expected);
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
    void readsTheClusterSettingsFromTheKubeVirtResource() {
        CrSettings settings = CrSettings.fromKubeVirt(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt-hyperconverged, name: kubevirt-kubevirt-hyperconverged}
                spec:
                  configuration: {evictionStrategy: LiveMigrate, migrations: {parallelOutboundMigrationsPerNode: 0}}
                  workloadUpdateStrategy: {workloadUpdateMethods: [LiveMigrate, Evict, Unheard], batchEvictionSize: 4}
                """));

        assertThat(settings).isEqualTo(new CrSettings(Optional.of(EvictionStrategy.LIVE_MIGRATE),
                Optional.of(new WorkloadUpdateStrategy(true, true, 4)), Optional.of("parallelOutboundMigrationsPerNode")));
        assertThat(CrSettings.fromKubeVirt(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt, name: kubevirt}
                spec: {configuration: {migrations: {parallelMigrationsPerCluster: 5}}}
                """))).isEqualTo(new CrSettings(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void readsBothHyperConvergedLayouts() {
        CrSettings v1beta1 = CrSettings.fromHyperConverged(KubeObjects.resource("""
                apiVersion: hco.kubevirt.io/v1beta1
                kind: HyperConverged
                metadata: {namespace: kubevirt-hyperconverged, name: kubevirt-hyperconverged}
                spec:
                  evictionStrategy: None
                  liveMigrationConfig: {parallelMigrationsPerCluster: 0}
                  workloadUpdateStrategy: {workloadUpdateMethods: []}
                """));
        CrSettings v1 = CrSettings.fromHyperConverged(KubeObjects.resource("""
                apiVersion: hco.kubevirt.io/v1
                kind: HyperConverged
                metadata: {namespace: kubevirt-hyperconverged, name: kubevirt-hyperconverged}
                spec:
                  virtualization:
                    evictionStrategy: External
                    workloadUpdateStrategy: {workloadUpdateMethods: [Evict]}
                """));

        assertThat(v1beta1).isEqualTo(new CrSettings(Optional.of(EvictionStrategy.NONE),
                Optional.of(new WorkloadUpdateStrategy(false, false, 10)), Optional.of("parallelMigrationsPerCluster")));
        assertThat(v1).isEqualTo(new CrSettings(Optional.of(EvictionStrategy.EXTERNAL),
                Optional.of(new WorkloadUpdateStrategy(false, true, 10)), Optional.empty()));
    }

    @Test
    void theKubeVirtCrDecidesAndHyperConvergedStandsInForAMissingUpdateStrategy() {
        CrSettings kubeVirt = new CrSettings(Optional.empty(), Optional.empty(), Optional.empty());
        CrSettings hco = new CrSettings(Optional.of(EvictionStrategy.LIVE_MIGRATE),
                Optional.of(new WorkloadUpdateStrategy(true, true, 10)), Optional.of("parallelMigrationsPerCluster"));

        assertThat(CrSettings.merge(java.util.List.of(kubeVirt), java.util.List.of(hco))).isEqualTo(new ClusterSettings(
                Optional.empty(), new WorkloadUpdateStrategy(true, true, 10), Optional.empty()));
        assertThat(CrSettings.merge(java.util.List.of(), java.util.List.of(hco))).isEqualTo(new ClusterSettings(
                Optional.of(EvictionStrategy.LIVE_MIGRATE), new WorkloadUpdateStrategy(true, true, 10),
                Optional.of("parallelMigrationsPerCluster")));
        assertThat(CrSettings.merge(java.util.List.of(), java.util.List.of())).isEqualTo(ClusterSettings.DEFAULTS);
    }
}
