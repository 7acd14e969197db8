package io.hcoguard.migratability;

import io.hcoguard.drain.KubeVirtVersion;
import java.util.List;
import java.util.Optional;

/**
 * A VMI that has finished (phase Succeeded or Failed) keeps its completed virt-launcher pod on its node
 * until the VMI is deleted: virt-controller deletes the pods of a VMI only once the VMI is being deleted
 * ({@code VMIController.sync} in pkg/virt-controller/watch/vmi.go; a final VMI loses its attachment pods
 * only). A drain evicts that pod too, through virt-api's pod eviction admitter
 * (pkg/virt-api/webhooks/validating-webhook/admitters/pod-eviction-admitter.go, {@code Admit}). Before
 * kubevirt commit 7329246813 ("Admit eviction on completed pods", #12451) the admitter judged a completed
 * pod like a running one: for a VMI whose effective strategy is LiveMigrate and that is not
 * {@code IsMigratable()} (LiveMigratable not True) it refused the eviction, and the condition of a
 * finished VMI never changes, so the drain waits forever. The other strategies pass, at most after one
 * refusal that marks the VMI for evacuation. The fix was released in v1.3.1 (#12495) and v1.4.0; its
 * backports to release-1.2 (#12496) and release-1.1 (#12497) came after those branches' last tags
 * (v1.2.2, v1.1.1), so every release before v1.3.1 refuses.
 */
public final class FinishedVmiEviction {

    /** The first release whose admitter lets a completed virt-launcher pod be evicted. */
    public static final String FIXED_IN = "v1.3.1";

    private FinishedVmiEviction() {
    }

    /**
     * The drain verdict on a finished VMI, present only when its completed launcher pod stalls the drain
     * of its node under this KubeVirt version.
     *
     * @param owner the VM named by the VMI's owner reference, if the view has it (for the fix's words)
     * @param version the running KubeVirt version; an unknown one is judged as fixed (see {@link #refusesCompletedLauncher})
     */
    public static Optional<VmiVerdict> judge(
            VmiSnapshot vmi, Optional<VmSnapshot> owner, ClusterSettings cluster, KubeVirtVersion version) {
        if (!finished(vmi.phase()) || vmi.node().isEmpty() || !refusesCompletedLauncher(version)) {
            return Optional.empty();
        }
        VmiFacts facts = new VmiFacts(vmi.namespace(), vmi.name(), vmi.node(), MigratabilityClassifier.controller(vmi, owner),
                vmi.evictionStrategy(), new Migratability(vmi.liveMigratable(), List.of(), List.of()), vmi.outdatedLauncher());
        EvictionStrategy strategy = KubeVirtSimulation.effectiveStrategy(facts, cluster.evictionStrategy());
        if (strategy != EvictionStrategy.LIVE_MIGRATE || vmi.liveMigratable().kubeVirtWillMigrate()) {
            return Optional.empty();
        }
        DrainVerdict drain = new DrainVerdict(DrainOutcome.STALLS_DRAIN, "has finished (" + vmi.phase() + "), and KubeVirt "
                + version.text() + " refuses forever to evict its completed virt-launcher pod (LiveMigrate, not migratable;"
                + " fixed in " + FIXED_IN + "): the drain of " + facts.nodeText() + " waits forever");
        return Optional.of(new VmiVerdict(facts, strategy, facts.ownEvictionStrategy().isEmpty(), facts.migratability(), drain,
                new UpdateVerdict(WorkloadUpdateOutcome.STAYS_OUTDATED, "not moved by the workload update: it has finished"),
                Optional.of(new VmiVerdict.Finished(vmi.phase(), version.text()))));
    }

    /**
     * Whether this KubeVirt's admitter refuses a completed launcher pod like a running one. An unknown version
     * ("latest", a digest, none reported) is judged as fixed: every release since August 2024 has the fix, and a
     * gate that denies a drain over a version it cannot read would block harmless drains.
     */
    public static boolean refusesCompletedLauncher(KubeVirtVersion version) {
        return version instanceof KubeVirtVersion.Known && !version.atLeast(1, 3, 1);
    }

    /** KubeVirt's final phases ({@code IsFinal()}): the VMI never runs again. */
    public static boolean finished(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
