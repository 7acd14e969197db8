package io.hcoguard.migratability;

import static io.hcoguard.migratability.DrainOutcome.MIGRATES;
import static io.hcoguard.migratability.DrainOutcome.RESTARTED;
import static io.hcoguard.migratability.DrainOutcome.SHUT_DOWN_FOR_GOOD;
import static io.hcoguard.migratability.DrainOutcome.STALLS_DRAIN;
import static io.hcoguard.migratability.DrainOutcome.WAITS_FOR_EXTERNAL_CONTROLLER;
import static io.hcoguard.migratability.EvictionStrategy.EXTERNAL;
import static io.hcoguard.migratability.EvictionStrategy.LIVE_MIGRATE;
import static io.hcoguard.migratability.EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE;
import static io.hcoguard.migratability.EvictionStrategy.NONE;
import static io.hcoguard.migratability.EvictionStrategy.UNKNOWN;
import static io.hcoguard.migratability.WorkloadUpdateOutcome.STAYS_OUTDATED;
import static io.hcoguard.migratability.WorkloadUpdateOutcome.UPDATED_BY_MIGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outcome model against every row of DESIGN.md's domain facts: what KubeVirt's eviction
 * admitter, evacuation controller, VM controller and workload updater do with a running VMI.
 */
class KubeVirtSimulationTest {

    private static final LiveMigratable TRUE = LiveMigratable.MIGRATABLE;
    private static final LiveMigratable FALSE = new LiveMigratable(LiveMigratable.Status.FALSE, "DisksNotLiveMigratable");
    private static final LiveMigratable UNKNOWN_CONDITION = new LiveMigratable(LiveMigratable.Status.UNKNOWN, "");
    private static final LiveMigratable MISSING = LiveMigratable.MISSING;
    private static final NotMigratable HOSTPATH_RWX = new NotMigratable(NotMigratableReason.HOSTPATH_VOLUME, "hp-rwx");
    private static final NotMigratable PIN = new NotMigratable(NotMigratableReason.NO_MIGRATION_TARGET,
            "nodeSelector kubernetes.io/hostname=worker-1: no other node matches");
    private static final NotMigratable SRIOV = new NotMigratable(NotMigratableReason.SRIOV_INTERFACE, "fast");

    private static final ClusterSettings LIVE_MIGRATE_ONLY = ClusterSettings.DEFAULTS;
    private static final ClusterSettings WITH_EVICT =
            ClusterSettings.DEFAULTS.withWorkloadUpdate(new WorkloadUpdateStrategy(true, true, 10));

