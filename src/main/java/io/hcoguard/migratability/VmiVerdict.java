package io.hcoguard.migratability;

import java.util.Objects;
import java.util.Optional;

/**
 * What KubeVirt will do with one running VMI: at a node drain and in an OKD Virtualization
 * workload update (DESIGN "The upgrade rule"). Built by {@link KubeVirtSimulation}; for a VMI that
 * has finished but whose completed launcher pod still stalls a drain, by {@link FinishedVmiEviction}.
 *
 * @param evictionStrategy the effective strategy: the VMI's own, else the cluster default, else None
 * @param evictionStrategyInherited the VMI sets none itself and follows the cluster default
 * @param migratability the VMI's, with the cluster's live migration switch added
 * @param finished present for a VMI that has finished: only its drain verdict means anything, the
 *     workload updater moves running VMIs alone, so its update verdict is never counted nor read
 */
public record VmiVerdict(
        VmiFacts vmi,
        EvictionStrategy evictionStrategy,
        boolean evictionStrategyInherited,
        Migratability migratability,
        DrainVerdict drain,
        UpdateVerdict update,
        Optional<Finished> finished) {

    /**
     * A VMI that has finished and still holds its node (its completed virt-launcher pod).
     *
     * @param phase {@code Succeeded} or {@code Failed}
     * @param kubeVirtVersion the running KubeVirt version whose eviction admitter refuses that pod
     */
    public record Finished(String phase, String kubeVirtVersion) {
    }

    public VmiVerdict {
        Objects.requireNonNull(vmi, "vmi");
        Objects.requireNonNull(evictionStrategy, "evictionStrategy");
        Objects.requireNonNull(migratability, "migratability");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(update, "update");
        Objects.requireNonNull(finished, "finished");
    }

    public boolean isFinished() {
        return finished.isPresent();
    }

    /** "ns/vmi (VM ns/vm) on worker-3", the head of every line about this VMI. */
    public String title() {
        String node = vmi.node().isEmpty() ? "" : " on " + vmi.node();
        return vmi.ref() + " (" + vmi.controller().describe(vmi.namespace()) + ")" + node;
    }

    /** "evictionStrategy=LiveMigrate (cluster default), runStrategy=Manual". */
    public String settingsText() {
        return "evictionStrategy=" + evictionStrategy.spelling() + (evictionStrategyInherited ? " (cluster default)" : "")
                + ", " + vmi.controller().restartText();
    }

    public Remediation drainRemediation() {
        return Remediation.forDrain(this);
    }

    /** Back after a reboot of its node without a drain (single-node OpenShift updates reboot the node). */
    public boolean restartsAfterNodeReboot() {
        return vmi.controller().restartsAfterNodeReboot();
    }

    /** What a reboot of its node does to it, as a denial line says it. */
    public String rebootConsequence() {
        return restartsAfterNodeReboot()
                ? "is stopped by the reboot of " + vmi.nodeText() + " and started again (" + vmi.controller().restartText() + ")"
                : "is stopped by the reboot of " + vmi.nodeText() + " and not started again: " + vmi.controller().restartText();
    }

    public Remediation rebootRemediation() {
        return Remediation.forReboot(vmi);
    }

    public Remediation updateRemediation() {
        return Remediation.forUpdate(this);
    }
}
