package io.hcoguard.migratability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RemediationTest {

    private static final LiveMigratable NOT_MIGRATABLE = new LiveMigratable(LiveMigratable.Status.FALSE, "DisksNotLiveMigratable");
    private static final NotMigratable PIN = new NotMigratable(NotMigratableReason.NO_MIGRATION_TARGET,
            "nodeSelector kubernetes.io/hostname=worker-1: no other node matches");

    static Stream<Arguments> drainFixes() {
        return Stream.of(
                fix("a VM that refuses eviction moves to LiveMigrateIfPossible, then restarts",
                        v -> v.strategy(EvictionStrategy.LIVE_MIGRATE).condition(NOT_MIGRATABLE),
                        "Make VM db/pg-0 migratable, or set evictionStrategy"
                                + " LiveMigrateIfPossible with runStrategy Always, then restart it so the running VMI picks"
                                + " them up:",
                        "  kubectl patch vm pg-0 -n db --type=merge -p '{\"spec\":{\"running\":null,\"runStrategy\":\"Always\","
                                + "\"template\":{\"spec\":{\"evictionStrategy\":\"LiveMigrateIfPossible\"}}}}'",
                        "  virtctl restart pg-0 -n db"),
                fix("a VM whose migration KubeVirt tries and cannot finish needs None: LiveMigrateIfPossible would try too",
                        v -> v.strategy(EvictionStrategy.LIVE_MIGRATE).failing(PIN),
                        "Make VM db/pg-0 migratable, or set evictionStrategy None"
                                + " with runStrategy Always, then restart it so the running VMI picks them up:",
                        "  kubectl patch vm pg-0 -n db --type=merge -p '{\"spec\":{\"running\":null,\"runStrategy\":\"Always\","
                                + "\"template\":{\"spec\":{\"evictionStrategy\":\"None\"}}}}'",
                        "  virtctl restart pg-0 -n db"),
                fix("a VM shut down for good needs only runStrategy Always, read live",
                        v -> v.strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL),
                        "Set runStrategy Always on VM db/pg-0 (read live by the VM controller, no restart needed):",
                        "  kubectl patch vm pg-0 -n db --type=merge -p '{\"spec\":{\"running\":null,\"runStrategy\":\"Always\"}}'"),
                fix("a ReplicaSet's VMI is fixed in the template and replaced",
                        v -> v.strategy(EvictionStrategy.LIVE_MIGRATE).condition(NOT_MIGRATABLE).replicaSet("web"),
                        "Make VMI db/pg-0 migratable, or set evictionStrategy"
                                + " LiveMigrateIfPossible in VirtualMachineInstanceReplicaSet web's template, then delete the"
                                + " VMI so it is replaced:",
                        "  kubectl patch vmirs web -n db --type=merge -p '{\"spec\":{\"template\":{\"spec\":"
                                + "{\"evictionStrategy\":\"LiveMigrateIfPossible\"}}}}'",
                        "  kubectl delete vmi pg-0 -n db"),
                fix("a standalone VMI that stalls must become a VM",
                        v -> v.strategy(EvictionStrategy.LIVE_MIGRATE).condition(NOT_MIGRATABLE).standalone(),
                        "Recreate standalone VMI db/pg-0 as a VirtualMachine with runStrategy Always and evictionStrategy"
                                + " LiveMigrateIfPossible."),
                fix("a standalone VMI shut down for good must become a VM",
                        v -> v.strategy(EvictionStrategy.NONE).standalone(),
                        "Recreate standalone VMI db/pg-0 as a VirtualMachine with runStrategy Always."),
                fix("an External VMI points at its controller",
                        v -> v.strategy(EvictionStrategy.EXTERNAL),
                        "VMI db/pg-0 has evictionStrategy External: check that its external controller"
                                + " (cluster-api-provider-kubevirt, HyperShift) removes it when its node drains."),
                fix("a VMI that migrates needs nothing: no advice ever turns a migrating VM into one that shuts down",
                        v -> v.strategy(EvictionStrategy.LIVE_MIGRATE), "No action needed."));
    }

    private static Arguments fix(String name, UnaryOperator<Verdicts> vmi, String... instructions) {
        return Arguments.of(Named.of(name, vmi), List.of(instructions));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drainFixes")
    void fitsTheFixToTheDrainOutcome(UnaryOperator<Verdicts> vmi, List<String> instructions) {
        VmiVerdict verdict = vmi.apply(Verdicts.vmi("db", "pg-0")).judge();

        assertThat(verdict.drainRemediation().instructions()).isEqualTo(instructions);
    }

    @Test
    void aWorkloadUpdateShutdownIsFixedWithRunStrategyAlways() {
        ClusterSettings evicting = ClusterSettings.DEFAULTS.withWorkloadUpdate(new WorkloadUpdateStrategy(true, true, 10));
        VmiVerdict verdict = Verdicts.vmi("db", "pg-0").strategy(EvictionStrategy.NONE).vm(RunStrategy.RERUN_ON_FAILURE)
                .condition(NOT_MIGRATABLE).judge(evicting);

        assertThat(verdict.updateRemediation()).isEqualTo(new Remediation.RunAlways("db", "pg-0"));
        assertThat(Verdicts.vmi("db", "pg-0").judge(evicting).updateRemediation()).isEqualTo(new Remediation.NoneNeeded());
    }

    @Test
    void theMergePatchesAreValidJsonThatRemoveRunning() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var always = mapper.readTree(Remediation.RunAlways.MERGE_PATCH);
        var strategy = mapper.readTree(new Remediation.ChangeVmEvictionStrategy("ns", "vm", EvictionStrategy.NONE)
                .mergePatch());

        assertThat(always.path("spec").path("running").isNull()).isTrue();
        assertThat(always.path("spec").path("runStrategy").asText()).isEqualTo("Always");
        assertThat(always.path("spec").has("template")).isFalse();
        assertThat(strategy.path("spec").path("running").isNull()).isTrue();
        assertThat(strategy.path("spec").path("template").path("spec").path("evictionStrategy").asText()).isEqualTo("None");
    }

    @Test
    void sumsUpReasonsBeyondThree() {
        Migratability migratability = new Migratability(NOT_MIGRATABLE,
                List.of(new NotMigratable(NotMigratableReason.NON_RWX_PVC, "a"),
                        new NotMigratable(NotMigratableReason.HOST_DEVICE, "c"),
                        new NotMigratable(NotMigratableReason.GPUS, "d, e"),
                        new NotMigratable(NotMigratableReason.HOST_DISK, "e")),
                List.of(PIN));

        assertThat(migratability.reasonsText()).isEqualTo("LiveMigratable=False (DisksNotLiveMigratable), PVC a not"
                + " ReadWriteMany, host device c and 3 more");
        assertThat(migratability.reasons()).extracting(NotMigratable::describe).containsExactly(
                "LiveMigratable=False (DisksNotLiveMigratable)", "PVC a not ReadWriteMany", "host device c", "GPUs d, e",
                "hostDisk volume e not shared", "no migration target: nodeSelector kubernetes.io/hostname=worker-1: no other node matches");
    }
}
