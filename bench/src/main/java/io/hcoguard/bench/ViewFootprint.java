package io.hcoguard.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.hcoguard.inventory.ClusterIndex;
import io.hcoguard.inventory.WatchedKind;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.GatedRequest;
import io.hcoguard.upgrade.UpgradeGate;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the view of a {@link PlacedFleet} costs to build and to keep, beside the flat view of the same
 * VMIs, VMs and PVCs in the same run: the time to feed every object into a {@link ClusterIndex} and read
 * its first snapshot and decision (the objects are generated beforehand: the JSON parse is not in it),
 * and the heap the index retains (heap used after full collections with the index, minus without it;
 * run with {@code -XX:+UseSerialGC}, whose {@code System.gc()} is a full compacting collection). Then
 * how many VMIs one Node event makes the index classify again, counted by {@link CountingIndex}.
 *
 * <pre>java -XX:+UseSerialGC -Xmx3g -cp ... io.hcoguard.bench.ViewFootprint VMIS BLOCKERS NODES ROUNDS</pre>
 */
public final class ViewFootprint {

    private static final GatePolicy POLICY = GatePolicy.defaults();
    /** Each Node added re-judges every VMI: the worst order is measured on the first few only. */
    private static final int LATE_NODES = 10;
    private static final int FULL_GCS = 6;

    private ViewFootprint() {
    }

    /** The views measured side by side: the flat baseline, and the topology with and without its volumes. */
    private enum Variant {
        FLAT("flat (baseline): VMIs, VMs, PVCs, StorageClasses"),
        PLACED("+ Nodes, pools, a PV per PVC"),
        PLACED_WITHOUT_VOLUMES("+ Nodes, pools, no PV");

        final String title;

        Variant(String title) {
            this.title = title;
        }

        PlacedFleet.Listing listing(PlacedFleet fleet) {
            if (this == FLAT) {
                return fleet.listing(false);
            }
            PlacedFleet.Listing placed = fleet.listing(true);
            return this == PLACED ? placed : new PlacedFleet.Listing(placed.nodes(), placed.pools(), List.of(),
                    placed.storageClasses(), placed.pvcs(), placed.vms(), placed.vmis());
        }
    }

    public static void main(String[] args) {
        int vmis = Integer.parseInt(args[0]);
        int blockers = Integer.parseInt(args[1]);
        int nodes = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        PlacedFleet fleet = new PlacedFleet(new Fleet(vmis, blockers), nodes);
        TopologyBenchmark.Requests requests = new TopologyBenchmark.Requests();
        requests.decode();
        describe(fleet, Variant.PLACED.listing(fleet));

        Map<Variant, List<Double>> buildMillis = new EnumMap<>(Variant.class);
        Map<Variant, List<Double>> retainedMb = new EnumMap<>(Variant.class);
        Map<Variant, String> outcome = new EnumMap<>(Variant.class);
        Map<Variant, Integer> objects = new EnumMap<>(Variant.class);
        for (int round = 0; round < rounds; round++) {
            for (Variant variant : Variant.values()) {
                Built built = new Built();
                built.build(variant, fleet, requests.clusterUpgrade, vmis);
                objects.put(variant, built.objects);
                buildMillis.computeIfAbsent(variant, k -> new ArrayList<>()).add(built.millis);
                outcome.put(variant, built.outcome);
                long withIndex = usedAfterGc();
                held = null;
                retainedMb.computeIfAbsent(variant, k -> new ArrayList<>()).add((withIndex - usedAfterGc()) / 1048576.0);
            }
        }
        System.out.printf("### building the view: every object fed, the first snapshot and decision (%d rounds; objects parsed"
                + " beforehand); heap the index retains (used after full GCs, minus before)%n", rounds);
        System.out.printf("  %-50s %8s  %-28s %20s  %s%n", "view", "objects", "build ms, median (rounds)",
                "retained MB (rounds)", "verdicts");
        for (Variant variant : Variant.values()) {
            System.out.printf("  %-50s %8d  %-28s %20s  %s%n", variant.title, objects.get(variant),
                    "%.0f (%s)".formatted(median(buildMillis.get(variant)), joined(buildMillis.get(variant), "%.0f")),
                    "%.1f (%s)".formatted(median(retainedMb.get(variant)), joined(retainedMb.get(variant), "%.1f")),
                    outcome.get(variant));
        }

        PlacedFleet.Listing placed = Variant.PLACED.listing(fleet);
        System.out.println();
        System.out.printf("### the Nodes listed after every VMI instead (the worst order): the first %d Nodes only%n", LATE_NODES);
        CountingIndex late = new CountingIndex();
        PlacedFleet.Listing withoutNodes = new PlacedFleet.Listing(List.of(), placed.pools(), placed.volumes(),
                placed.storageClasses(), placed.pvcs(), placed.vms(), placed.vmis());
        withoutNodes.feed(late, false);
        long before = late.classified();
        long start = System.nanoTime();
        placed.nodes().subList(0, LATE_NODES).forEach(node -> late.upsert(WatchedKind.NODE, node));
        System.out.printf("  %d Nodes added after %d VMIs: %.0f ms, %d VMIs classified (Nodes first: %d in all)%n", LATE_NODES, vmis,
                (System.nanoTime() - start) / 1e6, late.classified() - before, classifiedWhenNodesFirst(placed));

        System.out.println();
        System.out.println("### VMIs classified again by one event on the view with the topology (CountingIndex)");
        CountingIndex index = new CountingIndex();
        placed.feed(index, false);
        String name = fleet.nodeWithoutBlockers();
        Node relabelled = fleet.nodeObject(name);
        relabelled.getMetadata().getLabels().put("cpu-timer.node.kubevirt.io/tsc-frequency", "2400001000");
        Node reconfigured = fleet.nodeObject(name);
        reconfigured.getMetadata().getAnnotations().put("machineconfiguration.openshift.io/state", "Working");
        Node heartbeat = fleet.nodeObject(name);
        heartbeat.getMetadata().getAnnotations().put("kubevirt.io/heartbeat", "2026-12-02T08:01:00Z");
        Node added = fleet.nodeObject(name);
        added.getMetadata().setName("worker-new");
        added.getMetadata().getLabels().put("kubernetes.io/hostname", "worker-new");
        GenericKubernetesResource vmi = fleet.vmi(vmis - 2);
        TopologyBenchmark.spec(vmi).put("evictionStrategy", "None");
        row("a Node label placement reads (" + name + ": cpu-timer.node.kubevirt.io/tsc-frequency)",
                index.classifiedBy(WatchedKind.NODE, relabelled));
        index.upsert(WatchedKind.NODE, fleet.nodeObject(name));
        row("a Node's machine-config annotations (state Working)", index.classifiedBy(WatchedKind.NODE, reconfigured));
        row("a Node annotation the view does not keep (kubevirt.io/heartbeat)", index.classifiedBy(WatchedKind.NODE, heartbeat));
        row("a Node added", index.classifiedBy(WatchedKind.NODE, added));
        row("a MachineConfigPool paused (worker)", index.classifiedBy(WatchedKind.MACHINE_CONFIG_POOL, PlacedFleet.pool("worker", true)));
        row("a VMI's evictionStrategy changed", index.classifiedBy(WatchedKind.VIRTUAL_MACHINE_INSTANCE, vmi));
    }

