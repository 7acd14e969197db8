package io.hcoguard.bench;

import io.hcoguard.config.EnvironmentConfig;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the view of a {@link PlacedFleet} costs to build and to keep, beside the flat view of the same
 * VMIs, VMs and PVCs in the same run: the time to feed every object into a {@link ClusterIndex} and read
 * its first snapshot and decision (the objects are parsed beforehand: the JSON parse is not in it), and
 * the heap the index retains (heap used after full collections with the index, minus without it; run
 * with {@code -XX:+UseSerialGC}, whose {@code System.gc()} is a full compacting collection). Then how
 * many VMIs one event makes the index classify again, counted by {@link CountingIndex}.
 *
 * <pre>java -XX:+UseSerialGC -Xmx3g -cp ... io.hcoguard.bench.ViewFootprint VMIS BLOCKERS NODES ROUNDS</pre>
 *
 * ROUNDS (at least 2) is how many times each view is built: the first from objects parsed for it alone,
 * dropped once fed as the app drops them, for the heap; the others from one shared parse, for the time.
 */
public final class ViewFootprint {

    private static final GatePolicy POLICY = GatePolicy.defaults();
    /** Some objects outlive the first full collections (they wait on a reference queue): a count that proved stable here. */
    private static final int FULL_GCS = 6;

    /**
     * The index being measured. A static volatile field, not a local: the JIT may consider a local dead
     * after its last use (or scalar-replace an object holding it), and the collector would free it early.
     */
    private static volatile ClusterIndex held;

    private ViewFootprint() {
    }

    /** The views measured side by side: the flat baseline, and the topology with and without its volumes. */
    private enum Variant {
        FLAT("flat (baseline): VMIs, VMs, PVCs, StorageClasses"),
        PLACED("+ Nodes, MachineConfigPools, a PV per PVC"),
        PLACED_WITHOUT_VOLUMES("+ Nodes, MachineConfigPools, no PV");

        final String title;

        Variant(String title) {
            this.title = title;
        }

        /** This variant's objects out of a listing with the topology. */
        PlacedFleet.Listing of(PlacedFleet.Listing placed) {
            return switch (this) {
                case FLAT -> new PlacedFleet.Listing(List.of(), List.of(), List.of(), placed.storageClasses(), placed.pvcs(),
                        placed.vms(), placed.vmis());
                case PLACED -> placed;
                case PLACED_WITHOUT_VOLUMES -> new PlacedFleet.Listing(placed.nodes(), placed.pools(), List.of(),
                        placed.storageClasses(), placed.pvcs(), placed.vms(), placed.vmis());
            };
        }
    }

    /** One build: its time, the first decision, and (for the first build of a variant) the heap the index retains. */
    private record Build(int objects, double millis, String verdicts) {
    }

    public static void main(String[] args) {
        int vmis = Integer.parseInt(args[0]);
        int blockers = Integer.parseInt(args[1]);
        int nodes = Integer.parseInt(args[2]);
        int rounds = Math.max(2, Integer.parseInt(args[3]));
        PlacedFleet fleet = new PlacedFleet(new Fleet(vmis, blockers), nodes);
        TopologyBenchmark.Requests requests = new TopologyBenchmark.Requests();
        requests.decode();

        // The JIT warms up on a tenth of the fleet first: otherwise the first view built pays for it.
        PlacedFleet small = new PlacedFleet(new Fleet(Math.max(100, vmis / 10), blockers), Math.max(50, nodes / 10));
        build(small.listing(true), new CountingIndex(), requests.clusterUpgrade, small.size());

        Map<Variant, List<Build>> builds = new EnumMap<>(Variant.class);
        Map<Variant, Double> retainedMb = new EnumMap<>(Variant.class);
        for (Variant variant : Variant.values()) {
            builds.put(variant, new ArrayList<>(List.of(buildAlone(variant, fleet, requests.clusterUpgrade, vmis))));
            long withIndex = usedAfterGc();
            held = null;
            retainedMb.put(variant, (withIndex - usedAfterGc()) / 1048576.0);
        }
        PlacedFleet.Listing placed = fleet.listing(true);
        CountingIndex lastPlaced = null;
        for (int round = 1; round < rounds; round++) {
            for (Variant variant : Variant.values()) {
                CountingIndex index = new CountingIndex();
                builds.get(variant).add(build(variant.of(placed), index, requests.clusterUpgrade, vmis));
                if (variant == Variant.PLACED) {
                    lastPlaced = index;
                }
            }
        }

        describe(fleet, lastPlaced.verdicts(true));
        System.out.printf("### building the view: every object fed, then the first snapshot and decision (%d builds each;"
                + " objects parsed beforehand); heap the index retains (used after %d full GCs, with the index minus"
                + " without)%n", rounds, FULL_GCS);
        System.out.printf("  %-50s %8s  %-30s %12s  %s%n", "view", "objects", "build ms, median (each build)", "retained MB",
                "verdicts");
        for (Variant variant : Variant.values()) {
            List<Double> millis = builds.get(variant).stream().map(Build::millis).toList();
            System.out.printf("  %-50s %8d  %-30s %12.1f  %s%n", variant.title, builds.get(variant).get(0).objects(),
                    "%.0f (%s)".formatted(median(millis), joined(millis)), retainedMb.get(variant),
                    builds.get(variant).get(0).verdicts());
        }
        System.out.println();
        classifiedAgain(fleet, lastPlaced, vmis);
    }

