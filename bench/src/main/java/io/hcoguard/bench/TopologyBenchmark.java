package io.hcoguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.hcoguard.admission.AdmissionInput;
import io.hcoguard.admission.AdmissionReviewCodec;
import io.hcoguard.admission.Decision;
import io.hcoguard.inventory.WatchedKind;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.GateVerdict;
import io.hcoguard.upgrade.GatedRequest;
import io.hcoguard.upgrade.RequestUser;
import io.hcoguard.upgrade.UpgradeGate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a decision costs once operations are scoped to the nodes they drain, with {@code vmis} VMIs on
 * {@code nodes} Nodes and five MachineConfigPools ({@link PlacedFleet}), beside the same VMIs, VMs and
 * PVCs in a view without Nodes, pools and PersistentVolumes ("flat": every node counts, as before
 * placement), in the same run. Sampled, so that each figure has a median and a p99.
 *
 * <p>Decisions ({@code *_flat} / {@code *_placed}): the pure {@link UpgradeGate#judge} on a snapshot
 * built and read once in the setup, as a request after the first one on that snapshot finds it. The
 * index: one event, the snapshot rebuilt, and the first decision on it (what the first request after
 * the event pays, once).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TopologyBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GatePolicy POLICY = GatePolicy.defaults();
    /** A migratable VMI without constraints (index vmis - 2), whose eviction strategy the VMI change toggles. */
    private static final int TOGGLED_VMI_FROM_END = 2;

    /** Two versions of an object, as fed and changed, handed out in turn starting with the change: every event is a change. */
    static final class Alternating<T extends HasMetadata> {
        final T fed;
        final T changed;
        private boolean last;

        Alternating(T fed, T changed) {
            this.fed = fed;
            this.changed = changed;
        }

        T next() {
            last = !last;
            return last ? changed : fed;
        }

        /** The fed version is in the view again: the next event is the change. */
        void fedAgain() {
            last = false;
        }
    }

    /** The requests judged, and the JSON decode every request pays anyway. */
    @State(Scope.Benchmark)
    public static class Requests {
        final AdmissionReviewCodec codec = new AdmissionReviewCodec();
        byte[] reviewBody;
        GatedRequest clusterUpgrade;
        GatedRequest poolUnpause;

        @Setup(Level.Trial)
        public void decode() {
            reviewBody = DecisionBenchmark.payload("validate-upgrade.json");
            AdmissionInput input = codec.decode(reviewBody);
            clusterUpgrade = GatedRequest.of(
                    input.kind().map(k -> k.getGroup()).orElse(""),
                    input.kind().map(k -> k.getKind()).orElse(""),
                    input.operation(), input.object(), input.oldObject(),
                    new RequestUser(input.username(), new HashSet<>(input.groups())), input.dryRun());
            GenericKubernetesResource paused = PlacedFleet.pool(PlacedFleet.PAUSED_POOL, true);
            GenericKubernetesResource unpaused = PlacedFleet.pool(PlacedFleet.PAUSED_POOL, true);
            spec(unpaused).put("paused", false);
            poolUnpause = request("machineconfiguration.openshift.io", "MachineConfigPool", "UPDATE",
                    JSON.valueToTree(unpaused), JSON.valueToTree(paused));
        }

        static GatedRequest maintenance(String node) {
            JsonNode object = JSON.valueToTree(Map.of("apiVersion", "nodemaintenance.medik8s.io/v1beta1",
                    "kind", "NodeMaintenance", "metadata", Map.of("name", "maintenance-" + node),
                    "spec", Map.of("nodeName", node, "reason", "firmware update")));
            return request("nodemaintenance.medik8s.io", "NodeMaintenance", "CREATE", object, null);
        }

        private static GatedRequest request(String group, String kind, String operation, JsonNode object, JsonNode old) {
            return GatedRequest.of(group, kind, operation, object, old,
                    new RequestUser("kube:admin", Set.of("system:cluster-admins", "system:authenticated")), false);
        }
    }

    /** The views side by side: the flat baseline, and the topology with and without PersistentVolumes. */
    enum Layout { FLAT, PLACED, PLACED_WITHOUT_VOLUMES }

    /**
     * A view of the fleet with its snapshot read, the requests that depend on its nodes, and the versions of
     * the objects its events alternate between. Built once per JVM and layout: a view of 10k VMIs takes
     * about a minute to build on a busy machine, so {@code bench/run.sh topology} runs every benchmark in
     * one JVM ({@code -f 0}) and they share it; with forks, each fork builds what it uses.
     */
    static final class Fixture {
        private static final Map<String, Fixture> BUILT = new HashMap<>();

        final int vmis;
        final PlacedFleet fleet;
        final CountingIndex index = new CountingIndex();
        final GatedRequest maintenanceBlocked;
        final GatedRequest maintenanceFree;
        final Alternating<GenericKubernetesResource> vmiVersions;
        final Alternating<Node> relabelled;
        final Alternating<Node> reconfigured;
        final Alternating<Node> heartbeat;
        VerdictSnapshot snapshot;

        static synchronized Fixture of(int vmis, int blockers, int nodes, Layout layout, Requests requests) {
            Fixture fixture = BUILT.computeIfAbsent(vmis + "/" + blockers + "/" + nodes + "/" + layout,
                    k -> new Fixture(vmis, blockers, nodes, layout, requests));
            fixture.reset(layout, requests);
            return fixture;
        }

        private Fixture(int vmis, int blockers, int nodes, Layout layout, Requests requests) {
            this.vmis = vmis;
            fleet = new PlacedFleet(new Fleet(vmis, blockers), nodes);
            PlacedFleet.Listing listing = fleet.listing(layout != Layout.FLAT);
            if (layout == Layout.PLACED_WITHOUT_VOLUMES) {
                listing = new PlacedFleet.Listing(listing.nodes(), listing.pools(), List.of(), listing.storageClasses(),
                        listing.pvcs(), listing.vms(), listing.vmis());
            }
            listing.feed(index, false);
            maintenanceBlocked = Requests.maintenance(fleet.node(0));
            maintenanceFree = Requests.maintenance(fleet.nodeWithoutBlockers());
            int other = vmis - TOGGLED_VMI_FROM_END;
            GenericKubernetesResource none = fleet.vmi(other);
            spec(none).put("evictionStrategy", "None");
            vmiVersions = new Alternating<>(fleet.vmi(other), none);
            String name = fleet.nodeWithoutBlockers();
            // node-labeller rewrites the TSC frequency label when it drifts: a label placement reads.
            relabelled = new Alternating<>(fleet.nodeObject(name), fleet.nodeObject(name));
            relabelled.changed.getMetadata().getLabels().put("cpu-timer.node.kubevirt.io/tsc-frequency", "2400001000");
            // The machine-config daemon's progress on the node: annotations placement does not read.
            reconfigured = new Alternating<>(fleet.nodeObject(name), fleet.nodeObject(name));
            reconfigured.changed.getMetadata().getAnnotations().put("machineconfiguration.openshift.io/state", "Working");
            reconfigured.changed.getMetadata().getAnnotations().put("machineconfiguration.openshift.io/desiredConfig",
                    "rendered-worker-0ther");
            // virt-handler's heartbeat, once a minute per node: nothing the view keeps.
            heartbeat = new Alternating<>(fleet.nodeObject(name), fleet.nodeObject(name));
            heartbeat.changed.getMetadata().getAnnotations().put("kubevirt.io/heartbeat", "2026-12-02T08:01:00Z");
            if (layout != Layout.FLAT) {
                expectClassified(relabelled, vmis);
                expectClassified(reconfigured, 0);
                expectClassified(heartbeat, 0);
            }
        }

        /**
         * Back to the objects as fed (an earlier benchmark may have left a changed version in), the snapshot
         * read, and every decision once: the snapshot's memos (sorted lists, the upgrade's node scope) are
         * filled, as for every request after the first, and the fixture is checked to be what the names claim.
         */
        private void reset(Layout layout, Requests requests) {
            index.upsert(WatchedKind.VIRTUAL_MACHINE_INSTANCE, vmiVersions.fed);
            vmiVersions.fedAgain();
            for (Alternating<Node> node : List.of(relabelled, reconfigured, heartbeat)) {
                if (layout != Layout.FLAT) {
                    index.upsert(WatchedKind.NODE, node.fed);
                }
                node.fedAgain();
            }
            snapshot = index.verdicts(true);
            expect(requests.clusterUpgrade, false);
            expect(maintenanceBlocked, false);
            expect(maintenanceFree, true);
            expect(requests.poolUnpause, layout == Layout.FLAT);
        }

        private void expect(GatedRequest request, boolean allowed) {
            if (snapshot.runningVmis() != vmis || UpgradeGate.judge(request, snapshot, POLICY).decision().allowed() != allowed) {
                throw new IllegalStateException("fixture is not what the benchmark claims: " + request.kindName() + " "
                        + (allowed ? "denied" : "allowed") + ", " + snapshot.runningVmis() + " running");
            }
        }

        /** Upserts the changed version, then the fed one back, counting the VMIs each makes the index classify. */
        private void expectClassified(Alternating<Node> versions, long expected) {
            for (Node version : List.of(versions.changed, versions.fed)) {
                long classified = index.classifiedBy(WatchedKind.NODE, version);
                if (classified != expected) {
                    throw new IllegalStateException("a Node change re-judged " + classified + " VMIs, expected " + expected);
                }
            }
        }

        /** An event, the snapshot rebuilt, and the first decision on it. */
        GateVerdict afterChange(WatchedKind kind, Alternating<?> versions, Requests requests) {
            index.upsert(kind, versions.next());
            return UpgradeGate.judge(requests.clusterUpgrade, index.verdicts(true), POLICY);
        }
    }

    /** The size of the fleet; each layout's state (a subclass: JMH hands out states by type) holds its {@link Fixture}. */
    @State(Scope.Benchmark)
    public abstract static class View {
        @Param({"10000"})
        int vmis;

        @Param({"20"})
        int blockers;

        @Param({"500"})
        int nodes;

        private final Layout layout;
        Fixture fixture;

        View(Layout layout) {
            this.layout = layout;
        }

        @Setup(Level.Trial)
        public void fill(Requests requests) {
            fixture = Fixture.of(vmis, blockers, nodes, layout, requests);
        }
    }

    @State(Scope.Benchmark)
    public static class Flat extends View {
        public Flat() {
            super(Layout.FLAT);
        }
    }

    /** The fleet with its Nodes, pools and a PersistentVolume bound to every PVC, as a cluster has them. */
    @State(Scope.Benchmark)
    public static class Placed extends View {
        public Placed() {
            super(Layout.PLACED);
        }
    }

    /**
     * The same without any PersistentVolume: the placement memo's keys then hold no volume, so VMIs with
     * the same constraints on the same node share one placement verdict.
     */
    @State(Scope.Benchmark)
    public static class PlacedWithoutVolumes extends View {
        public PlacedWithoutVolumes() {
            super(Layout.PLACED_WITHOUT_VOLUMES);
        }
    }

    // --- baselines ----------------------------------------------------------------------------

    @Benchmark
    public Decision baseline_decisionAllow() {
        return Decision.allow();
    }

    @Benchmark
    public AdmissionInput baseline_decodeAdmissionReview(Requests requests) {
        return requests.codec.decode(requests.reviewBody);
    }

    // --- decisions on a built snapshot ---------------------------------------------------------

    @Benchmark
    public GateVerdict clusterUpgrade_flat(Requests requests, Flat view) {
        return UpgradeGate.judge(requests.clusterUpgrade, view.fixture.snapshot, POLICY);
    }

    @Benchmark
    public GateVerdict clusterUpgrade_placed(Requests requests, Placed view) {
        return UpgradeGate.judge(requests.clusterUpgrade, view.fixture.snapshot, POLICY);
    }

    @Benchmark
    public GateVerdict poolUnpause_flat(Requests requests, Flat view) {
        return UpgradeGate.judge(requests.poolUnpause, view.fixture.snapshot, POLICY);
    }

    @Benchmark
    public GateVerdict poolUnpause_placed(Requests requests, Placed view) {
        return UpgradeGate.judge(requests.poolUnpause, view.fixture.snapshot, POLICY);
    }

    @Benchmark
    public GateVerdict maintenanceBlockedNode_flat(Flat view) {
        return UpgradeGate.judge(view.fixture.maintenanceBlocked, view.fixture.snapshot, POLICY);
    }

    @Benchmark
    public GateVerdict maintenanceBlockedNode_placed(Placed view) {
        return UpgradeGate.judge(view.fixture.maintenanceBlocked, view.fixture.snapshot, POLICY);
    }

    @Benchmark
    public GateVerdict maintenanceFreeNode_flat(Flat view) {
        return UpgradeGate.judge(view.fixture.maintenanceFree, view.fixture.snapshot, POLICY);
    }

    @Benchmark
    public GateVerdict maintenanceFreeNode_placed(Placed view) {
        return UpgradeGate.judge(view.fixture.maintenanceFree, view.fixture.snapshot, POLICY);
    }

    // --- the index: one event, the rebuilt snapshot, the first decision on it -------------------

    @Benchmark
    public GateVerdict vmiChange_flat(Requests requests, Flat view) {
        return view.fixture.afterChange(WatchedKind.VIRTUAL_MACHINE_INSTANCE, view.fixture.vmiVersions, requests);
    }

    @Benchmark
    public GateVerdict vmiChange_placed(Requests requests, Placed view) {
        return view.fixture.afterChange(WatchedKind.VIRTUAL_MACHINE_INSTANCE, view.fixture.vmiVersions, requests);
    }

    /** A label placement reads: every VMI is judged again (through the placement memo). */
    @Benchmark
    public GateVerdict nodeLabelChange_placed(Requests requests, Placed view) {
        return view.fixture.afterChange(WatchedKind.NODE, view.fixture.relabelled, requests);
    }

    /** The same label change with no PersistentVolume in the view. */
    @Benchmark
    public GateVerdict nodeLabelChange_placedWithoutVolumes(Requests requests, PlacedWithoutVolumes view) {
        return view.fixture.afterChange(WatchedKind.NODE, view.fixture.relabelled, requests);
    }

    /** The machine-config operator's annotations: the topology is rebuilt, no VMI is judged again. */
    @Benchmark
    public GateVerdict nodeConfigAnnotationChange_placed(Requests requests, Placed view) {
        return view.fixture.afterChange(WatchedKind.NODE, view.fixture.reconfigured, requests);
    }

    /** An annotation the view does not keep: nothing changes, the snapshot stays. */
    @Benchmark
    public GateVerdict nodeHeartbeat_placed(Requests requests, Placed view) {
        return view.fixture.afterChange(WatchedKind.NODE, view.fixture.heartbeat, requests);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource object) {
        return (Map<String, Object>) object.getAdditionalProperties().get("spec");
    }
}
