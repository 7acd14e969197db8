package io.hcoguard.migratability;

/**
 * Why a VMI does not live migrate, each with a detail naming the culprit. Two families:
 * <ul>
 *   <li>causes of KubeVirt's own {@code LiveMigratable} verdict, named so the message says why
 *       (KubeVirt does not try to migrate the VMI);
 *   <li>reasons a migration KubeVirt does try cannot succeed, which its condition cannot see
 *       ({@link #failsMigration()}): the drain or the workload update retries it forever.
 * </ul>
 */
public enum NotMigratableReason {
    /** detail: the condition as described by {@link LiveMigratable#describe()}. */
    KUBEVIRT_CONDITION(false),
    /** detail: the PVC name; without ReadWriteMany the target node cannot attach it. */
    NON_RWX_PVC(false),
    /** detail: the volume name; a hostDisk that is not {@code shared: true}. */
    HOST_DISK(false),
    /** detail: the host device name. */
    HOST_DEVICE(false),
    /** detail: the GPU names; more than one GPU does not migrate. */
    GPUS(false),
    /** detail: the PVC name; its StorageClass uses a hostpath provisioner: the disk is on one node. */
    HOSTPATH_VOLUME(true),
    /**
     * detail: which constraint leaves no node; KubeVirt's migration target pod keeps the VMI's node
     * selector, affinity and tolerations and may not run on the source node: it never schedules.
     */
    NO_MIGRATION_TARGET(true),
    /** detail: the KubeVirt setting that is 0, e.g. parallelMigrationsPerCluster. */
    LIVE_MIGRATION_OFF(true),
    /** detail: the interface name; counted only with guard.migratability.sriov-blocks (no free VFs on target nodes). */
    SRIOV_INTERFACE(true);

    private final boolean failsMigration;

    NotMigratableReason(boolean failsMigration) {
        this.failsMigration = failsMigration;
    }

    /** KubeVirt tries the migration, and it cannot succeed. */
    public boolean failsMigration() {
        return failsMigration;
    }

    /** A short phrase for people, e.g. "PVC data on hostpath storage". */
    public String describe(String detail) {
        return switch (this) {
            case KUBEVIRT_CONDITION -> detail;
            case NON_RWX_PVC -> "PVC " + detail + " not ReadWriteMany";
            case HOST_DISK -> "hostDisk volume " + detail + " not shared";
            case HOST_DEVICE -> "host device " + detail;
            case GPUS -> "GPUs " + detail;
            case HOSTPATH_VOLUME -> "PVC " + detail + " on hostpath storage";
            case NO_MIGRATION_TARGET -> "no migration target: " + detail;
            case LIVE_MIGRATION_OFF -> "live migration switched off (" + detail + ": 0)";
            case SRIOV_INTERFACE -> "SR-IOV interface " + detail + " (guard.migratability.sriov-blocks)";
        };
    }
}
