package io.hcoguard.migratability;

import io.hcoguard.placement.NodeSnapshot;
import io.hcoguard.placement.PersistentVolumeSnapshot;
import io.hcoguard.placement.Placement;
import io.hcoguard.placement.PlacementVerdict;
import io.hcoguard.placement.SchedulingConstraints;
import io.hcoguard.placement.Taint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A TopologyView over fixed Nodes and PersistentVolumes, judged by the real placement code. */
final class InMemoryTopology implements TopologyView {

    private final List<NodeSnapshot> nodes = new ArrayList<>();
    private final Map<String, PersistentVolumeSnapshot> volumesByClaim = new HashMap<>();

    /** A Ready, schedulable node where virt-handler runs, with its hostname label and these labels. */
    InMemoryTopology node(String name, String... labels) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(NodeSnapshot.HOSTNAME_LABEL, name);
        all.put(SchedulingConstraints.SCHEDULABLE_LABEL, "true");
        for (String label : labels) {
            String[] parts = label.split("=", 2);
            all.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        nodes.add(new NodeSnapshot(name, all, List.<Taint>of(), false, true, Map.of()));
        return this;
    }

    InMemoryTopology volume(String namespace, String claim, PersistentVolumeSnapshot volume) {
        volumesByClaim.put(namespace + "/" + claim, volume);
        return this;
    }

    @Override
    public Optional<PersistentVolumeSnapshot> boundVolume(String namespace, String claim) {
        return Optional.ofNullable(volumesByClaim.get(namespace + "/" + claim));
    }

    @Override
    public PlacementVerdict placement(String node, SchedulingConstraints constraints, List<PersistentVolumeSnapshot> volumes) {
        return Placement.judge(node, constraints, volumes, nodes);
    }
}
