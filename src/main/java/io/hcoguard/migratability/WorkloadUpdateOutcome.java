package io.hcoguard.migratability;

/**
 * What an OKD Virtualization upgrade does to one running VMI: it drains no node; KubeVirt's
 * workload updater moves VMIs to the new virt-launcher by the workload update strategy.
 */
public enum WorkloadUpdateOutcome {
    /** Live migrated onto a new virt-launcher. */
    UPDATED_BY_MIGRATION(false),
    /** Evicted, then started again on the new launcher by its VM or ReplicaSet. */
    RESTARTED(false),
    /** Evicted and nothing starts it again. */
    SHUT_DOWN_FOR_GOOD(true),
    /** Keeps running on the old launcher (label kubevirt.io/outdatedLauncherImage) until it restarts. */
    STAYS_OUTDATED(false);

    private final boolean blocksVirtualizationUpgrade;

    WorkloadUpdateOutcome(boolean blocksVirtualizationUpgrade) {
        this.blocksVirtualizationUpgrade = blocksVirtualizationUpgrade;
    }

    /** Denies an OKD Virtualization InstallPlan approval. */
    public boolean blocksVirtualizationUpgrade() {
        return blocksVirtualizationUpgrade;
    }
}