    /**
     * The index being measured. A static volatile field, not a local: the JIT may consider a local dead after
     * its last use (or scalar-replace the object holding it), and the collector would then free it early.
     */
    private static volatile ClusterIndex held;

    /**
     * One view built: its objects are parsed and dropped within {@link #build}, as the app drops each once
     * fed, so what they share with the index counts as the index's; the index stays in {@link #held}.
     */
    private static final class Built {
        int objects;
        double millis;
        String outcome;

        void build(Variant variant, PlacedFleet fleet, GatedRequest clusterUpgrade, int vmis) {
            PlacedFleet.Listing listing = variant.listing(fleet);
            objects = listing.objects();
            usedAfterGc(); // the garbage of the generation does not land in the build
            long start = System.nanoTime();
            ClusterIndex index = new ClusterIndex(MigratabilityPolicy.defaults(), Clock.systemUTC());
            held = index;
            listing.feed(index, false);
            VerdictSnapshot snapshot = index.verdicts(true);
            boolean allowed = UpgradeGate.judge(clusterUpgrade, snapshot, POLICY).decision().allowed();
            millis = (System.nanoTime() - start) / 1e6;
            if (index.runningVmis() != vmis) {
                throw new IllegalStateException(index.runningVmis() + " running VMIs, expected " + vmis);
            }
            outcome = snapshot.withDrain(UpgradeGate.drainBlocking(POLICY)).size() + " blocking, upgrade "
                    + (allowed ? "allowed" : "denied");
        }
    }

    private static long classifiedWhenNodesFirst(PlacedFleet.Listing listing) {
        CountingIndex index = new CountingIndex();
        listing.feed(index, false);
        return index.classified();
    }

    private static void row(String event, long classified) {
        System.out.printf("  %-80s %6d%n", event, classified);
    }

    /** Nodes per pool, VMIs per drain outcome, and where the blockers are, as the view with the topology judges them. */
    private static void describe(PlacedFleet fleet, PlacedFleet.Listing placed) {
        Map<String, Integer> perPool = new TreeMap<>();
        fleet.nodeNames().forEach(node -> perPool.merge(fleet.poolOf(node), 1, Integer::sum));
        ClusterIndex index = new ClusterIndex(MigratabilityPolicy.defaults(), Clock.systemUTC());
        placed.feed(index, false);
        VerdictSnapshot snapshot = index.verdicts(true);
        Map<DrainOutcome, Integer> outcomes = new TreeMap<>();
        Arrays.stream(DrainOutcome.values()).forEach(o -> outcomes.put(o, snapshot.count(o)));
        Map<String, Integer> blockersPerPool = new TreeMap<>();
        Set<DrainOutcome> blocking = UpgradeGate.drainBlocking(POLICY);
        for (VmiVerdict verdict : snapshot.withDrain(blocking)) {
            blockersPerPool.merge(fleet.poolOf(verdict.vmi().node()), 1, Integer::sum);
        }
        System.out.printf("fixture: %d VMIs on %d Nodes; nodes per pool %s (%s paused, configuration pending)%n",
                fleet.size(), perPool.values().stream().mapToInt(Integer::intValue).sum(), perPool, PlacedFleet.PAUSED_POOL);
        System.out.printf("  drain outcomes with the topology: %s; blocking VMIs per pool %s%n", outcomes, blockersPerPool);
        System.out.println();
    }

    /**
     * Heap used after {@link #FULL_GCS} full collections: some objects outlive the first two (they wait on a
     * reference queue), so a count that proved stable here, not the first two that agree.
     */
    private static long usedAfterGc() {
        for (int i = 0; i < FULL_GCS; i++) {
            System.gc();
            try {
                Thread.sleep(20); // the reference handler and finalizer threads run in between
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String joined(List<Double> values, String format) {
        List<String> parts = new ArrayList<>();
        values.forEach(v -> parts.add(format.formatted(v)));
        return String.join(", ", parts);
    }
}
