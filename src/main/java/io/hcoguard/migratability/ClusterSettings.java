package io.hcoguard.migratability;

import java.util.Objects;
import java.util.Optional;

/**
 * The cluster-wide KubeVirt settings the verdicts depend on (the KubeVirt CR, mirrored from HCO's).
 *
 * @param evictionStrategy {@code spec.configuration.evictionStrategy}: VMIs without their own follow it
 * @param workloadUpdate {@code spec.workloadUpdateStrategy}
 * @param liveMigrationOff the migrations setting that is 0 ({@code parallelMigrationsPerCluster} or
 *     {@code parallelOutboundMigrationsPerNode}), empty while live migration is on
 */
public record ClusterSettings(
        Optional<EvictionStrategy> evictionStrategy, WorkloadUpdateStrategy workloadUpdate, Optional<String> liveMigrationOff) {

    /** What KubeVirt does with no CR setting anything: no cluster strategy, HCO's update default. */
    public static final ClusterSettings DEFAULTS =
            new ClusterSettings(Optional.empty(), WorkloadUpdateStrategy.DEFAULT, Optional.empty());

    public ClusterSettings {
        Objects.requireNonNull(evictionStrategy, "evictionStrategy");
        Objects.requireNonNull(workloadUpdate, "workloadUpdate");
        Objects.requireNonNull(liveMigrationOff, "liveMigrationOff");
    }

    public ClusterSettings withEvictionStrategy(EvictionStrategy strategy) {
        return new ClusterSettings(Optional.of(strategy), workloadUpdate, liveMigrationOff);
    }

    public ClusterSettings withWorkloadUpdate(WorkloadUpdateStrategy strategy) {
        return new ClusterSettings(evictionStrategy, strategy, liveMigrationOff);
    }

    public ClusterSettings withLiveMigrationOff(String field) {
        return new ClusterSettings(evictionStrategy, workloadUpdate, Optional.of(field));
    }
}
