package io.hcoguard.hyperconverged;

/**
 * Counts of running VMIs the cluster inventory provides (an empty Optional in its place means the
 * inventory is not synced: no cluster-state warnings then).
 *
 * @param notMigratable VMIs that cannot be live migrated
 * @param notRestartedAfterEviction VMIs that would stay down after an eviction (no VM with runStrategy Always)
 * @param notMigratableNorRestarted VMIs that can neither migrate nor come back after an eviction
 * @param outdatedLaunchers VMIs whose virt-launcher runs an outdated image
 * @param notMigratableInheritingClusterDefault non-migratable VMIs that took the cluster eviction strategy
 */
public record RunningWorkloads(
        int notMigratable,
        int notRestartedAfterEviction,
        int notMigratableNorRestarted,
        int outdatedLaunchers,
        int notMigratableInheritingClusterDefault) {
}
