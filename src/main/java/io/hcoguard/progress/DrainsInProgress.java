package io.hcoguard.progress;

import io.hcoguard.drain.NodeMaintenanceSnapshot;
import io.hcoguard.drain.NodeTopology;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.placement.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The nodes being drained now, from one snapshot of the cluster view: pure, no clock. */
public final class DrainsInProgress {

    private DrainsInProgress() {
    }

    /** Every draining node, by name, with the running VMIs still on it. */
    public static List<NodeDrain> of(VerdictSnapshot snapshot) {
        NodeTopology topology = snapshot.topology();
        Map<String, List<VmiVerdict>> vmisByNode = new TreeMap<>();
        for (VmiVerdict verdict : snapshot.running()) { // sorted by node, namespace, name
            vmisByNode.computeIfAbsent(verdict.vmi().node(), n -> new ArrayList<>()).add(verdict);
        }
        Map<String, List<DrainCause>> causes = new TreeMap<>();
        for (NodeSnapshot node : topology.nodes()) {
            DrainCause.machineConfig(node).ifPresent(cause -> causes.computeIfAbsent(node.name(), n -> new ArrayList<>()).add(cause));
        }
        for (NodeMaintenanceSnapshot maintenance : topology.maintenances()) { // sorted by name
            DrainCause.maintenance(maintenance)
                    .ifPresent(cause -> causes.computeIfAbsent(maintenance.nodeName(), n -> new ArrayList<>()).add(cause));
        }
        for (NodeSnapshot node : topology.nodes()) {
            boolean evacuating = node.unschedulable() && vmisByNode.getOrDefault(node.name(), List.of()).stream()
                    .anyMatch(verdict -> verdict.vmi().movement().evacuatedFrom(node.name()));
            if (evacuating && !causes.containsKey(node.name())) { // else the marks are that drain's doing
                causes.computeIfAbsent(node.name(), n -> new ArrayList<>()).add(new DrainCause.Evacuation());
            }
        }
        List<NodeDrain> drains = new ArrayList<>();
        causes.forEach((node, why) -> drains.add(new NodeDrain(node, why,
                vmisByNode.getOrDefault(node, List.of()).stream().map(v -> new DrainedVmi(v, Departure.of(v))).toList())));
        return drains;
    }
}
