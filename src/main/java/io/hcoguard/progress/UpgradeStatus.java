package io.hcoguard.progress;

import io.hcoguard.drain.MachineConfigPoolSnapshot;
import io.hcoguard.drain.NodeTopology;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.Remediation;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import io.hcoguard.placement.NodeSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code hco-guard status} shows of an update in progress, on one screen: the OKD
 * Virtualization CSVs, the HyperConverged conditions, the ClusterVersion, the MachineConfigPools and
 * the nodes not updated yet (a draining one with the VMIs it waits on, and the fix for those that
 * will not leave), the outdated VMIs with their workload-update outcome, the migrations in flight.
 * A plain record for JSON; {@link #toText()} for people. Pure: built from one snapshot.
 *
 * @param state a {@link State} name
 * @param summary one sentence, the first line of the text
 * @param inProgress what is still moving, e.g. "pool worker 1 of 3 nodes updated"
 * @param asOf ISO-8601 instant of the look
 * @param clusterVersion null when the cluster has no ClusterVersion (not OpenShift)
 * @param nodes the nodes that are not updated yet or being drained, by name
 * @param notServed the kinds the cluster does not serve (or the dump does not hold), as kubectl names them
 */
public record UpgradeStatus(
        String state,
        String summary,
        List<String> inProgress,
        String asOf,
        List<OperatorCsv> operators,
        List<HyperConvergedStatus> hyperConverged,
        ClusterVersionStatus clusterVersion,
        List<Pool> pools,
        List<NodeLine> nodes,
        List<OutdatedVmi> outdatedVmis,
        List<MigrationInFlight> migrations,
        List<String> notServed) {

    /** How the update stands; {@code hco-guard status} exits 1 for STUCK, else 0. */
    public enum State {
        /** A drain waits on a VMI that will not leave, or OLM holds an OKD Virtualization CSV. */
        STUCK,
        /** Something is still moving and nothing is stuck. */
        UPDATING,
        /** Nothing is updating: every CSV Succeeded, every node runs its pool's target, no migration in flight. */
        IDLE
    }

    /** A MachineConfigPool and its nodes by {@link NodeUpdateState}; {@code target} is the configuration it rolls out, "" when done. */
    public record Pool(String name, boolean paused, String target, int nodes, Map<String, Integer> byState) {
    }

    /**
     * A node not updated yet, or being drained.
     *
     * @param pool its primary pool, "" when none
     * @param state a {@link NodeUpdateState} name
     * @param draining while it is drained, else null
     * @param willNotLeave the VMIs a drain of it waits on forever, with their fix (now, or when its turn comes)
     */
    public record NodeLine(String name, String pool, String state, Draining draining, List<StuckVmi> willNotLeave) {
    }

    /** A VMI that will not leave its node, with the fix. */
    public record StuckVmi(String namespace, String vmi, String consequence, String fix, List<String> commands) {
    }

    /** A running VMI labelled {@code kubevirt.io/outdatedLauncherImage}, and what the workload update does to it. */
    public record OutdatedVmi(String namespace, String vmi, String node, String updateOutcome, String update) {
    }

    public UpgradeStatus {
        inProgress = List.copyOf(inProgress);
        operators = List.copyOf(operators);
        hyperConverged = List.copyOf(hyperConverged);
        pools = List.copyOf(pools);
        nodes = List.copyOf(nodes);
        outdatedVmis = List.copyOf(outdatedVmis);
        migrations = List.copyOf(migrations);
        notServed = List.copyOf(notServed);
    }

    /**
     * @param since when each draining node was first seen draining ({@link DrainTimeline})
     */
    public static UpgradeStatus of(VerdictSnapshot snapshot, UpdateObjects objects, Function<String, Instant> since,
            Instant asOf) {
        NodeTopology topology = snapshot.topology();
        Map<String, NodeDrain> drains = new LinkedHashMap<>();
        DrainsInProgress.of(snapshot).forEach(drain -> drains.put(drain.node(), drain));
        Map<String, List<VmiVerdict>> stallingByNode = snapshot.withDrain(Set.of(DrainOutcome.STALLS_DRAIN)).stream()
                .collect(Collectors.groupingBy(v -> v.vmi().node()));

        Map<String, int[]> counts = new LinkedHashMap<>();
        List<NodeLine> nodes = new ArrayList<>();
        List<String> drainingOnly = new ArrayList<>(drains.keySet());
        for (NodeSnapshot node : topology.nodes()) {
            Optional<MachineConfigPoolSnapshot> pool = topology.membership(node.name()).primaryPool()
                    .flatMap(name -> topology.pools().stream().filter(p -> p.name().equals(name)).findFirst());
            NodeUpdateState state = NodeUpdateState.of(node, pool, drains.containsKey(node.name()));
            pool.ifPresent(p -> counts.computeIfAbsent(p.name(), n -> new int[NodeUpdateState.values().length])[state.ordinal()]++);
            drainingOnly.remove(node.name());
            if (state != NodeUpdateState.UPDATED && state != NodeUpdateState.NOT_MANAGED || drains.containsKey(node.name())) {
                nodes.add(line(node.name(), pool.map(MachineConfigPoolSnapshot::name).orElse(""), state, drains.get(node.name()),
                        stallingByNode.getOrDefault(node.name(), List.of()), since));
            }
        }
        for (String node : drainingOnly) { // a NodeMaintenance for a node the view does not have
            nodes.add(line(node, "", NodeUpdateState.DRAINING, drains.get(node), List.of(), since));
        }
        nodes.sort(Comparator.comparing(NodeLine::name));

        List<Pool> pools = new ArrayList<>();
        for (MachineConfigPoolSnapshot pool : topology.pools()) {
            int[] byState = counts.getOrDefault(pool.name(), new int[NodeUpdateState.values().length]);
            Map<String, Integer> named = new LinkedHashMap<>();
            int total = 0;
            for (NodeUpdateState state : NodeUpdateState.values()) {
                if (byState[state.ordinal()] > 0) {
                    named.put(state.name(), byState[state.ordinal()]);
                }
                total += byState[state.ordinal()];
            }
            pools.add(new Pool(pool.name(), pool.paused(), pool.pendingConfiguration() ? pool.specConfiguration() : "", total, named));
        }

        List<OutdatedVmi> outdated = snapshot.running().stream().filter(v -> v.vmi().outdatedLauncher())
                .map(v -> new OutdatedVmi(v.vmi().namespace(), v.vmi().name(), v.vmi().node(), v.update().outcome().name(),
                        v.update().consequence()))
                .toList();

        ClusterVersionStatus clusterVersion = objects.clusterVersion().orElse(null);
        List<String> stuck = stuckParts(nodes, objects.csvs());
        List<String> moving = movingParts(objects, clusterVersion, pools, nodes, outdated);
        State state = !stuck.isEmpty() ? State.STUCK : !moving.isEmpty() ? State.UPDATING : State.IDLE;
        String summary = switch (state) {
            case STUCK -> "Stuck: " + String.join("; ", stuck) + ".";
            case UPDATING -> "Updating, nothing stuck.";
            case IDLE -> "No update in progress: every OKD Virtualization operator Succeeded, every node runs its pool's"
                    + " configuration, no VMI waits for the workload update.";
        };
        return new UpgradeStatus(state.name(), summary, moving, asOf.toString(), objects.csvs(), objects.hyperConvergeds(),
                clusterVersion, pools, nodes, outdated, objects.migrations(),
                objects.notServed().stream().sorted().map(StatusKind::resource).toList());
    }

    private static NodeLine line(String node, String pool, NodeUpdateState state, NodeDrain drain, List<VmiVerdict> stalling,
            Function<String, Instant> since) {
        List<VmiVerdict> stuck = drain == null ? stalling : drain.willNotLeave().stream().map(DrainedVmi::verdict).toList();
        List<StuckVmi> fixes = stuck.stream().map(v -> {
            Remediation fix = v.drainRemediation();
            return new StuckVmi(v.vmi().namespace(), v.vmi().name(), v.drain().consequence(), fix.advice(), fix.commands());
        }).toList();
        return new NodeLine(node, pool, state.name(), drain == null ? null : Draining.of(drain, since.apply(node)), fixes);
    }

    private static List<String> stuckParts(List<NodeLine> nodes, List<OperatorCsv> operators) {
        List<String> parts = new ArrayList<>();
        for (NodeLine node : nodes) {
            if (node.draining() != null && !node.willNotLeave().isEmpty()) {
                parts.add("the drain of " + node.name() + " waits on " + Draining.vmis(node.willNotLeave().size())
                        + " that will not leave (" + node.willNotLeave().stream().map(s -> s.namespace() + "/" + s.vmi())
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
        for (OperatorCsv csv : operators) {
            if (csv.held()) {
                parts.add("OLM holds " + csv.name() + ": " + csv.phaseText());
            }
        }
        return parts;
    }

    private static List<String> movingParts(UpdateObjects objects, ClusterVersionStatus clusterVersion, List<Pool> pools,
            List<NodeLine> nodes, List<OutdatedVmi> outdated) {
        List<String> parts = new ArrayList<>();
        List<String> operators = objects.csvs().stream().filter(csv -> csv.parsedPhase() != OperatorCsv.Phase.SUCCEEDED)
                .map(csv -> (csv.version().isEmpty() ? csv.name() : csv.version()) + " "
                        + (csv.phase().isEmpty() ? "without a phase yet" : csv.phase()))
                .toList();
        if (!operators.isEmpty()) {
            parts.add("OKD Virtualization " + String.join(", ", operators));
        }
        objects.hyperConvergeds().stream().filter(HyperConvergedStatus::progressing)
                .forEach(hco -> parts.add("HyperConverged " + hco.name() + " Progressing"));
        if (clusterVersion != null && clusterVersion.progressing()) {
            parts.add("the cluster to " + (clusterVersion.target().isEmpty() ? "a new version" : clusterVersion.target()));
        }
        for (Pool pool : pools) {
            if (!pool.target().isEmpty() || pool.byState().keySet().stream().anyMatch(s -> !s.equals(NodeUpdateState.UPDATED.name()))) {
                parts.add("pool " + pool.name() + " " + pool.byState().getOrDefault(NodeUpdateState.UPDATED.name(), 0) + " of "
                        + pool.nodes() + " nodes updated");
            }
        }
        long draining = nodes.stream().filter(n -> n.draining() != null).count();
        if (draining > 0) {
            parts.add(draining + (draining == 1 ? " node" : " nodes") + " draining");
        }
        long waiting = outdated.stream().filter(v -> !WorkloadUpdateOutcome.STAYS_OUTDATED.name().equals(v.updateOutcome())).count();
        if (waiting > 0) {
            parts.add(Draining.vmis((int) waiting) + " to be moved to the new launcher");
        }
        if (!objects.migrations().isEmpty()) {
            parts.add(objects.migrations().size() + (objects.migrations().size() == 1 ? " migration" : " migrations") + " in flight");
        }
        return parts;
    }

    /** The exit status's meaning: stuck or not. */
    public boolean stuck() {
        return State.STUCK.name().equals(state);
    }

    /** Nothing left to watch. */
    public boolean idle() {
        return State.IDLE.name().equals(state);
    }

    /** "2025-11-03T10:00:00Z updating: 1 node draining, 2 more to update, 3 VMIs outdated, 1 migration in flight". */
    public String progressLine() {
        long draining = nodes.stream().filter(n -> n.draining() != null).count();
        long pending = nodes.size() - draining;
        return asOf + " " + state.toLowerCase(Locale.ROOT) + ": " + count(draining, "node") + " draining, " + pending
                + " more to update, " + Draining.vmis(outdatedVmis.size()) + " outdated, " + count(migrations.size(), "migration")
                + " in flight";
    }

    private static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    /** The screen. */
    public String toText() {
        List<String> lines = new ArrayList<>();
        lines.add(summary);
        if (!inProgress.isEmpty()) {
            lines.add("In progress: " + String.join("; ", inProgress) + ".");
        }
        lines.add("As of " + asOf + ".");
        lines.add("");
        lines.add("OKD Virtualization operators (ClusterServiceVersions):");
        if (notServed.contains(StatusKind.CLUSTER_SERVICE_VERSION.resource())) {
            lines.add("  none to read: no OLM, or left out of the dump");
        } else if (operators.isEmpty()) {
            lines.add("  none found");
        }
        table(lines, operators.stream().map(csv -> List.of(csv.namespace() + "/" + csv.name(), csv.version(), csv.phaseText())).toList());
        for (HyperConvergedStatus hco : hyperConverged) {
            lines.add("");
            lines.add("HyperConverged " + hco.namespace() + "/" + hco.name() + ":");
            if (hco.conditions().isEmpty()) {
                lines.add("  no conditions reported yet");
            }
            table(lines, hco.conditions().stream().map(c -> List.of(c.type(), c.status(), c.why())).toList());
        }
        lines.add("");
        lines.add("Cluster version: " + (clusterVersion != null ? clusterVersion.describe() + "."
                : notServed.contains(StatusKind.CLUSTER_VERSION.resource()) ? "none to read (not OpenShift, or left out of the dump)."
                : "no ClusterVersion named version."));
        lines.add("");
        lines.add("Machine config pools:");
        if (pools.isEmpty()) {
            lines.add("  none: nodes are drained by whoever drains them (kubectl drain, a NodeMaintenance)");
        }
        table(lines, pools.stream().map(pool -> List.of(pool.name(), pool.nodes() + (pool.nodes() == 1 ? " node: " : " nodes: ")
                + pool.byState().entrySet().stream().map(e -> e.getValue() + " " + NodeUpdateState.valueOf(e.getKey()).text())
                .collect(Collectors.joining(", "))
                + (pool.target().isEmpty() ? "" : "; rolling out " + pool.target()) + (pool.paused() ? "; paused" : ""))).toList());
        lines.add("");
        lines.add("Nodes being drained or not updated yet:");
        if (nodes.isEmpty()) {
            lines.add("  none");
        }
        int width = nodes.stream().mapToInt(n -> n.name().length()).max().orElse(0);
        for (NodeLine node : nodes) {
            String head = "  " + pad(node.name(), width) + "  ";
            Map<String, StuckVmi> stuck = new LinkedHashMap<>();
            node.willNotLeave().forEach(vmi -> stuck.put(vmi.namespace() + "/" + vmi.vmi(), vmi));
            if (node.draining() != null) {
                lines.add(head + node.draining().summary());
                for (Draining.Waiting waiting : node.draining().waitsOn()) {
                    String ref = waiting.namespace() + "/" + waiting.vmi();
                    lines.add("    " + (stuck.containsKey(ref) ? "! " : "- ") + ref + ": " + Departure.valueOf(waiting.departure()).text()
                            + (waiting.migrationTarget().isEmpty() ? "" : " to " + waiting.migrationTarget()));
                    fix(lines, stuck.get(ref));
                }
            } else {
                lines.add(head + NodeUpdateState.valueOf(node.state()).text());
                stuck.forEach((ref, vmi) -> {
                    lines.add("    ! " + ref + ": will stall its drain");
                    fix(lines, vmi);
                });
            }
        }
        lines.add("");
        lines.add("Outdated VMIs (label " + VmiSnapshot.OUTDATED_LAUNCHER_LABEL + "): " + outdatedVmis.size());
        outdatedVmis.forEach(vmi -> lines.add("  " + vmi.namespace() + "/" + vmi.vmi() + " on " + vmi.node() + ": "
                + vmi.updateOutcome() + ", " + vmi.update()));
        lines.add("");
        lines.add("Migrations in flight: " + (notServed.contains(StatusKind.MIGRATION.resource())
                ? "unknown (VirtualMachineInstanceMigrations not served, or left out of the dump)" : migrations.size()));
        migrations.forEach(migration -> lines.add("  " + migration.describe()));
        return String.join("\n", lines) + "\n";
    }

    /** What a VMI that will not leave does, and its fix, under its line. */
    private static void fix(List<String> lines, StuckVmi vmi) {
        if (vmi != null) {
            lines.add("      it " + vmi.consequence());
            Remediation.instructions(vmi.fix(), vmi.commands()).forEach(line -> lines.add("      " + line));
        }
    }

    /** Rows as columns two spaces apart, each but the last padded to its widest cell. */
    private static void table(List<String> lines, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : pad(row.get(i), widths[i]) + "  ");
            }
            lines.add(line.toString().stripTrailing());
        }
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
