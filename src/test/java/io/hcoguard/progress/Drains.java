package io.hcoguard.progress;

import io.hcoguard.drain.MachineConfigPoolSnapshot;
import io.hcoguard.drain.NodeMaintenanceSnapshot;
import io.hcoguard.drain.NodeTopology;
import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.KubeVirtSimulation;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.NotMigratableReason;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.Verdicts;
import io.hcoguard.migratability.VmiFacts;
import io.hcoguard.migratability.VmiMovement;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.placement.NodeSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Nodes as the machine-config operator annotates them, VMIs KubeVirt is moving, and snapshots of both. */
final class Drains {

    static final Instant T0 = Instant.parse("2025-11-03T10:00:00Z");

    private final List<NodeSnapshot> nodes = new ArrayList<>();
    private final List<NodeMaintenanceSnapshot> maintenances = new ArrayList<>();
    private final List<MachineConfigPoolSnapshot> pools = new ArrayList<>();
    private final List<VmiVerdict> verdicts = new ArrayList<>();

    static Drains cluster() {
        return new Drains();
    }

    /** A schedulable node with these machine-config annotations (key=value pairs, short keys: desiredDrain=...). */
    Drains node(String name, String... annotations) {
        nodes.add(node(name, false, annotations));
        return this;
    }

    Drains cordoned(String name, String... annotations) {
        nodes.add(node(name, true, annotations));
        return this;
    }

    Drains maintenance(String name, String node, NodeMaintenanceSnapshot.Phase phase) {
        maintenances.add(new NodeMaintenanceSnapshot(name, node, "upgrade", phase));
        return this;
    }

    Drains pool(MachineConfigPoolSnapshot pool) {
        pools.add(pool);
        return this;
    }

    Drains vmi(Verdicts vmi) {
        return vmi(vmi, VmiMovement.NONE);
    }

    Drains vmi(Verdicts vmi, VmiMovement movement) {
        VmiFacts facts = vmi.facts();
        verdicts.add(KubeVirtSimulation.judge(new VmiFacts(facts.namespace(), facts.name(), facts.node(), facts.controller(),
                facts.ownEvictionStrategy(), facts.migratability(), facts.outdatedLauncher(), movement), ClusterSettings.DEFAULTS));
        return this;
    }

    VerdictSnapshot snapshot() {
        return VerdictSnapshot.of(true, verdicts, ClusterSettings.DEFAULTS,
                new NodeTopology(nodes, pools, Optional.empty(), maintenances, Optional.empty()), T0);
    }

    List<NodeDrain> drains() {
        return DrainsInProgress.of(snapshot());
    }

    /** LiveMigrate on a ReadWriteOnce PVC: KubeVirt refuses its eviction. */
    static Verdicts stalling(String namespace, String name, String node) {
        return Verdicts.vmi(namespace, name).on(node).strategy(EvictionStrategy.LIVE_MIGRATE)
                .notMigratable("DisksNotLiveMigratable", new NotMigratable(NotMigratableReason.NON_RWX_PVC, name + "-root"));
    }

    /** LiveMigrate and migratable. */
    static Verdicts migratable(String namespace, String name, String node) {
        return Verdicts.vmi(namespace, name).on(node).strategy(EvictionStrategy.LIVE_MIGRATE);
    }

    static VmiMovement migratingTo(String evacuatedFrom, String target) {
        return new VmiMovement(evacuatedFrom, true, target);
    }

    private static NodeSnapshot node(String name, boolean cordoned, String... annotations) {
        Map<String, String> machineConfig = new HashMap<>();
        for (String annotation : annotations) {
            String[] pair = annotation.split("=", 2);
            machineConfig.put("machineconfiguration.openshift.io/" + pair[0], pair[1]);
        }
        return new NodeSnapshot(name, Map.of(NodeSnapshot.HOSTNAME_LABEL, name, "node-role.kubernetes.io/worker", ""),
                List.of(), cordoned, true, machineConfig);
    }
}
