package io.hcoguard.migratability;

import io.hcoguard.placement.PersistentVolumeSnapshot;
import io.hcoguard.placement.PlacementVerdict;
import io.hcoguard.placement.SchedulingConstraints;
import java.util.List;
import java.util.Optional;

/** The Nodes and PersistentVolumes the classifier judges a migration's target by; the inventory implements it. */
public interface TopologyView {

    /** A view that knows no Node and no PersistentVolume: placement is not judged (a saved list without them). */
    TopologyView NONE = new TopologyView() {
        @Override
        public Optional<PersistentVolumeSnapshot> boundVolume(String namespace, String claim) {
            return Optional.empty();
        }

        @Override
        public PlacementVerdict placement(String node, SchedulingConstraints constraints, List<PersistentVolumeSnapshot> volumes) {
            return new PlacementVerdict.NotJudged("the view knows no Node");
        }
    };

    /** The PersistentVolume bound to this claim ({@code spec.claimRef}), if the view has it. */
    Optional<PersistentVolumeSnapshot> boundVolume(String namespace, String claim);

    /** Whether a migration of a VMI on {@code node} with these constraints and volumes has a target node. */
    PlacementVerdict placement(String node, SchedulingConstraints constraints, List<PersistentVolumeSnapshot> volumes);
}
