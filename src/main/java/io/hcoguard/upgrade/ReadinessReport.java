package io.hcoguard.upgrade;

import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.Remediation;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiController;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import io.hcoguard.progress.Draining;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code GET /upgrade-readiness} answers: a plain record for JSON (strings, numbers, lists,
 * maps; no Optional, so any JSON mapper writes it), and {@link #toText()} for people. Every running
 * VMI is listed under its node, because drains go node by node, with its drain and workload-update
 * outcome; blockers carry their fix.
 *
 * @param ready synced, and neither a cluster upgrade nor an OKD Virtualization upgrade is blocked
 * @param lastChange ISO-8601 instant of the snapshot's last change
 * @param summary one sentence, the first line of the text form
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
        List<Node> nodes) {

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

    /**
     * The VMIs on one node ({@code status.nodeName}; "" when not reported).
     *
     * @param draining while the node is being drained: since when, by what, the VMIs it waits on; null otherwise
     */
    public record Node(String name, int blocking, List<Entry> vmis, Draining draining) {
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

    public ReadinessReport {
        nodes = List.copyOf(nodes);
    }

    public static ReadinessReport of(VerdictSnapshot snapshot, GatePolicy policy) {
        return of(snapshot, policy, Map.of());
    }

    /** @param draining the nodes being drained now, by name (io.hcoguard.progress.DrainWatch#draining) */
    public static ReadinessReport of(VerdictSnapshot snapshot, GatePolicy policy, Map<String, Draining> draining) {
        Set<DrainOutcome> drainBlocking = UpgradeGate.drainBlocking(policy);
        Map<String, List<Entry>> byNode = new TreeMap<>(); // by node, as drains go
        draining.keySet().forEach(node -> byNode.put(node, new ArrayList<>()));
        for (VmiVerdict verdict : snapshot.running()) {
            byNode.computeIfAbsent(verdict.vmi().node(), n -> new ArrayList<>()).add(Entry.of(verdict, drainBlocking));
        }
        List<Node> nodes = new ArrayList<>();
        byNode.forEach((node, entries) -> nodes.add(
                new Node(node, (int) entries.stream().filter(Entry::blocking).count(), entries, draining.get(node))));
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
                nodes);
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
        for (Node node : nodes) {
            lines.add("");
            lines.add("Node " + (node.name().isEmpty() ? "(not reported)" : node.name()) + ": " + node.vmis().size()
                    + (node.vmis().size() == 1 ? " VMI" : " VMIs") + ", " + node.blocking() + " blocking");
            if (node.draining() != null) {
                lines.add("  " + node.draining().summary());
            }
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
