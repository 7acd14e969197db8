package io.hcoguard.upgrade;

import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.Remediation;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiController;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code GET /upgrade-readiness} answers: a plain record for JSON (strings, numbers, lists,
 * maps; no Optional, so any JSON mapper writes it), and {@link #toText()} for people. Every running
 * VMI is listed under its node, because drains go node by node, with its drain and workload-update
 * outcome; blockers carry their fix.
 *
 * @param ready synced, and neither a cluster upgrade nor an OKD Virtualization upgrade is blocked
 * @param lastChange ISO-8601 instant of the snapshot's last change
 * @param summary one sentence, the first line of the text form
 * @param openshift what hco-guard asserts on OpenShift's own surfaces; null where nothing was read
 */
public record ReadinessReport(
        boolean ready,
        boolean synced,
        int runningVmis,
        String lastChange,
        String summary,
        Settings settings,
        Gate clusterUpgrade,
        Gate virtualizationUpgrade,
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
     * @param blocking running VMIs that block it
     */
    public record Gate(boolean ready, int blocking, Map<String, Integer> outcomes) {
    }

    /** The VMIs on one node ({@code status.nodeName}; "" when not reported). */
    public record Node(String name, int blocking, List<Entry> vmis) {
    }

    /**
     * One running VMI.
     *
     * @param controller "VM ns/name", "VirtualMachineInstanceReplicaSet ns/name" or "standalone VMI"
     * @param vm the owning VirtualMachine, null otherwise
     * @param blocks the upgrades it blocks: "cluster", "virtualization"
     * @param remediation what to do, one sentence; null when it blocks nothing
     * @param commands ready-to-run shell commands for that fix
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
            List<String> commands) {

        public Entry {
            reasons = List.copyOf(reasons);
            blocks = List.copyOf(blocks);
            commands = List.copyOf(commands);
        }

        static Entry of(VmiVerdict verdict, Set<DrainOutcome> drainBlocking) {
            List<String> blocks = new ArrayList<>();
            Remediation fix = null;
            if (drainBlocking.contains(verdict.drain().outcome())) {
                blocks.add("cluster");
                fix = verdict.drainRemediation();
            }
            if (verdict.update().outcome().blocksVirtualizationUpgrade()) {
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
                    verdict.update().outcome().name(),
                    verdict.update().consequence(),
                    blocks,
                    fix == null ? null : fix.advice(),
                    fix == null ? List.of() : fix.commands());
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
        nodes = List.copyOf(nodes);
    }

    /** The same report with what hco-guard asserts on OpenShift's surfaces. */
    public ReadinessReport withOpenShift(OpenShift value) {
        return new ReadinessReport(ready, synced, runningVmis, lastChange, summary, settings, clusterUpgrade,
                virtualizationUpgrade, nodes, value);
    }

    public static ReadinessReport of(VerdictSnapshot snapshot, GatePolicy policy) {
        Set<DrainOutcome> drainBlocking = UpgradeGate.drainBlocking(policy);
        Map<String, List<Entry>> byNode = new LinkedHashMap<>();
        for (VmiVerdict verdict : snapshot.running()) { // sorted by node
            byNode.computeIfAbsent(verdict.vmi().node(), n -> new ArrayList<>()).add(Entry.of(verdict, drainBlocking));
        }
        List<Node> nodes = new ArrayList<>();
        byNode.forEach((node, entries) ->
                nodes.add(new Node(node, (int) entries.stream().filter(Entry::blocking).count(), entries)));
        Map<String, Integer> drains = new LinkedHashMap<>();
        int drainBlockers = 0;
        for (DrainOutcome outcome : DrainOutcome.values()) {
            drains.put(outcome.name(), snapshot.count(outcome));
            drainBlockers += drainBlocking.contains(outcome) ? snapshot.count(outcome) : 0;
        }
        Map<String, Integer> updates = new LinkedHashMap<>();
        int updateBlockers = 0;
        for (WorkloadUpdateOutcome outcome : WorkloadUpdateOutcome.values()) {
            updates.put(outcome.name(), snapshot.count(outcome));
            updateBlockers += outcome.blocksVirtualizationUpgrade() ? snapshot.count(outcome) : 0;
        }
        boolean synced = snapshot.synced();
        Gate cluster = new Gate(synced && drainBlockers == 0, drainBlockers, drains);
        Gate virtualization = new Gate(synced && updateBlockers == 0, updateBlockers, updates);
        return new ReadinessReport(
                cluster.ready() && virtualization.ready(),
                synced,
                snapshot.running().size(),
                snapshot.lastChange().toString(),
                summary(synced, snapshot.running().size(), cluster, virtualization),
                Settings.of(snapshot.settings()),
                cluster,
                virtualization,
                nodes,
                null);
    }

    private static String summary(boolean synced, int running, Gate cluster, Gate virtualization) {
        if (!synced) {
            return "Unknown: the cluster view (VMIs, VMs, PVCs, StorageClasses) is not synced yet.";
        }
        if (cluster.ready() && virtualization.ready()) {
            return "Ready: none of the " + BlockerCounts.runningVmis(running) + " blocks an upgrade.";
        }
        List<String> parts = new ArrayList<>();
        if (!cluster.ready()) {
            parts.add("a cluster upgrade is blocked by " + BlockerCounts.runningVmis(cluster.blocking())
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
        lines.add("Drain outcomes: " + counts(clusterUpgrade.outcomes()) + ".");
        lines.add("Workload-update outcomes: " + counts(virtualizationUpgrade.outcomes()) + ".");
        if (openshift != null) {
            lines.add(openShiftText(openshift));
        }
        for (Node node : nodes) {
            lines.add("");
            lines.add("Node " + (node.name().isEmpty() ? "(not reported)" : node.name()) + ": " + node.vmis().size()
                    + (node.vmis().size() == 1 ? " VMI" : " VMIs") + ", " + node.blocking() + " blocking");
            for (Entry entry : node.vmis()) {
                lines.add((entry.blocking() ? "  ! " : "  - ") + entry.namespace() + "/" + entry.vmi() + " ("
                        + entry.controller() + "): drain " + entry.drainOutcome() + ", update " + entry.updateOutcome());
                if (entry.blocking()) {
                    lines.add("      drain: " + entry.drain());
                    lines.add("      update: " + entry.update());
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