    /** A build from objects parsed for it alone and dropped once fed: what they share with the index counts as the index's. */
    private static Build buildAlone(Variant variant, PlacedFleet fleet, GatedRequest clusterUpgrade, int vmis) {
        PlacedFleet.Listing listing = variant.of(fleet.listing(true));
        ClusterIndex index = new ClusterIndex(EnvironmentConfig.policy(EnvironmentConfig.defaults().migratability()), Clock.systemUTC());
        held = index;
        return build(listing, index, clusterUpgrade, vmis);
    }

    private static Build build(PlacedFleet.Listing listing, ClusterIndex index, GatedRequest clusterUpgrade, int vmis) {
        usedAfterGc(); // the garbage of parsing does not land in the build
        long start = System.nanoTime();
        listing.feed(index, false);
        VerdictSnapshot snapshot = index.verdicts(true);
        boolean allowed = UpgradeGate.judge(clusterUpgrade, snapshot, POLICY).decision().allowed();
        double millis = (System.nanoTime() - start) / 1e6;
        if (index.runningVmis() != vmis) {
            throw new IllegalStateException(index.runningVmis() + " running VMIs, expected " + vmis);
        }
        return new Build(listing.objects(), millis, snapshot.withDrain(UpgradeGate.drainBlocking(POLICY)).size()
                + " blocking, cluster upgrade " + (allowed ? "allowed" : "denied"));
    }

    /** Nodes per pool, VMIs per drain outcome, and where the blockers are, as the view with the topology judges them. */
    private static void describe(PlacedFleet fleet, VerdictSnapshot snapshot) {
        Map<String, Integer> perPool = new TreeMap<>();
        fleet.nodeNames().forEach(node -> perPool.merge(fleet.poolOf(node), 1, Integer::sum));
        Map<DrainOutcome, Integer> outcomes = new EnumMap<>(DrainOutcome.class);
        for (DrainOutcome outcome : DrainOutcome.values()) {
            outcomes.put(outcome, snapshot.count(outcome));
        }
        Map<String, Integer> blockersPerPool = new TreeMap<>();
        for (VmiVerdict verdict : snapshot.withDrain(UpgradeGate.drainBlocking(POLICY))) {
            blockersPerPool.merge(fleet.poolOf(verdict.vmi().node()), 1, Integer::sum);
        }
        System.out.printf("fixture: %d VMIs on %d Nodes; Nodes per pool %s (%s paused, a configuration pending)%n",
                fleet.size(), perPool.values().stream().mapToInt(Integer::intValue).sum(), perPool, PlacedFleet.PAUSED_POOL);
        System.out.printf("  drain outcomes with the topology: %s; blocking VMIs per pool %s%n", outcomes, blockersPerPool);
        System.out.println();
    }

    /** How many VMIs each kind of event makes the index classify again. */
    private static void classifiedAgain(PlacedFleet fleet, CountingIndex index, int vmis) {
        System.out.println("### VMIs classified again by one event on the view with the topology (CountingIndex)");
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

    private static void row(String event, long classified) {
        System.out.printf("  %-80s %6d%n", event, classified);
    }

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

    private static String joined(List<Double> values) {
        List<String> parts = new ArrayList<>();
        values.forEach(v -> parts.add("%.0f".formatted(v)));
        return String.join(", ", parts);
    }
}
