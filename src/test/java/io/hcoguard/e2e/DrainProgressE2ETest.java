package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hcoguard.cli.CliRun;
import io.hcoguard.inventory.WatchedKind;
import io.hcoguard.progress.DrainWatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A drain in progress against the real API server: a Node annotated as the machine-config operator
 * annotates a node it drains (or a Running NodeMaintenance), with a VMI on it that refuses eviction,
 * shows in the gauge, the readiness report, one Event on the Node and on the VMI, and
 * {@code hco-guard status}; once the VMI is gone, they clear. The Nodes are this test's own and
 * are deleted after each test: Nodes in the view change every VMI's placement verdict.
 */
@QuarkusTest
class DrainProgressE2ETest {

    private static final String NS = "drain-progress-e2e";
    private static final String MCO_NODE = "progress-e2e-mco";
    private static final String NM_NODE = "progress-e2e-nm";
    private static final String GAUGE = "hco_guard_draining_node_blocking_vmis";
    /** The drain watch looks every 10 s; the view follows the API server within a second or so. */
    private static final Duration SEEN = Duration.ofSeconds(40);
    private static final ResourceDefinitionContext NODE_MAINTENANCE = WatchedKind.NODE_MAINTENANCE.context();

    final AppView view = AppView.of(this);
    private final KubernetesClient admin = ControlPlane.admin();
    private final Workloads workloads = new Workloads(admin);

    @BeforeEach
    void namespaceAndDisk() {
        workloads.namespace(NS);
        workloads.hostpathPvc(NS, "db-root");
    }

    @AfterEach
    void removeWhatTheTestCreated() {
        workloads.clear(NS);
        admin.genericKubernetesResources(NODE_MAINTENANCE).withName("nm-" + NM_NODE).delete();
        admin.nodes().withName(MCO_NODE).delete();
        admin.nodes().withName(NM_NODE).delete();
        admin.v1().events().inNamespace(NS).delete();
        for (Event event : drainStalledEvents("default")) {
            admin.v1().events().inNamespace("default").withName(event.getMetadata().getName()).delete();
        }
        await().atMost(SEEN).until(() -> view.report().path("nodes").findValues("name").stream()
                .noneMatch(name -> name.asText().startsWith("progress-e2e-")) && gauge(MCO_NODE).isEmpty() && gauge(NM_NODE).isEmpty());
    }

    @Test
    void aMachineConfigDrainStalledByAVmiShowsEverywhereOnceAndClearsWhenTheVmiIsGone() {
        node(MCO_NODE, true, Map.of(
                "machineconfiguration.openshift.io/currentConfig", "rendered-worker-old",
                "machineconfiguration.openshift.io/desiredConfig", "rendered-worker-new",
                "machineconfiguration.openshift.io/desiredDrain", "drain-rendered-worker-new",
                "machineconfiguration.openshift.io/lastAppliedDrain", "uncordon-rendered-worker-old"));
        GenericKubernetesResource vm = workloads.vm(NS, "db", "Always", "LiveMigrate", "db-root");
        runningOn(workloads.startVmi(vm, "LiveMigrate", "db-root"), MCO_NODE);

        await().atMost(SEEN).until(() -> gauge(MCO_NODE), v -> v.equals(Optional.of(1.0)));
        JsonNode draining = reportedNode(MCO_NODE).path("draining");
        assertThat(draining.path("drainedBy").asText()).isEqualTo("the machine-config operator (drain-rendered-worker-new)");
        assertThat(draining.path("willNotLeave").asInt()).isEqualTo(1);
        assertThat(draining.path("waitsOn")).extracting(w -> w.path("namespace").asText() + "/" + w.path("vmi").asText() + " "
                + w.path("departure").asText()).containsExactly(NS + "/db WILL_NOT_LEAVE");
        await().atMost(SEEN).until(() -> drainStalledEvents(NS).size() == 1 && drainStalledEventsOn(MCO_NODE).size() == 1);
        Event onVmi = drainStalledEvents(NS).get(0);
        assertThat(onVmi.getInvolvedObject().getKind()).isEqualTo("VirtualMachineInstance");
        assertThat(onVmi.getInvolvedObject().getName()).isEqualTo("db");
        assertThat(onVmi.getInvolvedObject().getUid()).isEqualTo(admin.genericKubernetesResources(Workloads.VMI).inNamespace(NS)
                .withName("db").get().getMetadata().getUid());
        assertThat(onVmi.getType()).isEqualTo("Warning");
        assertThat(onVmi.getMessage()).startsWith("Stalls the drain of " + MCO_NODE + " by the machine-config operator"
                + " (drain-rendered-worker-new): it refuses eviction (LiveMigrate, not migratable)");
        assertThat(drainStalledEventsOn(MCO_NODE).get(0).getMessage()).startsWith("The drain of " + MCO_NODE
                + " by the machine-config operator (drain-rendered-worker-new) waits on 1 VMI that will not leave: " + NS + "/db.");
        drainWatch().check();
        drainWatch().check(); // more looks at the same drain write nothing more
        assertThat(drainStalledEvents(NS)).hasSize(1);
        assertThat(drainStalledEventsOn(MCO_NODE)).hasSize(1);

        CliRun stuck = CliRun.of("status", "--kubeconfig", ControlPlane.kubeconfig().toString());
        assertThat(stuck.exitCode()).as(stuck.stderr()).isEqualTo(1);
        assertThat(stuck.stdout()).contains("the drain of " + MCO_NODE + " waits on 1 VMI that will not leave (" + NS + "/db)",
                "\n    ! " + NS + "/db: will not leave\n      it refuses eviction (LiveMigrate, not migratable): the drain of "
                        + MCO_NODE + " waits forever\n", "\nMigrations in flight: 0\n");

        workloads.deleteVmi(NS, "db"); // the admin stopped the VM: the drain can go on

        await().atMost(SEEN).until(() -> gauge(MCO_NODE), v -> v.equals(Optional.of(0.0)));
        assertThat(reportedNode(MCO_NODE).path("draining").path("willNotLeave").asInt()).isZero();
        CliRun moving = CliRun.of("status", "--kubeconfig", ControlPlane.kubeconfig().toString());
        assertThat(moving.exitCode()).as(moving.stdout() + moving.stderr()).isZero();
        assertThat(moving.stdout()).contains("  " + MCO_NODE + "  draining since ");

        // The drain controller is done: lastAppliedDrain caught up with desiredDrain, and the series goes.
        admin.nodes().withName(MCO_NODE).edit(n -> new NodeBuilder(n).editMetadata()
                .addToAnnotations("machineconfiguration.openshift.io/lastAppliedDrain", "drain-rendered-worker-new").endMetadata()
                .build());
        await().atMost(SEEN).until(() -> gauge(MCO_NODE).isEmpty());
    }

