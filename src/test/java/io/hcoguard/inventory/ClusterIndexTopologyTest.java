package io.hcoguard.inventory;

import io.hcoguard.config.DefaultConfig;
import static io.hcoguard.inventory.WatchedKind.INFRASTRUCTURE;
import static io.hcoguard.inventory.WatchedKind.KUBEVIRT;
import static io.hcoguard.inventory.WatchedKind.MACHINE_CONFIG_POOL;
import static io.hcoguard.inventory.WatchedKind.NODE;
import static io.hcoguard.inventory.WatchedKind.NODE_MAINTENANCE;
import static io.hcoguard.inventory.WatchedKind.PERSISTENT_VOLUME;
import static io.hcoguard.inventory.WatchedKind.PERSISTENT_VOLUME_CLAIM;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hcoguard.drain.NodeTopology;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.KubeObjects;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Nodes, PersistentVolumes, pools and the rest the index keeps beside the verdicts, and how verdicts follow them. */
class ClusterIndexTopologyTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final ClusterIndex index = new ClusterIndex(DefaultConfig.migratabilityPolicy(), clock);

    @Test
    void aVmiOnlyItsOwnNodeMatchesStallsTheDrainAndALabelOnASecondNodeUnblocksIt() {
        index.upsert(NODE, node("node-a", "", "zone: db"));
        index.upsert(NODE, node("node-b", "", ""));
        pinnedVmi();

        assertThat(verdict().drain().outcome()).isEqualTo(DrainOutcome.STALLS_DRAIN);
        assertThat(verdict().migratability().failures()).extracting(NotMigratable::describe)
                .containsExactly("no migration target: required node affinity zone In [db]: no other node matches");

        index.upsert(NODE, node("node-b", "", "zone: db"));

        assertThat(verdict().drain().outcome()).isEqualTo(DrainOutcome.MIGRATES);
    }

    @Test
    void theMachineConfigOperatorsAnnotationsChangeTheTopologyButNoVerdict() {
        index.upsert(NODE, node("node-a", "", "zone: db"));
        index.upsert(NODE, node("node-b", "", "zone: db"));
        pinnedVmi();
        VmiVerdict before = verdict();

        index.upsert(NODE, node("node-b", "machineconfiguration.openshift.io/desiredDrain: drain-rendered-worker-2", "zone: db"));

        assertThat(verdict()).isSameAs(before);
        assertThat(index.verdicts(true).topology().node("node-b").orElseThrow().desiredDrain())
                .contains("drain-rendered-worker-2");
    }

    @Test
    void aVolumePinnedToTheVmisNodeLeavesNoTargetUntilItIsGone() {
        index.upsert(NODE, node("node-a", "", "zone: db"));
        index.upsert(NODE, node("node-b", "", "zone: db"));
        index.upsert(PERSISTENT_VOLUME_CLAIM, new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("ns")
                .withName("disk").endMetadata().withNewSpec().withAccessModes("ReadWriteMany").endSpec().build());
        index.upsert(VIRTUAL_MACHINE, KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {namespace: ns, name: db}
                spec: {runStrategy: Always}
                """));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("{}"));
        assertThat(verdict().drain().outcome()).isEqualTo(DrainOutcome.MIGRATES);

        index.upsert(PERSISTENT_VOLUME, localVolume());

        assertThat(verdict().migratability().failures()).extracting(NotMigratable::describe)
                .containsExactly("no migration target: PersistentVolume local-pv-1 is pinned to node node-a by its node affinity");

        index.remove(PERSISTENT_VOLUME, localVolume());

        assertThat(verdict().drain().outcome()).isEqualTo(DrainOutcome.MIGRATES);
    }

    @Test
    void aViewWithoutNodesJudgesWithoutPlacement() {
        pinnedVmi();

        assertThat(verdict().drain().outcome()).isEqualTo(DrainOutcome.MIGRATES);
        assertThat(index.verdicts(true).topology().knowsNoNode()).isTrue();
    }

    @Test
    void keepsPoolsTheInfrastructureMaintenancesAndTheKubeVirtVersionInTheTopology() {
        index.upsert(MACHINE_CONFIG_POOL, KubeObjects.resource("""
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfigPool
                metadata: {name: worker}
                spec: {paused: true, configuration: {name: rendered-worker-2}}
                status: {configuration: {name: rendered-worker-1}}
                """));
        index.upsert(INFRASTRUCTURE, KubeObjects.resource("""
                apiVersion: config.openshift.io/v1
                kind: Infrastructure
                metadata: {name: cluster}
                status: {controlPlaneTopology: SingleReplica}
                """));
        index.upsert(NODE_MAINTENANCE, KubeObjects.resource("""
                apiVersion: nodemaintenance.medik8s.io/v1beta1
                kind: NodeMaintenance
                metadata: {name: nm-1}
                spec: {nodeName: node-a, reason: disks}
                status: {phase: Running}
                """));
        index.upsert(KUBEVIRT, KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt, name: kubevirt}
                status: {observedKubeVirtVersion: v1.4.1}
                """));

        NodeTopology topology = index.verdicts(true).topology();

        assertThat(topology.pools()).singleElement().satisfies(pool -> {
            assertThat(pool.name()).isEqualTo("worker");
            assertThat(pool.paused()).isTrue();
            assertThat(pool.pendingConfiguration()).isTrue();
        });
        assertThat(topology.singleReplica()).isTrue();
        assertThat(topology.maintenances()).extracting(m -> m.nodeName()).containsExactly("node-a");
        assertThat(topology.kubeVirtVersion()).contains("v1.4.1");

        index.clear(MACHINE_CONFIG_POOL);
        index.remove(INFRASTRUCTURE, KubeObjects.resource("""
                apiVersion: config.openshift.io/v1
                kind: Infrastructure
                metadata: {name: cluster}
                """));

        NodeTopology after = index.verdicts(true).topology();
        assertThat(after.pools()).isEmpty();
        assertThat(after.singleReplica()).isFalse();
        assertThat(after.infrastructure()).isEqualTo(Optional.empty());
    }

    @Test
    void aFinishedVmisCompletedLauncherStallsTheDrainOnlyWhileTheKubeVirtCrReportsAVersionBeforeTheFix() {
        index.upsert(VIRTUAL_MACHINE_INSTANCE, batchVmi("{evictionStrategy: LiveMigrate}", "{phase: Succeeded, nodeName: node-a,"
                + " conditions: [{type: LiveMigratable, status: \"False\", reason: DisksNotLiveMigratable}]}"));
        assertThat(index.verdicts(true).finished()).isEmpty(); // no version reported: judged as fixed

        index.upsert(KUBEVIRT, kubeVirt("v1.2.2"));

        VerdictSnapshot affected = index.verdicts(true);
        assertThat(affected.finished()).singleElement().satisfies(verdict -> {
            assertThat(verdict.vmi().ref()).isEqualTo("ns/batch");
            assertThat(verdict.drain().consequence()).startsWith("has finished (Succeeded), and KubeVirt v1.2.2 refuses");
        });
        assertThat(affected.withDrain(Set.of(DrainOutcome.STALLS_DRAIN), "node-a"::equals)).extracting(v -> v.vmi().ref())
                .containsExactly("ns/batch");
        assertThat(affected.running()).isEmpty();
        assertThat(affected.count(DrainOutcome.STALLS_DRAIN)).isZero();
        assertThat(affected.count(WorkloadUpdateOutcome.STAYS_OUTDATED)).isZero();
        assertThat(index.runningVmis()).isZero();
        assertThat(index.count(DrainOutcome.STALLS_DRAIN)).isZero();

        index.upsert(KUBEVIRT, kubeVirt("v1.3.1"));
        assertThat(index.verdicts(true).finished()).isEmpty();

        index.upsert(KUBEVIRT, kubeVirt("v1.3.0"));
        assertThat(index.verdicts(true).finished()).extracting(v -> v.vmi().ref()).containsExactly("ns/batch");

        index.remove(KUBEVIRT, kubeVirt("v1.3.0"));
        assertThat(index.verdicts(true).finished()).isEmpty();
    }

    @Test
    void aFinishedVmiFollowingTheClusterDefaultIsJudgedAgainWhenTheDefaultChanges() {
        index.upsert(VIRTUAL_MACHINE_INSTANCE, batchVmi("{}", "{phase: Failed, nodeName: node-a}"));
        index.upsert(KUBEVIRT, kubeVirt("v1.2.2", "None"));
        assertThat(index.verdicts(true).finished()).isEmpty();

        index.upsert(KUBEVIRT, kubeVirt("v1.2.2", "LiveMigrate"));

        assertThat(index.verdicts(true).finished()).extracting(VmiVerdict::settingsText)
                .containsExactly("evictionStrategy=LiveMigrate (cluster default), standalone VMI");
    }

    @Test
    void aDeletedFinishedVmiStallsNothing() {
        index.upsert(KUBEVIRT, kubeVirt("v1.2.2"));
        io.fabric8.kubernetes.api.model.GenericKubernetesResource vmi =
                batchVmi("{evictionStrategy: LiveMigrate}", "{phase: Failed, nodeName: node-a}");
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi);
        assertThat(index.verdicts(true).finished()).hasSize(1);

        index.remove(VIRTUAL_MACHINE_INSTANCE, vmi);

        assertThat(index.verdicts(true).finished()).isEmpty();
    }

    // --- fixtures ------------------------------------------------------------------------------

    /** VMI ns/batch, standalone, with the given spec and status (flow-style YAML maps). */
    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource batchVmi(String spec, String status) {
        return KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {namespace: ns, name: batch}
                spec: %s
                status: %s
                """.formatted(spec, status));
    }

    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource kubeVirt(String version) {
        return kubeVirt(version, "None");
    }

    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource kubeVirt(String version, String evictionStrategy) {
        return KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt, name: kubevirt}
                spec: {configuration: {evictionStrategy: %s}}
                status: {observedKubeVirtVersion: %s}
                """.formatted(evictionStrategy, version));
    }

    private VmiVerdict verdict() {
        VerdictSnapshot snapshot = index.verdicts(true);
        assertThat(snapshot.running()).hasSize(1);
        return snapshot.running().get(0);
    }

    /** ns/db on node-a, LiveMigrate, migratable, with required node affinity zone In [db]. */
    private void pinnedVmi() {
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("""
                {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:
                  [{matchExpressions: [{key: zone, operator: In, values: [db]}]}]}}}"""));
    }

    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource vmi(String affinity) {
        return KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata:
                  namespace: ns
                  name: db
                  ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: db, uid: u1, controller: true}]
                spec:
                  evictionStrategy: LiveMigrate
                  affinity: %s
                  volumes: [{name: root, persistentVolumeClaim: {claimName: disk}}]
                status:
                  phase: Running
                  nodeName: node-a
                  conditions: [{type: LiveMigratable, status: "True"}]
                """.formatted(affinity));
    }

    private static Node node(String name, String annotation, String label) {
        return Serialization.unmarshal("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: %1$s
                  annotations: {%2$s}
                  labels: {kubernetes.io/hostname: %1$s, kubevirt.io/schedulable: "true", %3$s}
                status:
                  conditions: [{type: Ready, status: "True"}]
                """.formatted(name, annotation, label), Node.class);
    }

    private static PersistentVolume localVolume() {
        return Serialization.unmarshal("""
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: local-pv-1}
                spec:
                  claimRef: {namespace: ns, name: disk}
                  nodeAffinity:
                    required:
                      nodeSelectorTerms: [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-a]}]}]
                status: {phase: Bound}
                """, PersistentVolume.class);
    }
}
