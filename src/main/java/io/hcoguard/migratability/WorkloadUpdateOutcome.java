package io.hcoguard.migratability;

/**
 * What an OKD Virtualization upgrade does to one running VMI: it drains no node; KubeVirt's
 * workload updater moves VMIs to the new virt-launcher by the workload update strategy.
 */
public enum WorkloadUpdateOutcome {
    /** Live migrated onto a new virt-launcher. */
    UPDATED_BY_MIGRATION("is migrated to the new launcher", false),
    /** Evicted, then started again on the new launcher by its VM or ReplicaSet. */
    RESTARTED("is evicted and restarted", false),
    /** Evicted and nothing starts it again. */
    SHUT_DOWN_FOR_GOOD("is evicted and not restarted", true),
    /** Keeps running on the old launcher (label kubevirt.io/outdatedLauncherImage) until it restarts. */
    STAYS_OUTDATED("keeps the outdated launcher", false);

    private final String phrase;
    private final boolean blocksVirtualizationUpgrade;

    WorkloadUpdateOutcome(String phrase, boolean blocksVirtualizationUpgrade) {
        this.phrase = phrase;
        this.blocksVirtualizationUpgrade = blocksVirtualizationUpgrade;
    }

    /** Completes "a VMI that ...", e.g. "keeps the outdated launcher". */
    public String phrase() {
        return phrase;
    }

    /** Denies an OKD Virtualization InstallPlan approval. */
    public boolean blocksVirtualizationUpgrade() {
        return blocksVirtualizationUpgrade;
    }
}