    @Test
    void aRunningNodeMaintenanceStalledByAVmiShowsTheSameAndClearsWhenItSucceeds() {
        node(NM_NODE, true, Map.of());
        admin.genericKubernetesResources(NODE_MAINTENANCE).resource(Workloads.parse("""
                apiVersion: nodemaintenance.medik8s.io/v1beta1
                kind: NodeMaintenance
                metadata: {name: nm-%s}
                spec: {nodeName: %s, reason: firmware update}
                """.formatted(NM_NODE, NM_NODE))).create();
        maintenancePhase("Running");
        GenericKubernetesResource vm = workloads.vm(NS, "db", "Always", "LiveMigrate", "db-root");
        runningOn(workloads.startVmi(vm, "LiveMigrate", "db-root"), NM_NODE);

        await().atMost(SEEN).until(() -> gauge(NM_NODE), v -> v.equals(Optional.of(1.0)));
        assertThat(reportedNode(NM_NODE).path("draining").path("drainedBy").asText()).isEqualTo("NodeMaintenance nm-" + NM_NODE);
        await().atMost(SEEN).until(() -> drainStalledEvents(NS).size() == 1 && drainStalledEventsOn(NM_NODE).size() == 1);

        maintenancePhase("Succeeded");

        await().atMost(SEEN).until(() -> gauge(NM_NODE).isEmpty());
        assertThat(reportedNode(NM_NODE).path("draining").isNull()).isTrue();
    }

    // ---------------------------------------------------------------------------------------------

    /** A Node of this test only, Ready, with the labels a worker has and these annotations; cordoned if asked. */
    private void node(String name, boolean cordoned, Map<String, String> annotations) {
        Node node = admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(Map.of("kubernetes.io/hostname", name, "node-role.kubernetes.io/worker", "",
                        "kubevirt.io/schedulable", "true"))
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withUnschedulable(cordoned).endSpec().build()).create();
        node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder().addNewCondition().withType("Ready").withStatus("True")
                .endCondition().build());
        admin.nodes().resource(node).updateStatus();
    }

    /** What virt-handler reports: the VMI runs on this node. */
    private void runningOn(GenericKubernetesResource vmi, String node) {
        @SuppressWarnings("unchecked")
        Map<String, Object> status = new LinkedHashMap<>((Map<String, Object>) vmi.getAdditionalProperties().get("status"));
        status.put("nodeName", node);
        vmi.setAdditionalProperty("status", status);
        admin.genericKubernetesResources(Workloads.VMI).inNamespace(NS).resource(vmi).updateStatus();
    }

    private void maintenancePhase(String phase) {
        GenericKubernetesResource maintenance = admin.genericKubernetesResources(NODE_MAINTENANCE).withName("nm-" + NM_NODE).get();
        maintenance.setAdditionalProperty("status", Map.of("phase", phase));
        admin.genericKubernetesResources(NODE_MAINTENANCE).resource(maintenance).updateStatus();
    }

    /** The node's entry of the readiness report. */
    private JsonNode reportedNode(String name) {
        for (JsonNode node : view.report().path("nodes")) {
            if (node.path("name").asText().equals(name)) {
                return node;
            }
        }
        throw new AssertionError("node " + name + " is not in the readiness report");
    }

    /** The gauge's value for the node; empty while the node does not drain (no series). */
    private static Optional<Double> gauge(String node) {
        var gauge = Arc.container().instance(MeterRegistry.class).get().find(GAUGE).tag("node", node).gauge();
        return gauge == null ? Optional.empty() : Optional.of(gauge.value());
    }

    private static DrainWatch drainWatch() {
        return Arc.container().instance(DrainWatch.class).get();
    }

    private List<Event> drainStalledEvents(String namespace) {
        return admin.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "DrainStalled".equals(e.getReason())).toList();
    }

    private List<Event> drainStalledEventsOn(String node) {
        return drainStalledEvents("default").stream()
                .filter(e -> "Node".equals(e.getInvolvedObject().getKind()) && node.equals(e.getInvolvedObject().getName()))
                .toList();
    }
}
