package io.hcoguard.bench;

import io.hcoguard.config.EnvironmentConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hcoguard.inventory.ClusterIndex;
import io.hcoguard.inventory.WatchedKind;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.placement.PersistentVolumeSnapshot;
import io.hcoguard.placement.PlacementVerdict;
import io.hcoguard.placement.SchedulingConstraints;
import java.time.Clock;
import java.util.List;

/**
 * The index as the app runs it, counting the VMIs it classifies: the classifier asks {@link #placement}
 * once per VMI it judges, so the count says how many VMIs an event re-judged, through public API only.
 */
final class CountingIndex extends ClusterIndex {

    private long classified;

    CountingIndex() {
        super(EnvironmentConfig.policy(EnvironmentConfig.defaults().migratability()), Clock.systemUTC());
    }

    @Override
    public synchronized PlacementVerdict placement(String node, SchedulingConstraints constraints,
            List<PersistentVolumeSnapshot> bound) {
        classified++;
        return super.placement(node, constraints, bound);
    }

    /** VMIs classified since the index was made. */
    synchronized long classified() {
        return classified;
    }

    /** How many VMIs one upsert made the index classify again. */
    synchronized long classifiedBy(WatchedKind kind, HasMetadata object) {
        long before = classified;
        upsert(kind, object);
        return classified - before;
    }
}
