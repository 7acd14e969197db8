package io.hcoguard.upgrade;

import static io.hcoguard.upgrade.GateFixtures.ALICE;
import static io.hcoguard.upgrade.GateFixtures.BOB;
import static io.hcoguard.upgrade.GateFixtures.EVICTING;
import static io.hcoguard.upgrade.GateFixtures.POLICY;
import static io.hcoguard.upgrade.GateFixtures.T0;
import static io.hcoguard.upgrade.GateFixtures.clusterVersion;
import static io.hcoguard.upgrade.GateFixtures.clusterVersionUpdate;
import static io.hcoguard.upgrade.GateFixtures.finished;
import static io.hcoguard.upgrade.GateFixtures.overridden;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hcoguard.admission.Decision;
import io.hcoguard.drain.InfrastructureSnapshot;
import io.hcoguard.drain.MachineConfigPoolSnapshot;
import io.hcoguard.drain.NodeTopology;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.KubeObjects;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.NotMigratableReason;
import io.hcoguard.migratability.RunStrategy;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.Verdicts;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.placement.NodeSnapshot;
import io.hcoguard.placement.Taint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gate on every operation that drains nodes, judged on the nodes it drains only: a cluster of
 * two masters, three workers and two nodes of a custom pool {@code worker-cnv}.
 */
class OperationGateTest {

    private static final List<NodeSnapshot> NODES = List.of(
            node("master-0", "node-role.kubernetes.io/master"), node("master-1", "node-role.kubernetes.io/master"),
            node("worker-0", "node-role.kubernetes.io/worker"), node("worker-1", "node-role.kubernetes.io/worker"),
            node("worker-2", "node-role.kubernetes.io/worker"),
            node("cnv-0", "node-role.kubernetes.io/worker", "node-role.kubernetes.io/worker-cnv"),
            node("cnv-1", "node-role.kubernetes.io/worker", "node-role.kubernetes.io/worker-cnv"));

    // --- ClusterVersion ----------------------------------------------------------------------------

