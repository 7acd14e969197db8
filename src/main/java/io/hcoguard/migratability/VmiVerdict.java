package io.hcoguard.migratability;

import java.util.Objects;

/**
 * What KubeVirt will do with one running VMI: at a node drain and in an OKD Virtualization
 * workload update (DESIGN "The upgrade rule"). Built by {@link KubeVirtSimulation}.
 *
 * @param evictionStrategy the effective strategy: the VMI's own, else the cluster default, else None
 * @param evictionStrategyInherited the VMI sets none itself and follows the cluster default
 * @param migratability the VMI's, with the cluster's live migration switch added
 */
public record VmiVerdict(
        VmiFacts vmi,
        EvictionStrategy evictionStrategy,
        boolean evictionStrategyInherited,
        Migratability migratability,
        DrainVerdict drain,
        UpdateVerdict update) {

    public VmiVerdict {
        Objects.requireNonNull(vmi, "vmi");
        Objects.requireNonNull(evictionStrategy, "evictionStrategy");
        Objects.requireNonNull(migratability, "migratability");
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(update, "update");
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
