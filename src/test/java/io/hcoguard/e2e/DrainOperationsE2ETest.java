package io.hcoguard.e2e;

import static io.hcoguard.inventory.WatchedKind.INFRASTRUCTURE;
import static io.hcoguard.inventory.WatchedKind.MACHINE_CONFIG_POOL;
import static io.hcoguard.inventory.WatchedKind.NODE;
import static io.hcoguard.inventory.WatchedKind.NODE_MAINTENANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hcoguard.upgrade.UpgradeGate;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every operation that drains (or reboots) nodes, behind the real API server, judged on the nodes it
 * reaches: a cluster upgrade on the nodes of unpaused pools (on a single node: whether each VMI starts
 * again), a pool's unpause, a NodeMaintenance, a cordon and a MachineConfig; and placement, which
 * follows the Nodes' labels. Three Nodes, one per pool, as the machine-config operator would pool them:
 * drain-a in the custom pool worker-cnv (paused, a configuration pending: the EUS-to-EUS update),
 * drain-b in worker, drain-c in master.
 *
 * <p>The API server and the app are shared with every other test class, whose VMIs run on worker-1,
 * a node no Node object stands for: every Node, pool and other object created here goes again, and
 * the view is awaited until it no longer has them.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrainOperationsE2ETest {

    static final String NS = "drain-e2e";
    static final String CNV_NODE = "drain-a";
    static final String WORKER_NODE = "drain-b";
    static final String MASTER_NODE = "drain-c";
    static final List<String> NODES = List.of(CNV_NODE, WORKER_NODE, MASTER_NODE);
    /** Each pool's spec.paused as the class sets it up, restored after each test. */
    static final Map<String, Boolean> PAUSED = Map.of("master", false, "worker", false, "worker-cnv", true);
    static final String HOST_LABEL = "hco-guard.io/e2e-host";
    static final Duration SYNC = Duration.ofSeconds(30);
    /** The fix a warning gives for VMIs that would stall a drain. */
    static final String STALLING_FIX = "Warning: fix each that stalls: make it migratable, or evictionStrategy"
            + " LiveMigrateIfPossible + runStrategy Always, then restart\n";
    /** The pools as the class sets them up, as {@link #reportedPools()} lists them. */
    static final List<String> POOLS = List.of("master", "worker", "worker-cnv: paused, pending");

    private final AppView view = AppView.of(this);
    private KubernetesClient admin;
    private Workloads workloads;
    private Topology cluster;
    /** What one test adds (NodeMaintenances, the Infrastructure, MachineConfigs, labels): gone after it. */
    private Topology changes;
    private GenericKubernetesResource clusterVersionBefore;
    private Map<String, Boolean> storageClassesBefore;

    @BeforeAll
    void threeNodesInThreePools() {
        admin = ControlPlane.admin();
        workloads = new Workloads(admin);
        cluster = new Topology(admin);
        changes = new Topology(admin);
        storageClassesBefore = new HashMap<>();
        for (String storageClass : List.of(Workloads.HOSTPATH_CLASS, "e2e-shared")) {
            storageClassesBefore.put(storageClass, admin.storage().v1().storageClasses().withName(storageClass).get() != null);
        }
        workloads.namespace(NS);
        clusterVersionBefore = admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).withName("version").get();
        if (clusterVersionBefore == null) {
            admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).resource(Workloads.parse("""
                    apiVersion: config.openshift.io/v1
                    kind: ClusterVersion
                    metadata: {name: version}
                    spec: {clusterID: 6a0c8d4e-0000-4000-8000-000000000016, channel: stable-4.15}
                    """)).create();
        }
        cluster.node(CNV_NODE, "worker", "worker-cnv");
        cluster.node(WORKER_NODE, "worker");
        cluster.node(MASTER_NODE, "master");
        cluster.pool("master", false, "master", List.of("master"), "rendered-master-1", "rendered-master-1");
        cluster.pool("worker", false, "worker", List.of("worker"), "rendered-worker-1", "rendered-worker-1");
        cluster.pool("worker-cnv", true, "worker-cnv", List.of("worker", "worker-cnv"),
                "rendered-worker-cnv-2", "rendered-worker-cnv-1");
        // Ready is each Node's last change (Topology#node): seen Ready, it is seen without the not-ready taint too.
        await().atMost(SYNC).until(() -> NODES.stream().allMatch(n -> reportedNode(n).path("ready").asBoolean())
                && reportedPools().equals(POOLS)
                && NODES.stream().map(n -> reportedNode(n).path("pool").asText()).toList().equals(List.of("worker-cnv", "worker", "master")));
    }

    @AfterEach
    void removeWhatTheTestAdded() {
        workloads.clear(NS);
        changes.deleteCreated();
        for (String node : NODES) {
            admin.nodes().withName(node).edit(n -> new NodeBuilder(n).editSpec().withUnschedulable(null).endSpec().build());
        }
        PAUSED.forEach((name, paused) -> admin.genericKubernetesResources(Topology.MACHINE_CONFIG_POOL).withName(name).edit(pool -> {
            pool.<Map<String, Object>>get("spec").put("paused", paused);
            if (pool.getMetadata().getAnnotations() != null) {
                pool.getMetadata().getAnnotations().remove(UpgradeGate.OVERRIDE_ANNOTATION);
            }
            return pool;
        }));
        await().atMost(SYNC).until(() -> vmisHere().isEmpty() && view.size(NODE_MAINTENANCE) == 0 && view.size(INFRASTRUCTURE) == 0
                && reportedPools().equals(POOLS) && NODES.stream().allMatch(n -> reportedNode(n).path("schedulable").asBoolean())
                && view.report().path("clusterUpgrade").path("nodes").asText().equals("drained: drain-b, drain-c"));
    }

    /** Nodes in the view turn placement on for every other test's VMIs: none may stay. */
    @AfterAll
    void leaveTheClusterAsFound() throws Exception {
        cluster.deleteCreated();
        admin.rbac().clusterRoleBindings().withName("drain-e2e-upgraders").delete();
        if (clusterVersionBefore == null) {
            admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).withName("version").delete();
        } else {
            admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).withName("version").edit(cv -> {
                cv.setAdditionalProperty("spec", clusterVersionBefore.get("spec"));
                return cv;
            });
        }
        storageClassesBefore.forEach((storageClass, existed) -> {
            if (!existed) {
                admin.storage().v1().storageClasses().withName(storageClass).delete();
            }
        });
        admin.namespaces().withName(NS).delete();
        // No namespace controller runs here: the finalizer it would remove is removed by hand.
        Kubectl.Result finalized = Kubectl.run("replace", "--raw", "/api/v1/namespaces/" + NS + "/finalize", "-f", "-",
                "--stdin-text", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + NS + "\"},"
                        + "\"spec\":{\"finalizers\":[]}}");
        assertThat(finalized.exitCode()).as(finalized.stderr()).isZero();
        await().atMost(SYNC).until(() -> view.size(NODE) == 0 && view.size(MACHINE_CONFIG_POOL) == 0
                && admin.namespaces().withName(NS).get() == null);
    }

    // --- ClusterVersion -----------------------------------------------------------------------

    @Test
    void aVmiOnANodeOfAnUnpausedPoolBlocksAClusterUpgrade() {
        stallingVm("db", WORKER_NODE);

        assertThatThrownBy(() -> requestClusterUpgrade(Map.of("version", "4.30.0")))
                .hasMessageContaining("admission webhook \"gate.clusterversions.hco-guard.io\" denied the request: "
                        + "Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the drain.\n"
                        + "By node: drain-b: 1\n"
                        + "Nodes drained: drain-b, drain-c.\n"
                        + "- drain-e2e/db (VM drain-e2e/db) on drain-b: refuses eviction (LiveMigrate, not migratable):"
                        + " the drain of drain-b waits forever\n");
        assertThat(desiredUpdate()).isNotEqualTo(Map.of("version", "4.30.0"));
    }

    @Test
    void aVmiOnANodeOfAPausedPoolOnlyWarnsThatItWillBlockTheUnpause() throws Exception {
        stallingVm("db", CNV_NODE);

        assertThat(requestClusterUpgradeByKubectl("{\"version\":\"4.30.1\"}"))
                .isEqualTo("Warning: 1 running VMI on paused pool worker-cnv will block its unpause"
                        + " (they would stall the drain or be shut down for good)\n");
        assertThat(desiredUpdate()).isEqualTo(Map.of("version", "4.30.1"));
    }

    @Test
    void eachPoolHasItsSeriesPausedPendingAndTheVmisThatStallADrainOfItsNodes() {
        stallingVm("db", WORKER_NODE);
        stallingVm("cache", CNV_NODE);

        await().atMost(SYNC).ignoreExceptions().until(() -> view.meter("hco_guard_pool_blocking_vmis", "pool", "worker") == 1
                && view.meter("hco_guard_pool_blocking_vmis", "pool", "worker-cnv") == 1);
        assertThat(view.meter("hco_guard_pool_blocking_vmis", "pool", "master")).isZero();
        assertThat(List.of("master", "worker", "worker-cnv")).map(pool -> view.meter("hco_guard_pool_paused", "pool", pool))
                .containsExactly(0.0, 0.0, 1.0);
        assertThat(List.of("master", "worker", "worker-cnv")).map(pool -> view.meter("hco_guard_pool_configuration_pending", "pool", pool))
                .containsExactly(0.0, 0.0, 1.0);
    }

    @Test
    void aPreflightPassesWithAWarningAndCommittingItsTargetIsJudged() throws Exception {
        stallingVm("db", WORKER_NODE);

        String warnings = requestClusterUpgradeByKubectl("{\"version\":\"4.31.0\",\"mode\":\"Preflight\"}");

        assertThat(warnings).isEqualTo("Warning: Preflight: the update itself would be refused:"
                + " 1 running VMI blocks it (GET /upgrade-readiness)\n");
        assertThat(desiredUpdate()).isEqualTo(Map.of("version", "4.31.0", "mode", "Preflight"));
        // The same target without Preflight is the update itself.
        assertThatThrownBy(() -> requestClusterUpgrade(Map.of("version", "4.31.0")))
                .hasMessageContaining("Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the drain.\n");
    }

    @Test
    void onASingleNodeTopologyOnlyAVmiThatIsNotStartedAgainAfterTheRebootBlocks() {
        changes.infrastructure("SingleReplica");
        await().atMost(SYNC).until(() -> view.report().path("clusterUpgrade").path("nodes").asText()
                .equals("rebooted without a drain: drain-b, drain-c"));
        // Not migratable and LiveMigrate: a drain would stall on both; a reboot stops both.
        stallingVm("restarted", WORKER_NODE);

        requestClusterUpgrade(Map.of("version", "4.32.0"));
        assertThat(desiredUpdate()).isEqualTo(Map.of("version", "4.32.0"));

        stallingVm("stays-off", WORKER_NODE, "Manual");
        assertThatThrownBy(() -> requestClusterUpgrade(Map.of("version", "4.32.1")))
                .hasMessageContaining("Cluster upgrade blocked: on a single-node topology the node reboots without a drain,"
                        + " and 1 running VMI is not started again after it.\n")
                .hasMessageContaining("- drain-e2e/stays-off (VM drain-e2e/stays-off) on drain-b: is stopped by the reboot"
                        + " of drain-b and not started again: runStrategy Manual\n")
                .hasMessageNotContaining("drain-e2e/restarted");
    }

    // --- MachineConfigPool --------------------------------------------------------------------

    @Test
    void unpausingAPoolWithAConfigurationPendingIsDeniedWhileAVmiOnItsNodesBlocks() {
        stallingVm("db", CNV_NODE);

        assertThatThrownBy(() -> setPaused(admin, "worker-cnv", false, null))
                .hasMessageContaining("admission webhook \"gate.machineconfigpools.hco-guard.io\" denied the request: "
                        + "Unpause of MachineConfigPool worker-cnv blocked: 1 running VMI blocks it: 1 stalls the drain.\n"
                        + "By node: drain-a: 1\n"
                        + "Nodes drained: drain-a.\n"
                        + "- drain-e2e/db (VM drain-e2e/db) on drain-a: refuses eviction (LiveMigrate, not migratable):"
                        + " the drain of drain-a waits forever\n")
                .hasMessageContaining("\n  kubectl annotate machineconfigpool worker-cnv " + UpgradeGate.OVERRIDE_ANNOTATION
                        + "='<reason>'");
        assertThat(pool("worker-cnv").<Boolean>get("spec", "paused")).isTrue();
    }

    @Test
    void unpausingAPoolWithNothingPendingPassesWhateverRunsOnItsNodes() {
        stallingVm("db", WORKER_NODE);
        setPaused(admin, "worker", true, null);

        setPaused(admin, "worker", false, null);

        assertThat(pool("worker").<Boolean>get("spec", "paused")).isFalse();
    }

    @Test
    void theOverrideAnnotationLetsOnlyTheOverrideGroupUnpauseAPool() throws Exception {
        stallingVm("db", CNV_NODE);
        admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("drain-e2e-upgraders").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin").endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("drain-upgraders").endSubject()
                .build()).serverSideApply();
        KubernetesClient bob = impersonating("bob", "drain-upgraders");

        assertThatThrownBy(() -> setPaused(bob, "worker-cnv", false, "EUS-to-EUS window"))
                .hasMessageContaining("denied the request: Override refused: user bob may not override the upgrade gate;"
                        + " only members of group virt-admins may.\n"
                        + "Unpause of MachineConfigPool worker-cnv blocked: 1 running VMI blocks it: 1 stalls the drain.\n");
        assertThat(pool("worker-cnv").<Boolean>get("spec", "paused")).isTrue();

        Kubectl.Result overridden = kubectlPasses("patch", "machineconfigpool", "worker-cnv", "--type=merge", "-p",
                "{\"metadata\":{\"annotations\":{\"" + UpgradeGate.OVERRIDE_ANNOTATION + "\":\"EUS-to-EUS window\"}},"
                        + "\"spec\":{\"paused\":false}}",
                "--as", "alice", "--as-group", "drain-upgraders", "--as-group", "virt-admins");
        assertThat(overridden.stderr()).isEqualTo("Warning: Upgrade gate overridden although 1 running VMI blocks it;"
                + " remove the annotation afterwards\n");
        assertThat(pool("worker-cnv").<Boolean>get("spec", "paused")).isFalse();
    }

    // --- NodeMaintenance ----------------------------------------------------------------------

    @Test
    void aNodeMaintenanceIsDeniedOnANodeWithABlockerAndCreatedOnAnother() {
        stallingVm("db", WORKER_NODE);

        assertThatThrownBy(() -> changes.nodeMaintenance(admin, "drain-b-dimm", WORKER_NODE, Map.of()))
                .hasMessageContaining("admission webhook \"gate.nodemaintenances.hco-guard.io\" denied the request: "
                        + "Maintenance of node drain-b blocked: 1 running VMI blocks it: 1 stalls the drain.\n"
                        + "By node: drain-b: 1\n"
                        + "Nodes drained: drain-b.\n")
                .hasMessageContaining("\nTo go ahead anyway, a member of group virt-admins may create it with the annotation "
                        + UpgradeGate.OVERRIDE_ANNOTATION + ": '<reason>'.");
        assertThat(admin.genericKubernetesResources(Topology.NODE_MAINTENANCE).withName("drain-b-dimm").get()).isNull();

        changes.nodeMaintenance(admin, "drain-c-dimm", MASTER_NODE, Map.of());
        await().atMost(SYNC).until(() -> reportedNode(MASTER_NODE).path("maintenance").asText().equals("drain-c-dimm"));
        assertThat(NODES.stream().map(n -> reportedNode(n).path("maintenance").asText(null)))
                .containsExactly(null, null, "drain-c-dimm");
    }

    // --- Node ---------------------------------------------------------------------------------

    @Test
    void aCordonPassesWithAWarningNamingTheVmiTheDrainWouldStallOn() throws Exception {
        stallingVm("db", WORKER_NODE);

        Kubectl.Result cordon = kubectlPasses("cordon", WORKER_NODE);

        assertThat(cordon.stdout()).isEqualTo("node/drain-b cordoned\n");
        assertThat(cordon.stderr()).isEqualTo("Warning: draining drain-b would stall on 1 running VMI: drain-e2e/db\n"
                + STALLING_FIX);
        assertThat(admin.nodes().withName(WORKER_NODE).get().getSpec().getUnschedulable()).isTrue();

        assertThat(kubectlPasses("cordon", MASTER_NODE).stderr()).isEmpty();
    }

    // --- MachineConfig ------------------------------------------------------------------------

    @Test
    void aMachineConfigForWorkersPassesWithAWarningNamingTheVmiOnItsPoolsNodes() throws Exception {
        stallingVm("db", WORKER_NODE);
        changes.deleteLater(Topology.MACHINE_CONFIG, "99-worker-chrony");

        Kubectl.Result created = kubectlPasses("create", "-f", "-", "--stdin-text", """
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfig
                metadata:
                  name: 99-worker-chrony
                  labels: {machineconfiguration.openshift.io/role: worker}
                spec: {config: {ignition: {version: 3.2.0}}}
                """);

        assertThat(created.stdout()).isEqualTo("machineconfig.machineconfiguration.openshift.io/99-worker-chrony created\n");
        assertThat(created.stderr()).isEqualTo("Warning: draining drain-b for MachineConfig 99-worker-chrony would stall"
                + " on 1 running VMI: drain-e2e/db\n" + STALLING_FIX);
    }

    // --- placement ----------------------------------------------------------------------------

    @Test
    void aVmiPinnedToItsNodeByRequiredAffinityStallsTheDrain() {
        GenericKubernetesResource vm = workloads.vm(NS, "pinned", "Always", "LiveMigrate", sharedPvc("pinned"));
        running(vm, WORKER_NODE, Workloads.MIGRATABLE, affinity(Topology.HOSTNAME, WORKER_NODE));

        await().atMost(SYNC).until(() -> drainOutcome("drain-e2e/pinned").isPresent());
        assertThat(vmisHere()).extracting(ReportedVmi::ref, ReportedVmi::drainOutcome, ReportedVmi::reasons)
                .containsExactly(tuple("drain-e2e/pinned", "STALLS_DRAIN", List.of("no migration target: required node"
                        + " affinity kubernetes.io/hostname In [drain-b]: no other node matches")));
        assertThatThrownBy(() -> requestClusterUpgrade(Map.of("version", "4.33.0")))
                .hasMessageContaining("- drain-e2e/pinned (VM drain-e2e/pinned) on drain-b: its evacuation migration cannot"
                        + " succeed (no migration target: required node affinity kubernetes.io/hostname In [drain-b]: no other"
                        + " node matches) and is retried forever: the drain of drain-b waits\n"
                        + "  why: no migration target: required node affinity kubernetes.io/hostname In [drain-b]: no other"
                        + " node matches; evictionStrategy=LiveMigrate, runStrategy Always\n");
    }

    @Test
    void aLabelOnASecondNodeUnblocksAVmiWithinTheStalenessBound() {
        changes.label(WORKER_NODE, HOST_LABEL, WORKER_NODE);
        GenericKubernetesResource vm = workloads.vm(NS, "racked", "Always", "LiveMigrate", sharedPvc("racked"));
        running(vm, WORKER_NODE, Workloads.MIGRATABLE, affinity(HOST_LABEL, WORKER_NODE, CNV_NODE));
        await().atMost(SYNC).until(() -> drainOutcome("drain-e2e/racked").equals(Optional.of("STALLS_DRAIN")));
        assertThatThrownBy(() -> requestClusterUpgrade(Map.of("version", "4.34.0")))
                .hasMessageContaining("\n  why: no migration target: required node affinity hco-guard.io/e2e-host"
                        + " In [drain-b, drain-a]: no other node matches; evictionStrategy=LiveMigrate, runStrategy Always\n");

        changes.label(CNV_NODE, HOST_LABEL, CNV_NODE);

        await().atMost(stalenessBound()).until(() -> drainOutcome("drain-e2e/racked").equals(Optional.of("MIGRATES")));
        requestClusterUpgrade(Map.of("version", "4.34.0"));
        assertThat(desiredUpdate()).isEqualTo(Map.of("version", "4.34.0"));
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Runs kubectl, which prints the warnings of an allowed request (on stderr); the request must pass. */
    private static Kubectl.Result kubectlPasses(String... args) throws Exception {
        Kubectl.Result result = Kubectl.run(args);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    /** A VM (runStrategy Always, LiveMigrate) whose running VMI cannot migrate (hostpath disk): a drain of its node stalls. */
    private void stallingVm(String name, String node) {
        stallingVm(name, node, "Always");
    }

    private void stallingVm(String name, String node, String runStrategy) {
        GenericKubernetesResource vm = workloads.vm(NS, name, runStrategy, "LiveMigrate", hostpathPvc(name));
        running(vm, node, Workloads.NOT_MIGRATABLE, "");
        await().atMost(SYNC).until(() -> drainOutcome(NS + "/" + name).equals(Optional.of("STALLS_DRAIN")));
    }

    private void running(GenericKubernetesResource vm, String node, String liveMigratable, String specEntry) {
        String pvc = vm.getMetadata().getName() + "-root";
        workloads.startVmi(vm, node, "LiveMigrate", pvc, liveMigratable, "", specEntry);
    }

    private String hostpathPvc(String vm) {
        workloads.hostpathPvc(NS, vm + "-root");
        return vm + "-root";
    }

    private String sharedPvc(String vm) {
        workloads.sharedPvc(NS, vm + "-root");
        return vm + "-root";
    }

    /** Required node affinity, one term: {@code key In [values]}, as a flow-style spec entry. */
    private static String affinity(String key, String... values) {
        return "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
                + " [{matchExpressions: [{key: " + key + ", operator: In, values: [" + String.join(", ", values) + "]}]}]}}}";
    }

    private Optional<String> drainOutcome(String ref) {
        return view.vmis().stream().filter(v -> v.ref().equals(ref)).map(ReportedVmi::drainOutcome).findFirst();
    }

    private List<ReportedVmi> vmisHere() {
        return view.vmis().stream().filter(v -> v.ref().startsWith(NS + "/")).toList();
    }

    /** The node as the readiness report shows it (its pool, whether schedulable and Ready, its NodeMaintenance). */
    private JsonNode reportedNode(String name) {
        for (JsonNode node : view.report().path("nodes")) {
            if (node.path("name").asText().equals(name)) {
                return node;
            }
        }
        return MissingNode.getInstance();
    }

    /** The pools as the readiness report shows them: "worker-cnv: paused, pending", "worker". */
    private List<String> reportedPools() {
        List<String> pools = new ArrayList<>();
        for (JsonNode pool : view.report().path("pools")) {
            List<String> state = new ArrayList<>();
            if (pool.path("paused").asBoolean()) {
                state.add("paused");
            }
            if (pool.path("pendingConfiguration").asBoolean()) {
                state.add("pending");
            }
            pools.add(pool.path("name").asText() + (state.isEmpty() ? "" : ": " + String.join(", ", state)));
        }
        return pools;
    }

    private static Duration stalenessBound() {
        return ConfigProvider.getConfig().getValue("guard.inventory.max-staleness", Duration.class);
    }

    private void requestClusterUpgrade(Map<String, Object> desiredUpdate) {
        admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).withName("version").edit(cv -> {
            cv.<Map<String, Object>>get("spec").put("desiredUpdate", desiredUpdate);
            return cv;
        });
    }

    /** Sets spec.desiredUpdate (JSON) with kubectl, which must pass; what it warns of, one "Warning: " line each. */
    private String requestClusterUpgradeByKubectl(String desiredUpdate) throws Exception {
        return kubectlPasses("patch", "clusterversion", "version", "--type=merge",
                "-p", "{\"spec\":{\"desiredUpdate\":" + desiredUpdate + "}}").stderr();
    }

    private Object desiredUpdate() {
        return admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).withName("version").get().get("spec", "desiredUpdate");
    }

    private GenericKubernetesResource pool(String name) {
        return admin.genericKubernetesResources(Topology.MACHINE_CONFIG_POOL).withName(name).get();
    }

    /** Sets spec.paused as {@code client}, with the override annotation when a reason is given. */
    private void setPaused(KubernetesClient client, String name, boolean paused, String overrideReason) {
        GenericKubernetesResource pool = pool(name);
        pool.<Map<String, Object>>get("spec").put("paused", paused);
        if (overrideReason != null) {
            pool.getMetadata().setAnnotations(Map.of(UpgradeGate.OVERRIDE_ANNOTATION, overrideReason));
        }
        client.genericKubernetesResources(Topology.MACHINE_CONFIG_POOL).resource(pool).update();
    }

    private KubernetesClient impersonating(String user, String... groups) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername(user).withImpersonateGroups(groups).build()).build();
    }
}
