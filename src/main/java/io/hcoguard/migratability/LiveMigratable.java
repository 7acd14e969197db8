package io.hcoguard.migratability;

/**
 * KubeVirt's {@code LiveMigratable} condition on a VMI, written by virt-controller. KubeVirt's
 * {@code IsMigratable()} is true only for {@link Status#TRUE}: a missing or Unknown condition
 * counts as not migratable, in the eviction admitter and in the workload updater alike.
 *
 * @param reason KubeVirt's reason (e.g. DisksNotLiveMigratable), empty when it gives none
 */
public record LiveMigratable(Status status, String reason) {

    public enum Status { TRUE, FALSE, UNKNOWN, MISSING }

    public static final LiveMigratable MISSING = new LiveMigratable(Status.MISSING, "");
    public static final LiveMigratable MIGRATABLE = new LiveMigratable(Status.TRUE, "");

    public LiveMigratable {
        reason = reason == null ? "" : reason;
    }

    /** What KubeVirt's IsMigratable() answers. */
    public boolean kubeVirtWillMigrate() {
        return status == Status.TRUE;
    }

    /** For people: "LiveMigratable=False (DisksNotLiveMigratable)", "LiveMigratable not reported". */
    public String describe() {
        return switch (status) {
            case TRUE -> "LiveMigratable=True";
            case FALSE -> "LiveMigratable=False (" + (reason.isEmpty() ? "no reason given" : reason) + ")";
            case UNKNOWN -> "LiveMigratable=Unknown" + (reason.isEmpty() ? "" : " (" + reason + ")");
            case MISSING -> "LiveMigratable not reported";
        };
    }
}