    static Stream<Arguments> drains() {
        return Stream.of(
                // None (KubeVirt's built-in default): evicted at once, whatever the condition
                drain("None, migratable, VM Always: shut down and restarted", v -> v.strategy(NONE), RESTARTED),
                drain("None, migratable, VM Manual: shut down for good (the missed block)",
                        v -> v.strategy(NONE).vm(RunStrategy.MANUAL), SHUT_DOWN_FOR_GOOD),
                drain("None, not migratable, VM Always: restarted", v -> v.strategy(NONE).condition(FALSE), RESTARTED),
                drain("None, VM RerunOnFailure: an evicted VMI ends Succeeded, not restarted",
                        v -> v.strategy(NONE).vm(RunStrategy.RERUN_ON_FAILURE), SHUT_DOWN_FOR_GOOD),
                drain("None, VM Halted", v -> v.strategy(NONE).vm(RunStrategy.HALTED), SHUT_DOWN_FOR_GOOD),
                drain("None, VM Once", v -> v.strategy(NONE).vm(RunStrategy.ONCE), SHUT_DOWN_FOR_GOOD),
                drain("None, VM WaitAsReceiver", v -> v.strategy(NONE).vm(RunStrategy.WAIT_AS_RECEIVER), SHUT_DOWN_FOR_GOOD),
                drain("None, unknown run strategy", v -> v.strategy(NONE).vm(RunStrategy.UNKNOWN), SHUT_DOWN_FOR_GOOD),
                drain("None, owned by a ReplicaSet: replaced", v -> v.strategy(NONE).replicaSet("web"), RESTARTED),
                drain("None, standalone VMI", v -> v.strategy(NONE).standalone(), SHUT_DOWN_FOR_GOOD),
                drain("an unknown strategy acts as None: the admitter lets it through",
                        v -> v.strategy(UNKNOWN).vm(RunStrategy.MANUAL), SHUT_DOWN_FOR_GOOD),
                // LiveMigrate
                drain("LiveMigrate, condition True: migrated", v -> v.strategy(LIVE_MIGRATE), MIGRATES),
                drain("LiveMigrate, condition False: refuses eviction forever",
                        v -> v.strategy(LIVE_MIGRATE).condition(FALSE), STALLS_DRAIN),
                drain("LiveMigrate, condition missing: IsMigratable() is false, refuses forever",
                        v -> v.strategy(LIVE_MIGRATE).condition(MISSING), STALLS_DRAIN),
                drain("LiveMigrate, condition Unknown: refuses forever",
                        v -> v.strategy(LIVE_MIGRATE).condition(UNKNOWN_CONDITION), STALLS_DRAIN),
                drain("LiveMigrate, True, hostpath with an RWX claim: the migration fails forever",
                        v -> v.strategy(LIVE_MIGRATE).failing(HOSTPATH_RWX), STALLS_DRAIN),
                drain("LiveMigrate, True, pinned by kubernetes.io/hostname: nowhere to go",
                        v -> v.strategy(LIVE_MIGRATE).failing(PIN), STALLS_DRAIN),
                drain("LiveMigrate, True, SR-IOV counted as blocking: the migration fails",
                        v -> v.strategy(LIVE_MIGRATE).failing(SRIOV), STALLS_DRAIN),
                drain("LiveMigrate, standalone, True: migrated", v -> v.strategy(LIVE_MIGRATE).standalone(), MIGRATES),
                // LiveMigrateIfPossible
                drain("LiveMigrateIfPossible, True: migrated", v -> v.strategy(LIVE_MIGRATE_IF_POSSIBLE), MIGRATES),
                drain("LiveMigrateIfPossible, False, VM Always: shut down and restarted",
                        v -> v.strategy(LIVE_MIGRATE_IF_POSSIBLE).condition(FALSE), RESTARTED),
                drain("LiveMigrateIfPossible, missing, VM Manual: shut down for good",
                        v -> v.strategy(LIVE_MIGRATE_IF_POSSIBLE).condition(MISSING).vm(RunStrategy.MANUAL),
                        SHUT_DOWN_FOR_GOOD),
                drain("LiveMigrateIfPossible, True, migration must fail: retried forever",
                        v -> v.strategy(LIVE_MIGRATE_IF_POSSIBLE).failing(HOSTPATH_RWX), STALLS_DRAIN),
                // External
                drain("External, True: KubeVirt never migrates it", v -> v.strategy(EXTERNAL), WAITS_FOR_EXTERNAL_CONTROLLER),
                drain("External, False, standalone: still the external controller's",
                        v -> v.strategy(EXTERNAL).condition(FALSE).standalone(), WAITS_FOR_EXTERNAL_CONTROLLER));
    }

