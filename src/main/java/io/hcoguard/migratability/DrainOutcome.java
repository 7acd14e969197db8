package io.hcoguard.migratability;

/**
 * What a node drain does to one running VMI, as KubeVirt's eviction admitter, its evacuation
 * controller and the VM controller decide it (DESIGN "The upgrade rule").
 */
public enum DrainOutcome {
    /** LiveMigrate or LiveMigrateIfPossible, KubeVirt reports it migratable, nothing makes the migration fail. */
    MIGRATES("is live migrated", "are live migrated", false),
    /** Eviction refused forever, or an evacuation migration that cannot succeed is retried forever. */
    STALLS_DRAIN("stalls the drain", "stall the drain", true),
    /** External: eviction refused until an external controller (cluster-api-provider-kubevirt, HyperShift) removes it. */
    WAITS_FOR_EXTERNAL_CONTROLLER("waits for its external controller", "wait for their external controllers", false),
    /** Shut down, then started again by its VM (runStrategy Always) or replaced by its ReplicaSet. */
    RESTARTED("is shut down and restarted", "are shut down and restarted", false),
    /** Shut down and nothing starts it again. */
    SHUT_DOWN_FOR_GOOD("is shut down for good", "are shut down for good", true);

    private final String one;
    private final String many;
    private final boolean blocksClusterUpgrade;

    DrainOutcome(String one, String many, boolean blocksClusterUpgrade) {
        this.one = one;
        this.many = many;
        this.blocksClusterUpgrade = blocksClusterUpgrade;
    }

    /** Completes "N running VMIs ...", e.g. "1 stalls the drain", "2 stall the drain". */
    public String phrase(int count) {
        return count == 1 ? one : many;
    }

    /** Denies a ClusterVersion update by itself (External only when configured so). */
    public boolean blocksClusterUpgrade() {
        return blocksClusterUpgrade;
    }
}
