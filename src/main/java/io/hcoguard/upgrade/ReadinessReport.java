package io.hcoguard.upgrade;

import io.hcoguard.drain.DrainOperation;
import io.hcoguard.drain.NodeTopology;
import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.Remediation;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiController;
import io.hcoguard.migratability.VmiFacts;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import io.hcoguard.placement.NodeSnapshot;
import io.hcoguard.progress.Draining;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code GET /upgrade-readiness} answers: a plain record for JSON (strings, numbers, lists,
 * maps; no Optional, so any JSON mapper writes it), and {@link #toText()} for people. Every running
 * VMI is listed under its node, because drains go node by node, with its drain and workload-update
 * outcome; so is every finished VMI whose completed launcher pod stalls a drain on the running KubeVirt
 * version, marked finished; blockers carry their fix.
 *
 * @param ready synced, and neither a cluster upgrade nor an OKD Virtualization upgrade is blocked
 * @param lastChange ISO-8601 instant of the snapshot's last change
 * @param summary one sentence, the first line of the text form
 * @param kubeVirtVersion the KubeVirt CR's {@code status.observedKubeVirtVersion}, null when not reported
 * @param placement null when migration targets were judged; else why not ("the view knows no Node")
 * @param pools the MachineConfigPools, empty where the kind does not exist
 * @param openshift what hco-guard asserts on OpenShift's own surfaces; null where nothing was read
 */
public record ReadinessReport(
        boolean ready,
        boolean synced,
        int runningVmis,
        String lastChange,
        String summary,
        Settings settings,
        String kubeVirtVersion,
        String placement,
        Gate clusterUpgrade,
        Gate virtualizationUpgrade,
        List<Pool> pools,
        List<Node> nodes,
        OpenShift openshift) {

    /** The cluster settings the verdicts rest on. */
    public record Settings(String evictionStrategy, String workloadUpdateMethods, int batchEvictionSize, String liveMigration) {

        static Settings of(ClusterSettings settings) {
            return new Settings(
                    settings.evictionStrategy().map(s -> s.spelling()).orElse("None (not set)"),
                    settings.workloadUpdate().methodsText(),
                    settings.workloadUpdate().batchEvictionSize(),
                    settings.liveMigrationOff().map(field -> "off (" + field + ": 0)").orElse("on"));
        }
    }

    /**
     * One upgrade's readiness.
     *
     * @param outcomes running VMIs per outcome, every outcome listed
     * @param blocking VMIs that block it (for a cluster upgrade, finished VMIs that stall a drain too)
     * @param nodes what it does to which nodes, e.g. "drains every node (no MachineConfigPool exists)"
     */
    public record Gate(boolean ready, int blocking, Map<String, Integer> outcomes, String nodes) {
    }

    /**
     * One MachineConfigPool.
     *
     * @param nodes nodes whose primary pool it is
     * @param blocking VMIs on its nodes that a drain would stall (finished ones too) or shut down for good (on a
     *     single node: running VMIs that a reboot would leave stopped): they block its unpause, or the cluster upgrade
     */
    public record Pool(String name, boolean paused, boolean pendingConfiguration, int nodes, int blocking) {
    }

    /**
     * The VMIs on one node ({@code status.nodeName}; "" when not reported), and what the view knows of the node.
     *
     * @param pool its primary MachineConfigPool, null when none (or the kind does not exist)
     * @param known the view has the Node; {@code schedulable}, {@code ready} mean nothing otherwise
     * @param maintenance the NodeMaintenance for it, null when none
     * @param draining while the node is being drained: since when, by what, the VMIs it waits on; null otherwise
     */
    public record Node(String name, String pool, boolean known, boolean schedulable, boolean ready, String maintenance,
            int blocking, List<Entry> vmis, Draining draining) {
    }

    /**
     * One running VMI, or a finished one that stalls a drain.
     *
     * @param controller "VM ns/name", "VirtualMachineInstanceReplicaSet ns/name" or "standalone VMI"
     * @param vm the owning VirtualMachine, null otherwise
     * @param blocks the upgrades it blocks: "cluster", "virtualization"
     * @param remediation what to do, one sentence; null when it blocks nothing
     * @param commands ready-to-run shell commands for that fix
     * @param finished the phase of a finished VMI (Succeeded, Failed), null for a running one; a finished VMI
     *     has no workload-update outcome ({@code updateOutcome} and {@code update} are null)
     */
    public record Entry(
            String namespace,
            String vmi,
            String vm,
            String controller,
            String evictionStrategy,
            boolean evictionStrategyInherited,
            String restart,
            List<String> reasons,
            String drainOutcome,
            String drain,
            String updateOutcome,
            String update,
            List<String> blocks,
            String remediation,
            List<String> commands,
            String finished) {

        public Entry {
            reasons = List.copyOf(reasons);
            blocks = List.copyOf(blocks);
            commands = List.copyOf(commands);
        }

        static Entry of(VmiVerdict verdict, OperationBlockers cluster, Set<VmiVerdict> clusterBlockers) {
            List<String> blocks = new ArrayList<>();
            Remediation fix = null;
            if (clusterBlockers.contains(verdict)) {
                blocks.add("cluster");
                fix = cluster.effect().remediation(verdict);
            }
            if (!verdict.isFinished() && verdict.update().outcome().blocksVirtualizationUpgrade()) {
                blocks.add("virtualization");
                fix = fix == null ? verdict.updateRemediation() : fix;
            }
            VmiController controller = verdict.vmi().controller();
            return new Entry(
                    verdict.vmi().namespace(),
                    verdict.vmi().name(),
                    controller instanceof VmiController.VirtualMachine vm ? vm.name() : null,
                    controller.describe(verdict.vmi().namespace()),
                    verdict.evictionStrategy().spelling(),
                    verdict.evictionStrategyInherited(),
                    controller.restartText(),
                    verdict.migratability().reasons().stream().map(NotMigratable::describe).toList(),
                    verdict.drain().outcome().name(),
                    verdict.drain().consequence(),
                    verdict.isFinished() ? null : verdict.update().outcome().name(),
                    verdict.isFinished() ? null : verdict.update().consequence(),
                    blocks,
                    fix == null ? null : fix.advice(),
                    fix == null ? List.of() : fix.commands(),
                    verdict.finished().map(VmiVerdict.Finished::phase).orElse(null));
        }

        boolean blocking() {
            return !blocks.isEmpty();
        }
    }

    /**
     * What hco-guard asserts where OpenShift admins look (docs/openshift.md), as this replica last
     * read or wrote it.
     *
     * @param writer the replica that writes them (the Lease holder), "" while none is known
     * @param thisReplicaWrites this replica holds the Lease
     */
    public record OpenShift(String writer, boolean thisReplicaWrites, ClusterOperator clusterOperator, Hold virtualizationHold) {
    }

    /**
     * ClusterOperator hco-guard.
     *
     * @param state WRITTEN, NOT_WRITTEN_YET, OFF, KIND_ABSENT (no ClusterOperator CRD), FORBIDDEN (RBAC) or FAILING
     * @param upgradeable its Upgradeable status ("True", "False", "Unknown"), "" when it has none
     */
    public record ClusterOperator(String state, String upgradeable, String reason, String message) {
    }

    /**
     * The hold of OKD Virtualization updates on the OperatorCondition of HCO's installed CSV.
     *
     * @param state HELD, NOT_HELD, FOREIGN_OVERRIDE (someone else's override decides), OFF,
     *     NO_INSTALLED_CSV, NO_OPERATOR_CONDITION, KIND_ABSENT, FORBIDDEN, FAILING or NOT_READ_YET
     * @param operatorCondition "namespace/name", "" when not found
     * @param message the override OLM reads ("" when none)
     */
    public record Hold(String state, String operatorCondition, String message) {
    }

    public ReadinessReport {
        pools = List.copyOf(pools);
        nodes = List.copyOf(nodes);
    }

    /** The same report with what hco-guard asserts on OpenShift's surfaces. */
    public ReadinessReport withOpenShift(OpenShift value) {
        return new ReadinessReport(ready, synced, runningVmis, lastChange, summary, settings, kubeVirtVersion, placement,
                clusterUpgrade, virtualizationUpgrade, pools, nodes, value);
    }

    public static ReadinessReport of(VerdictSnapshot snapshot, GatePolicy policy) {
        return of(snapshot, policy, Map.of());
    }

    /** @param draining the nodes being drained now, by name (io.hcoguard.progress.DrainWatch#draining) */
    public static ReadinessReport of(VerdictSnapshot snapshot, GatePolicy policy, Map<String, Draining> draining) {
        NodeTopology topology = snapshot.topology();
        OperationBlockers cluster = OperationBlockers.of(new DrainOperation.ClusterUpgrade(false), snapshot, policy, false);
        Set<VmiVerdict> clusterBlockers = new HashSet<>(cluster.blockers());
        Map<String, List<Entry>> byNode = new TreeMap<>();
        topology.nodes().forEach(node -> byNode.put(node.name(), new ArrayList<>()));
        draining.keySet().forEach(node -> byNode.putIfAbsent(node, new ArrayList<>()));
        List<VmiVerdict> listed = new ArrayList<>(snapshot.running());
        listed.addAll(snapshot.finished());
        listed.sort(Comparator.comparing(VmiVerdict::vmi, VmiFacts.BY_NODE_AND_NAME));
        for (VmiVerdict verdict : listed) {
            byNode.computeIfAbsent(verdict.vmi().node(), n -> new ArrayList<>()).add(Entry.of(verdict, cluster, clusterBlockers));
        }
        Map<String, String> maintenance = new HashMap<>();
        topology.maintenances().forEach(m -> maintenance.putIfAbsent(m.nodeName(), m.name()));
        List<Node> nodes = new ArrayList<>();
        byNode.forEach((name, entries) -> {
            Optional<NodeSnapshot> node = topology.node(name);
            int blocking = (int) entries.stream().filter(Entry::blocking).count();
            nodes.add(new Node(name, topology.membership(name).primaryPool().orElse(null), node.isPresent(),
                    node.map(n -> !n.unschedulable()).orElse(false), node.map(NodeSnapshot::ready).orElse(false),
                    maintenance.get(name), blocking, entries, draining.get(name)));
        });
        List<Pool> pools = pools(snapshot, policy);
        Map<String, Integer> drains = new LinkedHashMap<>();
        for (DrainOutcome outcome : DrainOutcome.values()) {
            drains.put(outcome.name(), snapshot.count(outcome));
        }
        Map<String, Integer> updates = new LinkedHashMap<>();
        int updateBlockers = 0;
        for (WorkloadUpdateOutcome outcome : WorkloadUpdateOutcome.values()) {
            updates.put(outcome.name(), snapshot.count(outcome));
            updateBlockers += outcome.blocksVirtualizationUpgrade() ? snapshot.count(outcome) : 0;
        }
        boolean synced = snapshot.synced();
        Gate clusterGate = new Gate(synced && cluster.blockers().isEmpty(), cluster.blockers().size(), drains,
                cluster.scope().disruption().words() + ": " + cluster.nodesText(NODES_SHOWN));
        Gate virtualization = new Gate(synced && updateBlockers == 0, updateBlockers, updates,
                "none drained: KubeVirt's workload updater moves the VMIs");
        return new ReadinessReport(
                clusterGate.ready() && virtualization.ready(),
                synced,
                snapshot.running().size(),
                snapshot.lastChange().toString(),
                summary(synced, snapshot.running().size(), clusterGate, BlockerCounts.vmis(cluster.blockers()), virtualization),
                Settings.of(snapshot.settings()),
                topology.kubeVirtVersion().orElse(null),
                topology.knowsNoNode() ? "not judged: the view knows no Node" : null,
                clusterGate,
                virtualization,
                pools,
                nodes,
                null);
    }

    /**
     * Each MachineConfigPool and what a drain of its nodes meets, for the report and the metrics
     * ({@link PoolMetrics}): its Nodes (a node is in its primary pool only, as the machine-config
     * operator counts it), and the running VMIs on them that stall a drain (on single-node OpenShift,
     * that the reboot leaves off).
     */
    public static List<Pool> pools(VerdictSnapshot snapshot, GatePolicy policy) {
        NodeTopology topology = snapshot.topology();
        if (topology.pools().isEmpty()) {
            return List.of();
        }
        // One pass over the blockers, counted by node, rather than a pass per node.
        Map<String, Integer> blockersByNode = new HashMap<>();
        List<VmiVerdict> blockers = topology.singleReplica()
                ? snapshot.running().stream().filter(v -> !v.restartsAfterNodeReboot()).toList()
                : snapshot.withDrain(UpgradeGate.drainBlocking(policy));
        blockers.forEach(v -> blockersByNode.merge(v.vmi().node(), 1, Integer::sum));
        Map<String, Integer> poolNodes = new HashMap<>();
        Map<String, Integer> poolBlocking = new HashMap<>();
        for (NodeSnapshot node : topology.nodes()) {
            topology.membership(node.name()).primaryPool().ifPresent(pool -> {
                poolNodes.merge(pool, 1, Integer::sum);
                poolBlocking.merge(pool, blockersByNode.getOrDefault(node.name(), 0), Integer::sum);
            });
        }
        return topology.pools().stream()
                .map(p -> new Pool(p.name(), p.paused(), p.pendingConfiguration(), poolNodes.getOrDefault(p.name(), 0),
                        poolBlocking.getOrDefault(p.name(), 0)))
                .toList();
    }

    /** Nodes named in the text of what a cluster upgrade drains; the rest are counted. */
    private static final int NODES_SHOWN = 5;

    /** @param clusterBlockers the cluster upgrade's blockers counted ("2 running VMIs and 1 finished VMI") */
    private static String summary(boolean synced, int running, Gate cluster, String clusterBlockers, Gate virtualization) {
        if (!synced) {
            return "Unknown: the cluster view (VMIs, VMs, storage, nodes) is not synced yet.";
        }
        if (cluster.ready() && virtualization.ready()) {
            return "Ready: none of the " + BlockerCounts.runningVmis(running) + " blocks an upgrade.";
        }
        List<String> parts = new ArrayList<>();
        if (!cluster.ready()) {
            parts.add("a cluster upgrade is blocked by " + clusterBlockers
                    + " (would stall a drain or be shut down for good)");
        }
        if (!virtualization.ready()) {
            parts.add("an OKD Virtualization upgrade is blocked by " + BlockerCounts.runningVmis(virtualization.blocking())
                    + " (would be shut down for good by the workload update)");
        }
        return "Not ready: " + String.join("; ", parts) + ".";
    }

    /** The summary, the settings, the counts, then node by node each VMI with its outcomes and, for blockers, the fix. */
    public String toText() {
        List<String> lines = new ArrayList<>();
        lines.add(summary);
        lines.add("Running VMIs: " + runningVmis + ", as of " + lastChange + ".");
        lines.add("Cluster settings: evictionStrategy " + settings.evictionStrategy() + ", workloadUpdateMethods "
                + settings.workloadUpdateMethods() + ", live migration " + settings.liveMigration() + ".");
        lines.add("KubeVirt version: " + (kubeVirtVersion == null ? "not reported" : kubeVirtVersion) + ".");
        if (placement != null) {
            lines.add("Migration targets: " + placement + ".");
        }
        lines.add("A cluster upgrade: nodes " + clusterUpgrade.nodes() + ".");
        if (!pools.isEmpty()) {
            lines.add("Pools: " + String.join(", ", pools.stream().map(ReadinessReport::poolText).toList()) + ".");
        }
        lines.add("Drain outcomes: " + counts(clusterUpgrade.outcomes()) + ".");
        lines.add("Workload-update outcomes: " + counts(virtualizationUpgrade.outcomes()) + ".");
        if (openshift != null) {
            lines.add(openShiftText(openshift));
        }
        for (Node node : nodes) {
            lines.add("");
            lines.add("Node " + (node.name().isEmpty() ? "(not reported)" : node.name()) + nodeText(node) + ": "
                    + node.vmis().size() + (node.vmis().size() == 1 ? " VMI" : " VMIs") + ", " + node.blocking() + " blocking");
            if (node.draining() != null) {
                lines.add("  " + node.draining().summary());
            }
            for (Entry entry : node.vmis()) {
                lines.add((entry.blocking() ? "  ! " : "  - ") + entry.namespace() + "/" + entry.vmi() + " ("
                        + entry.controller() + (entry.finished() == null ? "" : ", finished " + entry.finished())
                        + "): drain " + entry.drainOutcome()
                        + (entry.updateOutcome() == null ? "" : ", update " + entry.updateOutcome()));
                if (entry.blocking()) {
                    lines.add("      drain: " + entry.drain());
                    if (entry.update() != null) {
                        lines.add("      update: " + entry.update());
                    }
                    if (!entry.reasons().isEmpty()) {
                        lines.add("      why: " + String.join(", ", entry.reasons()));
                    }
                    lines.add("      evictionStrategy=" + entry.evictionStrategy()
                            + (entry.evictionStrategyInherited() ? " (cluster default)" : "") + ", " + entry.restart());
                    Remediation.instructions(entry.remediation(), entry.commands())
                            .forEach(line -> lines.add("      " + line));
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }

    /** "worker-cnv (paused, configuration pending, 2 nodes, 1 blocking)". */
    private static String poolText(Pool pool) {
        List<String> parts = new ArrayList<>();
        if (pool.paused()) {
            parts.add("paused");
        }
        if (pool.pendingConfiguration()) {
            parts.add("configuration pending");
        }
        parts.add(pool.nodes() + (pool.nodes() == 1 ? " node" : " nodes"));
        parts.add(pool.blocking() + " blocking");
        return pool.name() + " (" + String.join(", ", parts) + ")";
    }

    /** " (pool worker, cordoned, NotReady, maintenance nm-1)" for a node the view knows; nothing otherwise. */
    private static String nodeText(Node node) {
        if (!node.known()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        parts.add(node.pool() == null ? "no pool" : "pool " + node.pool());
        if (!node.schedulable()) {
            parts.add("cordoned");
        }
        if (!node.ready()) {
            parts.add("NotReady");
        }
        if (node.maintenance() != null) {
            parts.add("maintenance " + node.maintenance());
        }
        return " (" + String.join(", ", parts) + ")";
    }

    /** "OpenShift (written by pod-a, this replica): ClusterOperator hco-guard Upgradeable=False (...); OKD Virtualization updates HELD (ns/csv)." */
    private static String openShiftText(OpenShift openshift) {
        String writer = openshift.writer().isEmpty() ? "no writer known"
                : "written by " + openshift.writer() + (openshift.thisReplicaWrites() ? ", this replica" : "");
        ClusterOperator operator = openshift.clusterOperator();
        String upgradeable = operator.upgradeable().isEmpty() ? operator.state()
                : "Upgradeable=" + operator.upgradeable() + (operator.reason().isEmpty() ? "" : " (" + operator.reason() + ")");
        Hold hold = openshift.virtualizationHold();
        return "OpenShift (" + writer + "): ClusterOperator hco-guard " + upgradeable + "; OKD Virtualization updates "
                + hold.state() + (hold.operatorCondition().isEmpty() ? "" : " (" + hold.operatorCondition() + ")") + ".";
    }

    private static String counts(Map<String, Integer> outcomes) {
        List<String> parts = new ArrayList<>();
        outcomes.forEach((outcome, count) -> {
            if (count > 0) {
                parts.add(outcome + " " + count);
            }
        });
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