    @Test
    void aClusterUpgradeIsJudgedOnTheNodesOfPoolsThatAreNotPaused() {
        VerdictSnapshot snapshot = snapshot(pools(false), Optional.empty(), stallsDrain("db", "pg-0", "worker-1"));

        Decision decision = judge(upgrade(), snapshot).decision();

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message().lines().limit(3).toList()).containsExactly(
                "Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the drain.",
                "By node: worker-1: 1",
                "Nodes drained: cnv-0, cnv-1, master-0, master-1, worker-0 and 2 more.");
    }

    @Test
    void vmisOnAPausedPoolDoNotBlockAClusterUpgradeAndAWarningCountsThemByPool() {
        VerdictSnapshot snapshot = snapshot(pools(true), Optional.empty(),
                stallsDrain("db", "pg-0", "cnv-0"), stallsDrain("db", "pg-1", "cnv-1"));

        GateVerdict verdict = judge(upgrade(), snapshot);

        assertThat(verdict.outcome()).isEqualTo(GateOutcome.ALLOWED);
        assertThat(verdict.decision().warnings()).containsExactly("2 running VMIs on paused pool worker-cnv will block its"
                + " unpause (they would stall the drain or be shut down for good)");
    }

    @Test
    void aPreflightUpdatesNothingAndWarnsWhatWouldBlockTheUpdate() {
        VerdictSnapshot snapshot = snapshot(pools(false), Optional.empty(), stallsDrain("db", "pg-0", "worker-1"));
        JsonNode preflight = clusterVersion("{version: 4.17.3, mode: Preflight}");

        GateVerdict verdict = judge(clusterVersionUpdate(clusterVersion("{version: 4.17.1}"), preflight, BOB), snapshot);

        assertThat(verdict.outcome()).isEqualTo(GateOutcome.NOT_GATED);
        assertThat(verdict.decision().allowed()).isTrue();
        assertThat(verdict.decision().warnings()).containsExactly(
                "Preflight: the update itself would be refused: 1 running VMI blocks it (GET /upgrade-readiness)");
    }

    @Test
    void onASingleNodeTheNodeRebootsAndOnlyAVmiThatIsNotStartedAgainBlocks() {
        List<NodeSnapshot> one = List.of(node("sno", "node-role.kubernetes.io/master", "node-role.kubernetes.io/worker"));
        Optional<InfrastructureSnapshot> sno = Optional.of(infrastructure("SingleReplica"));
        Verdicts comesBack = stallsDrain("db", "pg-0", "sno"); // LiveMigrate, not migratable, runStrategy Always
        Verdicts staysOff = stallsDrain("db", "pg-1", "sno").vm(RunStrategy.MANUAL);
        Verdicts rerun = stallsDrain("db", "pg-2", "sno").vm(RunStrategy.RERUN_ON_FAILURE);

        Decision decision = judge(upgrade(), snapshot(one, List.of(masterPool()), sno, comesBack, staysOff, rerun)).decision();

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message().lines().limit(5).toList()).containsExactly(
                "Cluster upgrade blocked: on a single-node topology the node reboots without a drain, and 1 running VMI"
                        + " is not started again after it.",
                "Nodes rebooted without a drain: sno.",
                "- db/pg-1 (VM db/pg-1) on sno: is stopped by the reboot of sno and not started again: runStrategy Manual",
                "  why: LiveMigratable=False (DisksNotLiveMigratable), PVC pg-1-data not ReadWriteMany;"
                        + " evictionStrategy=LiveMigrate, runStrategy Manual",
                "Set runStrategy Always on VM db/pg-1 (read live by the VM controller, no restart needed):");
        assertThat(judge(upgrade(), snapshot(one, List.of(masterPool()), sno, comesBack, rerun)).outcome())
                .isEqualTo(GateOutcome.ALLOWED);
    }

    @Test
    void withoutPoolsEveryNodeCountsAsBefore() {
        VerdictSnapshot snapshot = snapshot(List.of(), Optional.empty(), stallsDrain("db", "pg-0", "cnv-0"));

        Decision decision = judge(upgrade(), snapshot).decision();

        assertThat(decision.message().lines().limit(3).toList()).containsExactly(
                "Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the drain.",
                "By node: cnv-0: 1",
                "- db/pg-0 (VM db/pg-0) on cnv-0: refuses eviction (LiveMigrate, not migratable): the drain of cnv-0 waits forever");
    }

    @Test
    void aVmiOnANodeTheViewDoesNotKnowCountsForAPoolOperation() {
        VerdictSnapshot snapshot = snapshot(pools(true), Optional.empty(), stallsDrain("db", "pg-0", "worker-9"));

        assertThat(judge(upgrade(), snapshot).outcome()).isEqualTo(GateOutcome.DENIED_BLOCKERS);
    }

    // --- MachineConfigPool unpause ------------------------------------------------------------------

    @Test
    void unpausingAPoolWithAPendingConfigurationIsDeniedWhileAVmiOnItsNodesBlocks() {
        VerdictSnapshot snapshot = snapshot(pools(true), Optional.empty(),
                stallsDrain("db", "pg-0", "cnv-1"), stallsDrain("db", "pg-1", "worker-0"));

        Decision decision = judge(unpause("rendered-worker-cnv-new"), snapshot).decision();

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message().lines().limit(4).toList()).containsExactly(
                "Unpause of MachineConfigPool worker-cnv blocked: 1 running VMI blocks it: 1 stalls the drain.",
                "By node: cnv-1: 1",
                "Nodes drained: cnv-0, cnv-1.",
                "- db/pg-0 (VM db/pg-0) on cnv-1: refuses eviction (LiveMigrate, not migratable): the drain of cnv-1 waits forever");
        assertThat(decision.message()).endsWith("""
                To upgrade anyway, a member of group virt-admins may annotate this object with a reason, then retry:
                  kubectl annotate machineconfigpool worker-cnv hco-guard.io/allow-upgrade-with-blockers='<reason>'""");
    }

    @Test
    void unpausingAPoolWithNothingPendingPasses() {
        VerdictSnapshot snapshot = snapshot(pools(true), Optional.empty(), stallsDrain("db", "pg-0", "cnv-1"));

        assertThat(judge(unpause("rendered-worker-cnv-old"), snapshot).outcome()).isEqualTo(GateOutcome.NOT_GATED);
    }

    @Test
    void anOverrideLetsAPermittedUserUnpause() {
        VerdictSnapshot snapshot = snapshot(pools(true), Optional.empty(), stallsDrain("db", "pg-0", "cnv-1"));
        GatedRequest unpause = unpause("rendered-worker-cnv-new");
        GatedRequest overridden = GateFixtures.update("machineconfiguration.openshift.io", "MachineConfigPool",
                unpause.oldObject(), overridden(unpause.object(), "maintenance window"), ALICE);

        GateVerdict verdict = judge(overridden, snapshot);

        assertThat(verdict.outcome()).isEqualTo(GateOutcome.OVERRIDDEN);
        assertThat(verdict.decision().auditAnnotations()).containsEntry("override-reason", "maintenance window")
                .containsEntry("blocking-vmis", "db/pg-0");
    }

    // --- NodeMaintenance ------------------------------------------------------------------------------

    @Test
    void aNodeMaintenanceIsDeniedForTheNodeItDrainsOnly() {
        VerdictSnapshot snapshot = snapshot(pools(false), Optional.empty(), shutDown("db", "pg-1", "worker-2"));

        Decision denied = judge(maintenance("worker-2"), snapshot).decision();

        assertThat(denied.message().lines().limit(3).toList()).containsExactly(
                "Maintenance of node worker-2 blocked: 1 running VMI blocks it: 1 is shut down for good.",
                "By node: worker-2: 1",
                "Nodes drained: worker-2.");
        assertThat(denied.message()).endsWith("To go ahead anyway, a member of group virt-admins may create it with the"
                + " annotation hco-guard.io/allow-upgrade-with-blockers: '<reason>'.");
        assertThat(judge(maintenance("worker-1"), snapshot).outcome()).isEqualTo(GateOutcome.ALLOWED);
    }

    @Test
    void aNodeMaintenanceDrainsItsNodeEvenOnASingleNodeTopology() {
        Optional<InfrastructureSnapshot> sno = Optional.of(infrastructure("SingleReplica"));
        VerdictSnapshot snapshot = snapshot(pools(false), sno, stallsDrain("db", "pg-0", "worker-1"));

        assertThat(judge(maintenance("worker-1"), snapshot).decision().message())
                .startsWith("Maintenance of node worker-1 blocked: 1 running VMI blocks it: 1 stalls the drain.");
    }

    // --- finished VMIs (KubeVirt before v1.3.1) -------------------------------------------------------

    @Test
    void aFinishedVmiWhoseLauncherKubeVirtWillNotEvictBlocksEveryDrainOfItsNodeAndIsNoRunningVmi() {
        VerdictSnapshot snapshot = snapshot(pools(false), List.of(finished("batch", "report", "cnv-0")));

        Decision denied = judge(maintenance("cnv-0"), snapshot).decision();

        assertThat(denied.message().lines().toList()).containsExactly(
                "Maintenance of node cnv-0 blocked: 1 finished VMI blocks it: 1 stalls the drain.",
                "By node: cnv-0: 1",
                "Nodes drained: cnv-0.",
                "- batch/report (VM batch/report) on cnv-0: has finished (Succeeded), and KubeVirt v1.2.2 refuses forever"
                        + " to evict its completed virt-launcher pod (LiveMigrate, not migratable; fixed in v1.3.1):"
                        + " the drain of cnv-0 waits forever",
                "  why: LiveMigratable=False (DisksNotLiveMigratable); evictionStrategy=LiveMigrate, runStrategy Manual",
                "Delete finished VMI batch/report (its completed virt-launcher pod goes with it), or update KubeVirt"
                        + " v1.2.2 to v1.3.1 or later:",
                "  kubectl delete vmi report -n batch",
                "Every blocker with its fix: GET /upgrade-readiness",
                "To go ahead anyway, a member of group virt-admins may create it with the annotation"
                        + " hco-guard.io/allow-upgrade-with-blockers: '<reason>'.");
        assertThat(judge(upgrade(), snapshot).decision().message())
                .startsWith("Cluster upgrade blocked: 1 finished VMI blocks it: 1 stalls the drain.");
        assertThat(judge(unpause("rendered-worker-cnv-new"), snapshot).outcome()).isEqualTo(GateOutcome.DENIED_BLOCKERS);
        assertThat(judge(maintenance("cnv-1"), snapshot).outcome()).isEqualTo(GateOutcome.ALLOWED);
        assertThat(judge(cordon("cnv-0"), snapshot).decision().warnings()).containsExactly(
                "draining cnv-0 would stall on 1 finished VMI: batch/report", UpgradeGate.FIX_FINISHED);
        assertThat(snapshot.runningVmis()).isZero();
    }

    @Test
    void withRunningBlockersTooTheExampleFixIsARunningOnesAndFinishedVmisGetTheirOwnLine() {
        VerdictSnapshot snapshot = snapshot(pools(false), List.of(finished("batch", "report", "worker-1")),
                stallsDrain("db", "pg-0", "worker-1"));

        List<String> lines = judge(maintenance("worker-1"), snapshot).decision().message().lines().toList();

        assertThat(lines.get(0)).isEqualTo(
                "Maintenance of node worker-1 blocked: 1 running VMI and 1 finished VMI block it: 2 stall the drain.");
        assertThat(lines).contains(
                "Make VM db/pg-0 migratable, or set evictionStrategy LiveMigrateIfPossible with runStrategy Always, then"
                        + " restart it so the running VMI picks them up:",
                "Delete each finished VMI listed (its launcher pod goes with it), or update KubeVirt to v1.3.1 or later.");
        assertThat(judge(cordon("worker-1"), snapshot).decision().warnings()).containsExactly(
                "draining worker-1 would stall on 1 running VMI and 1 finished VMI: batch/report, db/pg-0",
                UpgradeGate.FIX_STALL, UpgradeGate.FIX_FINISHED);
    }

    // --- warnings only --------------------------------------------------------------------------------

    @Test
    void aCordonIsNeverRefusedAndNamesWhatTheDrainWouldDo() {
        VerdictSnapshot snapshot = snapshot(pools(false), Optional.empty(),
                stallsDrain("db", "pg-0", "worker-1"), shutDown("db", "pg-1", "worker-1"), shutDown("db", "pg-2", "worker-2"));

        GateVerdict verdict = judge(cordon("worker-1"), snapshot);

        assertThat(verdict.decision().allowed()).isTrue();
        assertThat(verdict.decision().warnings()).containsExactly(
                "draining worker-1 would stall on 1 running VMI: db/pg-0",
                "draining worker-1 would shut down for good 1 running VMI: db/pg-1",
                UpgradeGate.FIX_STALL,
                "fix each that stays off: set runStrategy Always on its VM (read live, no restart needed)");
        assertThat(verdict.decision().warnings()).allSatisfy(w -> assertThat(w.length()).isLessThanOrEqualTo(119));
    }

    @Test
    void aCordonOfANodeWithoutBlockersHasNoWarning() {
        VerdictSnapshot snapshot = snapshot(pools(false), Optional.empty(), stallsDrain("db", "pg-0", "worker-1"));

        assertThat(judge(cordon("worker-2"), snapshot).decision().warnings()).isEmpty();
    }

    @Test
    void manyVmisInACordonWarningAreCountedToFitTheLine() {
        List<Verdicts> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(stallsDrain("namespace-" + i, "database-" + i, "worker-1"));
        }
        VerdictSnapshot snapshot = snapshot(pools(false), Optional.empty(), many.toArray(Verdicts[]::new));

        String warning = judge(cordon("worker-1"), snapshot).decision().warnings().get(0);

        assertThat(warning).isEqualTo("draining worker-1 would stall on 12 running VMIs: namespace-0/database-0,"
                + " namespace-1/database-1 and 10 more");
        assertThat(warning.length()).isLessThanOrEqualTo(UpgradeGate.WARNING_LENGTH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machineConfigs")
    void aMachineConfigForAPoolWarnsWhatItsDrainsOrRebootsWouldDo(String description, String name,
            Optional<InfrastructureSnapshot> infrastructure, List<Verdicts> vmis, List<String> warnings) {
        VerdictSnapshot snapshot = snapshot(pools(false), infrastructure, vmis.toArray(Verdicts[]::new));

        GateVerdict verdict = judge(createMachineConfig(name), snapshot);

        assertThat(verdict.decision().allowed()).isTrue();
        assertThat(verdict.decision().warnings()).isEqualTo(warnings);
    }

    static Stream<Arguments> machineConfigs() {
        return Stream.of(
                Arguments.of("its pool's drains would stall; a VMI on another pool's node does not count",
                        "99-worker-cnv-hugepages", Optional.empty(),
                        List.of(stallsDrain("db", "pg-0", "cnv-0"), stallsDrain("db", "pg-1", "master-0")), List.of(
                                "draining cnv-0, cnv-1 for MachineConfig 99-worker-cnv-hugepages would stall on 1 running VMI:"
                                        + " db/pg-0",
                                UpgradeGate.FIX_STALL)),
                Arguments.of("on a single node the reboot leaves stopped only a VMI not started again",
                        "99-worker-cnv-hugepages", Optional.of(infrastructure("SingleReplica")),
                        List.of(stallsDrain("db", "pg-0", "cnv-0"), shutDown("db", "pg-2", "cnv-1")), List.of(
                                "rebooting cnv-0, cnv-1 for MachineConfig 99-worker-cnv-hugepages would shut down for good"
                                        + " 1 running VMI: db/pg-2",
                                UpgradeGate.FIX_STOP)),
                Arguments.of("without room for one VMI's name, the count alone",
                        "99-worker-cnv-kernel-arguments-realtime-rt", Optional.empty(), List.of(stallsDrain("db", "pg-0", "cnv-0")),
                        List.of("draining cnv-0, cnv-1 for MachineConfig 99-worker-cnv-kernel-arguments-realtime-rt would stall"
                                + " on 1 running VMI", UpgradeGate.FIX_STALL)));
    }

    @Test
    void aMachineConfigThatNoPoolSelectsIsNotJudged() {
        VerdictSnapshot snapshot = snapshot(pools(false), Optional.empty(), stallsDrain("db", "pg-0", "cnv-0"));
        JsonNode machineConfig = KubeObjects.tree("""
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfig
                metadata: {name: 99-infra, labels: {machineconfiguration.openshift.io/role: infra}}
                """);

        GateVerdict verdict = judge(GatedRequest.of("machineconfiguration.openshift.io", "MachineConfig", "DELETE",
                null, machineConfig, BOB, false), snapshot);

        assertThat(verdict.outcome()).isEqualTo(GateOutcome.NOT_GATED);
        assertThat(verdict.decision().warnings()).isEmpty();
    }

    // --- fixtures ---------------------------------------------------------------------------------------

    private static GateVerdict judge(GatedRequest request, VerdictSnapshot snapshot) {
        return UpgradeGate.judge(request, snapshot, POLICY);
    }

    private static GatedRequest upgrade() {
        return clusterVersionUpdate(clusterVersion("{version: 4.17.1}"), clusterVersion("{version: 4.17.3}"), BOB);
    }

    /** Unpauses worker-cnv, whose nodes run rendered-worker-cnv-old, towards {@code specConfiguration}. */
    private static GatedRequest unpause(String specConfiguration) {
        String pool = """
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfigPool
                metadata: {name: worker-cnv}
                spec:
                  paused: %s
                  nodeSelector: {matchLabels: {node-role.kubernetes.io/worker-cnv: ""}}
                  machineConfigSelector: {matchExpressions: [{key: machineconfiguration.openshift.io/role, operator: In, values: [worker, worker-cnv]}]}
                  configuration: {name: %s}
                status: {configuration: {name: rendered-worker-cnv-old}}
                """;
        return GateFixtures.update("machineconfiguration.openshift.io", "MachineConfigPool",
                KubeObjects.tree(pool.formatted("true", specConfiguration)), KubeObjects.tree(pool.formatted("false", specConfiguration)),
                BOB);
    }

    /** A MachineConfig for the worker-cnv pool, created. */
    private static GatedRequest createMachineConfig(String name) {
        return GatedRequest.of("machineconfiguration.openshift.io", "MachineConfig", "CREATE", KubeObjects.tree("""
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfig
                metadata: {name: %s, labels: {machineconfiguration.openshift.io/role: worker-cnv}}
                spec: {kernelArguments: [hugepagesz=1G]}
                """.formatted(name)), null, BOB, false);
    }

    private static GatedRequest maintenance(String node) {
        return GatedRequest.of("nodemaintenance.medik8s.io", "NodeMaintenance", "CREATE", KubeObjects.tree("""
                apiVersion: nodemaintenance.medik8s.io/v1beta1
                kind: NodeMaintenance
                metadata: {name: maintenance-%s}
                spec: {nodeName: %s, reason: new disks}
                """.formatted(node, node)), null, BOB, false);
    }

    private static GatedRequest cordon(String node) {
        String yaml = """
                apiVersion: v1
                kind: Node
                metadata: {name: %s}
                spec: {unschedulable: %s}
                """;
        return GateFixtures.update("", "Node", KubeObjects.tree(yaml.formatted(node, "false")),
                KubeObjects.tree(yaml.formatted(node, "true")), BOB);
    }

    private static Verdicts stallsDrain(String namespace, String name, String node) {
        return Verdicts.vmi(namespace, name).on(node).strategy(EvictionStrategy.LIVE_MIGRATE)
                .notMigratable("DisksNotLiveMigratable", new NotMigratable(NotMigratableReason.NON_RWX_PVC, name + "-data"));
    }

    private static Verdicts shutDown(String namespace, String name, String node) {
        return Verdicts.vmi(namespace, name).on(node).strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL)
                .notMigratable("DisksNotLiveMigratable", new NotMigratable(NotMigratableReason.NON_RWX_PVC, name + "-data"));
    }

    private static VerdictSnapshot snapshot(List<MachineConfigPoolSnapshot> pools, Optional<InfrastructureSnapshot> infrastructure,
            Verdicts... vmis) {
        return snapshot(NODES, pools, infrastructure, vmis);
    }

    private static VerdictSnapshot snapshot(List<MachineConfigPoolSnapshot> pools, List<VmiVerdict> finished, Verdicts... vmis) {
        VerdictSnapshot running = snapshot(pools, Optional.empty(), vmis);
        return VerdictSnapshot.of(true, running.running(), finished, EVICTING, running.topology(), T0);
    }

    private static VerdictSnapshot snapshot(List<NodeSnapshot> nodes, List<MachineConfigPoolSnapshot> pools,
            Optional<InfrastructureSnapshot> infrastructure, Verdicts... vmis) {
        List<VmiVerdict> verdicts = new ArrayList<>();
        for (Verdicts vmi : vmis) {
            verdicts.add(vmi.judge(EVICTING));
        }
        return VerdictSnapshot.of(true, verdicts, EVICTING,
                new NodeTopology(nodes, pools, infrastructure, List.of(), Optional.empty()), T0);
    }

    /** master, worker, and worker-cnv (a custom pool on worker, paused or not) with a configuration pending. */
    private static List<MachineConfigPoolSnapshot> pools(boolean cnvPaused) {
        return List.of(masterPool(), pool("worker", false, "rendered-worker-new", "rendered-worker-old"),
                pool("worker-cnv", cnvPaused, "rendered-worker-cnv-new", "rendered-worker-cnv-old"));
    }

    private static MachineConfigPoolSnapshot masterPool() {
        return pool("master", false, "rendered-master-new", "rendered-master-old");
    }

    private static MachineConfigPoolSnapshot pool(String name, boolean paused, String spec, String status) {
        return MachineConfigPoolSnapshot.from(KubeObjects.resource("""
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfigPool
                metadata: {name: %1$s}
                spec:
                  paused: %2$s
                  nodeSelector: {matchLabels: {node-role.kubernetes.io/%1$s: ""}}
                  machineConfigSelector: {matchExpressions: [{key: machineconfiguration.openshift.io/role, operator: In, values: [%1$s]}]}
                  configuration: {name: %3$s}
                status: {configuration: {name: %4$s}}
                """.formatted(name, paused, spec, status)));
    }

    private static InfrastructureSnapshot infrastructure(String controlPlaneTopology) {
        return InfrastructureSnapshot.from(KubeObjects.resource("""
                apiVersion: config.openshift.io/v1
                kind: Infrastructure
                metadata: {name: cluster}
                spec: {}
                status: {controlPlaneTopology: %s, infrastructureTopology: %s}
                """.formatted(controlPlaneTopology, controlPlaneTopology)));
    }

    private static NodeSnapshot node(String name, String... roles) {
        Map<String, String> labels = new java.util.TreeMap<>();
        labels.put("kubernetes.io/hostname", name);
        for (String role : roles) {
            labels.put(role, "");
        }
        return new NodeSnapshot(name, labels, List.<Taint>of(), false, true, Map.of());
    }
}
