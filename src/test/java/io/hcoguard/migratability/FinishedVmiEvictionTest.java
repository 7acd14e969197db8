package io.hcoguard.migratability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.drain.KubeVirtVersion;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Before KubeVirt v1.3.1 the completed launcher pod of a finished LiveMigrate VMI that is not migratable is never evicted. */
class FinishedVmiEvictionTest {

    private static final ClusterSettings LIVE_MIGRATE_DEFAULT = ClusterSettings.DEFAULTS.withEvictionStrategy(EvictionStrategy.LIVE_MIGRATE);

    static Stream<Arguments> cases() {
        String liveMigrate = "{evictionStrategy: LiveMigrate}";
        String notMigratable = "[{type: LiveMigratable, status: \"False\", reason: DisksNotLiveMigratable}]";
        return Stream.of(
                // version: every release before v1.3.1 refuses; v1.3.1, v1.4 pre-releases and later pass; unknown passes
                Arguments.of("v1.3.0 refuses", liveMigrate, "Succeeded", notMigratable, "v1.3.0", ClusterSettings.DEFAULTS, true),
                Arguments.of("v1.2.2 refuses (backport untagged)", liveMigrate, "Succeeded", notMigratable, "v1.2.2", ClusterSettings.DEFAULTS, true),
                Arguments.of("v1.1.1 refuses (backport untagged)", liveMigrate, "Succeeded", notMigratable, "v1.1.1", ClusterSettings.DEFAULTS, true),
                Arguments.of("v1.0.1 refuses", liveMigrate, "Succeeded", notMigratable, "v1.0.1", ClusterSettings.DEFAULTS, true),
                Arguments.of("a build after v1.3.0 refuses", liveMigrate, "Succeeded", notMigratable, "v1.3.0-12-gabcdef1", ClusterSettings.DEFAULTS, true),
                Arguments.of("v1.3.1 passes", liveMigrate, "Succeeded", notMigratable, "v1.3.1", ClusterSettings.DEFAULTS, false),
                Arguments.of("v1.4.0-alpha.0 passes", liveMigrate, "Succeeded", notMigratable, "v1.4.0-alpha.0", ClusterSettings.DEFAULTS, false),
                Arguments.of("v1.6.2 passes", liveMigrate, "Succeeded", notMigratable, "v1.6.2", ClusterSettings.DEFAULTS, false),
                Arguments.of("latest is unknown: passes", liveMigrate, "Succeeded", notMigratable, "latest", ClusterSettings.DEFAULTS, false),
                Arguments.of("no version reported: passes", liveMigrate, "Succeeded", notMigratable, null, ClusterSettings.DEFAULTS, false),
                // strategy: the VMI's own, else the cluster default
                Arguments.of("LiveMigrateIfPossible passes", "{evictionStrategy: LiveMigrateIfPossible}", "Succeeded", notMigratable, "v1.3.0", LIVE_MIGRATE_DEFAULT, false),
                Arguments.of("External passes", "{evictionStrategy: External}", "Succeeded", notMigratable, "v1.3.0", LIVE_MIGRATE_DEFAULT, false),
                Arguments.of("None passes", "{evictionStrategy: None}", "Succeeded", notMigratable, "v1.3.0", LIVE_MIGRATE_DEFAULT, false),
                Arguments.of("cluster default LiveMigrate refuses", "{}", "Succeeded", notMigratable, "v1.3.0", LIVE_MIGRATE_DEFAULT, true),
                Arguments.of("no strategy anywhere passes", "{}", "Succeeded", notMigratable, "v1.3.0", ClusterSettings.DEFAULTS, false),
                // condition: only True passes
                Arguments.of("LiveMigratable=True passes", liveMigrate, "Succeeded", "[{type: LiveMigratable, status: \"True\"}]", "v1.3.0", ClusterSettings.DEFAULTS, false),
                Arguments.of("LiveMigratable missing refuses", liveMigrate, "Succeeded", "[]", "v1.3.0", ClusterSettings.DEFAULTS, true),
                Arguments.of("LiveMigratable=Unknown refuses", liveMigrate, "Succeeded", "[{type: LiveMigratable, status: Unknown}]", "v1.3.0", ClusterSettings.DEFAULTS, true),
                // phase: finished ones only
                Arguments.of("Failed refuses", liveMigrate, "Failed", notMigratable, "v1.3.0", ClusterSettings.DEFAULTS, true),
                Arguments.of("Running is no finished VMI", liveMigrate, "Running", notMigratable, "v1.3.0", ClusterSettings.DEFAULTS, false),
                Arguments.of("Scheduled is no finished VMI", liveMigrate, "Scheduled", notMigratable, "v1.3.0", ClusterSettings.DEFAULTS, false),
                Arguments.of("Pending is no finished VMI", liveMigrate, "Pending", notMigratable, "v1.3.0", ClusterSettings.DEFAULTS, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aFinishedLiveMigrateVmiThatIsNotMigratableStallsOnlyOnVersionsBeforeTheFix(String name, String spec, String phase,
            String conditions, String version, ClusterSettings cluster, boolean stalls) {
        VmiSnapshot vmi = KubeObjects.ownedVmi(spec,
                "{phase: " + phase + ", nodeName: worker-1, conditions: " + conditions + "}");

        Optional<VmiVerdict> verdict = FinishedVmiEviction.judge(vmi, Optional.empty(), cluster, KubeVirtVersion.parse(version));

        assertThat(verdict.map(v -> v.drain().outcome())).isEqualTo(stalls ? Optional.of(DrainOutcome.STALLS_DRAIN) : Optional.empty());
    }

    @Test
    void aFinishedVmiWithoutANodeHoldsNoNodeAndStallsNothing() {
        VmiSnapshot vmi = KubeObjects.ownedVmi("{evictionStrategy: LiveMigrate}", "{phase: Failed, conditions: []}");

        assertThat(FinishedVmiEviction.judge(vmi, Optional.empty(), ClusterSettings.DEFAULTS, KubeVirtVersion.parse("v1.2.2")))
                .isEmpty();
    }

    @Test
    void theVerdictNamesTheVersionAndItsFixIsToDeleteTheFinishedVmi() {
        VmiSnapshot vmi = KubeObjects.ownedVmi("{}", "{phase: Succeeded, nodeName: worker-1, conditions: []}");

        VmiVerdict verdict = FinishedVmiEviction.judge(vmi, Optional.of(KubeObjects.vm("{runStrategy: Manual}")),
                LIVE_MIGRATE_DEFAULT, KubeVirtVersion.parse("v1.2.2")).orElseThrow();

        assertThat(verdict.drain().consequence()).isEqualTo("has finished (Succeeded), and KubeVirt v1.2.2 refuses forever to"
                + " evict its completed virt-launcher pod (LiveMigrate, not migratable; fixed in v1.3.1): the drain of"
                + " worker-1 waits forever");
        assertThat(verdict.finished()).contains(new VmiVerdict.Finished("Succeeded", "v1.2.2"));
        assertThat(verdict.title()).isEqualTo("ns/vm1 (VM ns/vm1) on worker-1");
        assertThat(verdict.settingsText()).isEqualTo("evictionStrategy=LiveMigrate (cluster default), runStrategy Manual");
        assertThat(verdict.migratability().reasonsText()).isEqualTo("LiveMigratable not reported");
        assertThat(verdict.drainRemediation().instructions()).containsExactly(
                "Delete finished VMI ns/vm1 (its completed virt-launcher pod goes with it), or update KubeVirt v1.2.2 to"
                        + " v1.3.1 or later:",
                "  kubectl delete vmi vm1 -n ns");
    }
}