    private static Arguments drain(String name, UnaryOperator<Verdicts> vmi, DrainOutcome expected) {
        return Arguments.of(Named.of(name, vmi), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drains")
    void aDrainDoesWhatKubeVirtDoes(UnaryOperator<Verdicts> vmi, DrainOutcome expected) {
        VmiVerdict verdict = vmi.apply(Verdicts.vmi("ns", "vm1")).judge();

        assertThat(verdict.drain().outcome()).isEqualTo(expected);
    }

    /** DESIGN's drain rows, for a VMI whose migration, once KubeVirt tries it, succeeds. */
    private static DrainOutcome designRow(EvictionStrategy strategy, boolean migratable, boolean restarts) {
        DrainOutcome shutDown = restarts ? RESTARTED : SHUT_DOWN_FOR_GOOD;
        return switch (strategy) {
            case LIVE_MIGRATE -> migratable ? MIGRATES : STALLS_DRAIN;
            case LIVE_MIGRATE_IF_POSSIBLE -> migratable ? MIGRATES : shutDown;
            case EXTERNAL -> WAITS_FOR_EXTERNAL_CONTROLLER;
            case NONE, UNKNOWN -> shutDown;
        };
    }

    static Stream<Arguments> everyCombination() {
        List<Named<UnaryOperator<Verdicts>>> strategies = List.of(
                Named.of("own None", v -> v.strategy(NONE)),
                Named.of("own LiveMigrate", v -> v.strategy(LIVE_MIGRATE)),
                Named.of("own LiveMigrateIfPossible", v -> v.strategy(LIVE_MIGRATE_IF_POSSIBLE)),
                Named.of("own External", v -> v.strategy(EXTERNAL)),
                Named.of("own unknown value", v -> v.strategy(UNKNOWN)),
                Named.of("no own strategy, cluster LiveMigrate", v -> v));
        List<Named<UnaryOperator<Verdicts>>> controllers = List.of(
                Named.of("VM Always", v -> v.vm(RunStrategy.ALWAYS)),
                Named.of("VM RerunOnFailure", v -> v.vm(RunStrategy.RERUN_ON_FAILURE)),
                Named.of("VM Manual", v -> v.vm(RunStrategy.MANUAL)),
                Named.of("VM Halted", v -> v.vm(RunStrategy.HALTED)),
                Named.of("VM Once", v -> v.vm(RunStrategy.ONCE)),
                Named.of("VM WaitAsReceiver", v -> v.vm(RunStrategy.WAIT_AS_RECEIVER)),
                Named.of("ReplicaSet", v -> v.replicaSet("rs")),
                Named.of("standalone", Verdicts::standalone));
        List<Arguments> all = new java.util.ArrayList<>();
        for (var strategy : strategies) {
            for (LiveMigratable.Status status : LiveMigratable.Status.values()) {
                for (var controller : controllers) {
                    all.add(Arguments.of(strategy, status, controller));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, LiveMigratable {1}, {2}")
    @MethodSource("everyCombination")
    void everyStrategyConditionAndControllerGivesDesignsDrainOutcome(
            UnaryOperator<Verdicts> strategy, LiveMigratable.Status status, UnaryOperator<Verdicts> controller) {
        ClusterSettings clusterLiveMigrate = ClusterSettings.DEFAULTS.withEvictionStrategy(LIVE_MIGRATE);
        VmiVerdict verdict = controller.apply(strategy.apply(Verdicts.vmi("ns", "vm1")))
                .condition(new LiveMigratable(status, "")).judge(clusterLiveMigrate);

        boolean restarts = !verdict.vmi().controller().equals(VmiController.STANDALONE)
                && !(verdict.vmi().controller() instanceof VmiController.VirtualMachine vm
                        && !vm.runStrategy().equals(Optional.of(RunStrategy.ALWAYS)));
        assertThat(verdict.drain().outcome())
                .isEqualTo(designRow(verdict.evictionStrategy(), status == LiveMigratable.Status.TRUE, restarts));
    }

    static Stream<Arguments> effectiveStrategies() {
        return Stream.of(
                Arguments.of(Named.of("own wins over the cluster default", Optional.of(NONE)), Optional.of(LIVE_MIGRATE),
                        NONE, false),
                Arguments.of(Named.of("own LiveMigrate over cluster None", Optional.of(LIVE_MIGRATE)), Optional.of(NONE),
                        LIVE_MIGRATE, false),
                Arguments.of(Named.of("none of its own: the cluster default", Optional.empty()), Optional.of(LIVE_MIGRATE),
                        LIVE_MIGRATE, true),
                Arguments.of(Named.of("neither: KubeVirt's built-in None", Optional.empty()), Optional.empty(), NONE, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("effectiveStrategies")
    void aVmiFollowsTheClusterDefaultOnlyWithoutItsOwn(
            Optional<EvictionStrategy> own, Optional<EvictionStrategy> cluster, EvictionStrategy effective, boolean inherited) {
        Verdicts vmi = Verdicts.vmi("ns", "vm1").condition(FALSE);
        own.ifPresent(vmi::strategy);
        ClusterSettings settings = cluster.map(ClusterSettings.DEFAULTS::withEvictionStrategy).orElse(ClusterSettings.DEFAULTS);

        VmiVerdict verdict = vmi.judge(settings);

        assertThat(verdict.evictionStrategy()).isEqualTo(effective);
        assertThat(verdict.evictionStrategyInherited()).isEqualTo(inherited);
        assertThat(verdict.drain().outcome()).isEqualTo(effective == LIVE_MIGRATE ? STALLS_DRAIN : RESTARTED);
    }

    @ParameterizedTest(name = "live migration off by {0}: even a migratable LiveMigrate VMI stalls the drain")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"parallelMigrationsPerCluster", "parallelOutboundMigrationsPerNode"})
    void liveMigrationSwitchedOffStallsEveryEvacuation(String field) {
        ClusterSettings off = ClusterSettings.DEFAULTS.withLiveMigrationOff(field);

        VmiVerdict verdict = Verdicts.vmi("ns", "vm1").strategy(LIVE_MIGRATE).judge(off);

        assertThat(verdict.drain()).isEqualTo(new DrainVerdict(STALLS_DRAIN, "its evacuation migration cannot succeed"
                + " (live migration switched off (" + field + ": 0)) and is retried forever: the drain of worker-1 waits"));
        assertThat(Verdicts.vmi("ns", "vm1").strategy(NONE).judge(off).drain().outcome()).isEqualTo(RESTARTED);
    }

    static Stream<Arguments> updates() {
        WorkloadUpdateStrategy none = new WorkloadUpdateStrategy(false, false, 10);
        WorkloadUpdateStrategy liveMigrate = WorkloadUpdateStrategy.DEFAULT;
        WorkloadUpdateStrategy evict = new WorkloadUpdateStrategy(false, true, 10);
        WorkloadUpdateStrategy both = new WorkloadUpdateStrategy(true, true, 10);
        WorkloadUpdateStrategy bothNoBatch = new WorkloadUpdateStrategy(true, true, 0);
        return Stream.of(
                update("[] : nothing is updated", none, v -> v, STAYS_OUTDATED),
                update("[LiveMigrate], migratable: migrated", liveMigrate, v -> v.strategy(NONE), UPDATED_BY_MIGRATION),
                update("[LiveMigrate], not migratable: keeps the old launcher (no stall, no denial)", liveMigrate,
                        v -> v.strategy(LIVE_MIGRATE).condition(FALSE), STAYS_OUTDATED),
                update("[LiveMigrate], None, Manual, not migratable: not evicted", liveMigrate,
                        v -> v.strategy(NONE).vm(RunStrategy.MANUAL).condition(FALSE), STAYS_OUTDATED),
                update("[LiveMigrate], True but the migration fails: retried, outdated", liveMigrate,
                        v -> v.failing(HOSTPATH_RWX), STAYS_OUTDATED),
                update("[LiveMigrate, Evict], True but the migration fails: stays in the migrate list, never evicted",
                        both, v -> v.strategy(NONE).vm(RunStrategy.MANUAL).failing(PIN), STAYS_OUTDATED),
                update("[LiveMigrate, Evict], None, Manual, not migratable: evicted for good", both,
                        v -> v.strategy(NONE).vm(RunStrategy.MANUAL).condition(FALSE), WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD),
                update("[LiveMigrate, Evict], None, Always, not migratable: evicted and restarted", both,
                        v -> v.strategy(NONE).condition(FALSE), WorkloadUpdateOutcome.RESTARTED),
                update("[LiveMigrate, Evict], ReplicaSet, not migratable: replaced", both,
                        v -> v.strategy(NONE).replicaSet("web").condition(MISSING), WorkloadUpdateOutcome.RESTARTED),
                update("[LiveMigrate, Evict], LiveMigrate, not migratable: the admitter refuses, outdated", both,
                        v -> v.strategy(LIVE_MIGRATE).condition(FALSE).vm(RunStrategy.MANUAL), STAYS_OUTDATED),
                update("[LiveMigrate, Evict], LiveMigrateIfPossible, not migratable, standalone: evicted for good", both,
                        v -> v.strategy(LIVE_MIGRATE_IF_POSSIBLE).condition(UNKNOWN_CONDITION).standalone(),
                        WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD),
                update("[LiveMigrate, Evict], External: refused, waits for its controller", both,
                        v -> v.strategy(EXTERNAL).condition(FALSE).standalone(), STAYS_OUTDATED),
                update("[Evict], migratable LiveMigrate: the eviction becomes an evacuation migration", evict,
                        v -> v.strategy(LIVE_MIGRATE), UPDATED_BY_MIGRATION),
                update("[Evict], migratable None, Manual: evicted for good", evict,
                        v -> v.strategy(NONE).vm(RunStrategy.MANUAL), WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD),
                update("[Evict], migratable LiveMigrateIfPossible, migration fails: outdated", evict,
                        v -> v.strategy(LIVE_MIGRATE_IF_POSSIBLE).failing(PIN), STAYS_OUTDATED),
                update("[LiveMigrate, Evict] with batchEvictionSize 0: KubeVirt evicts nothing", bothNoBatch,
                        v -> v.strategy(NONE).vm(RunStrategy.MANUAL).condition(FALSE), STAYS_OUTDATED));
    }

    private static Arguments update(String name, WorkloadUpdateStrategy methods, UnaryOperator<Verdicts> vmi,
            WorkloadUpdateOutcome expected) {
        return Arguments.of(Named.of(name, methods), vmi, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void aWorkloadUpdateDoesWhatTheWorkloadUpdaterDoes(
            WorkloadUpdateStrategy methods, UnaryOperator<Verdicts> vmi, WorkloadUpdateOutcome expected) {
        VmiVerdict verdict = vmi.apply(Verdicts.vmi("ns", "vm1")).judge(ClusterSettings.DEFAULTS.withWorkloadUpdate(methods));

        assertThat(verdict.update().outcome()).isEqualTo(expected);
    }

    @Test
    void liveMigrationOffKeepsMigratableVmisOutdatedEvenWithEvict() {
        ClusterSettings off = WITH_EVICT.withLiveMigrationOff("parallelMigrationsPerCluster");

        VmiVerdict verdict = Verdicts.vmi("ns", "vm1").strategy(NONE).vm(RunStrategy.MANUAL).judge(off);

        assertThat(verdict.update()).isEqualTo(new UpdateVerdict(STAYS_OUTDATED, "keeps the outdated launcher: its"
                + " migration cannot succeed (live migration switched off (parallelMigrationsPerCluster: 0)) and is retried"));
    }

    /**
     * The evacuation controller never migrates External VMIs, but the workload updater's
     * getUpdateData does not look at the eviction strategy: a migratable External VMI is migrated.
     */
    @ParameterizedTest(name = "External with condition {0} waits for its controller at a drain")
    @EnumSource(LiveMigratable.Status.class)
    void externalIsNeverMigratedByADrainButIsByTheWorkloadUpdater(LiveMigratable.Status status) {
        VmiVerdict verdict = Verdicts.vmi("ns", "vm1").strategy(EXTERNAL).condition(new LiveMigratable(status, ""))
                .judge(WITH_EVICT);

        assertThat(verdict.drain().outcome()).isEqualTo(WAITS_FOR_EXTERNAL_CONTROLLER);
        assertThat(verdict.update().outcome())
                .isEqualTo(status == LiveMigratable.Status.TRUE ? UPDATED_BY_MIGRATION : STAYS_OUTDATED);
    }

    @Test
    void saysWhatKubeVirtWillDoInAnAdminsWords() {
        assertThat(Verdicts.vmi("db", "pg-0").on("worker-3").strategy(LIVE_MIGRATE).condition(FALSE).judge().drain())
                .isEqualTo(new DrainVerdict(STALLS_DRAIN,
                        "refuses eviction (LiveMigrate, not migratable): the drain of worker-3 waits forever"));
        assertThat(Verdicts.vmi("db", "pg-1").strategy(NONE).vm(RunStrategy.MANUAL).judge().drain())
                .isEqualTo(new DrainVerdict(SHUT_DOWN_FOR_GOOD,
                        "is shut down at eviction (evictionStrategy None) and not restarted: runStrategy Manual"));
        assertThat(Verdicts.vmi("db", "pg-2").strategy(NONE).judge().drain())
                .isEqualTo(new DrainVerdict(RESTARTED,
                        "is shut down at eviction (evictionStrategy None) and restarted (runStrategy Always)"));
        assertThat(Verdicts.vmi("db", "pg-3").strategy(LIVE_MIGRATE).on("").judge().drain())
                .isEqualTo(new DrainVerdict(MIGRATES, "is live migrated off its node"));
        assertThat(Verdicts.vmi("db", "pg-4").condition(FALSE).judge(ClusterSettings.DEFAULTS).update())
                .isEqualTo(new UpdateVerdict(STAYS_OUTDATED, "keeps the outdated launcher: it cannot migrate"
                        + " (LiveMigratable=False (DisksNotLiveMigratable)) and Evict is not listed"));
        assertThat(new VmiController.VirtualMachine("gone", Optional.empty()).restartText()).isEqualTo("VM not found");
        assertThat(Verdicts.vmi("db", "pg-5").strategy(NONE).condition(FALSE).judge(WITH_EVICT).update())
                .isEqualTo(new UpdateVerdict(WorkloadUpdateOutcome.RESTARTED,
                        "is evicted and restarted on the new launcher (runStrategy Always)"));
        assertThat(List.of(LIVE_MIGRATE_ONLY.workloadUpdate().methodsText(), WITH_EVICT.workloadUpdate().methodsText()))
                .containsExactly("[LiveMigrate]", "[LiveMigrate, Evict]");
    }

    @Test
    void aVmNotInTheViewRestartsNothing() {
        VmiFacts facts = new VmiFacts("ns", "vm1", "worker-1", new VmiController.VirtualMachine("vm1", Optional.empty()),
                Optional.of(NONE), new Migratability(TRUE, List.of(), List.of()), false);

        assertThat(KubeVirtSimulation.judge(facts, ClusterSettings.DEFAULTS).drain().outcome()).isEqualTo(SHUT_DOWN_FOR_GOOD);
    }
}
