package io.hcoguard.migratability;

/** Why a VMI cannot be live migrated; each comes with a detail naming the culprit. */
public enum NotMigratableReason {
    /** detail: the PVC name; its StorageClass uses a hostpath provisioner (node-local disk). */
    HOSTPATH_VOLUME,
    /** detail: the PVC name; without ReadWriteMany the target node cannot attach it. */
    NON_RWX_PVC,
    /** detail: the interface name. */
    SRIOV_INTERFACE,
    /** detail: the host device name. */
    HOST_DEVICE,
    /** detail: the GPU name. */
    GPU,
    /** detail: the volume name. */
    HOST_DISK,
    /** detail: KubeVirt's reason on the condition LiveMigratable=False, e.g. DisksNotLiveMigratable. */
    KUBEVIRT_CONDITION;

    /** A short phrase for people, e.g. "PVC data on hostpath storage". */
    public String describe(String detail) {
        return switch (this) {
            case HOSTPATH_VOLUME -> "PVC " + detail + " on hostpath storage";
            case NON_RWX_PVC -> "PVC " + detail + " not ReadWriteMany";
            case SRIOV_INTERFACE -> "SR-IOV interface " + detail;
            case HOST_DEVICE -> "host device " + detail;
            case GPU -> "GPU " + detail;
            case HOST_DISK -> "hostDisk volume " + detail;
            case KUBEVIRT_CONDITION -> "LiveMigratable=False (" + detail + ")";
        };
    }
}
