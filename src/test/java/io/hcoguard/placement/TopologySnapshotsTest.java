package io.hcoguard.placement;

import static io.hcoguard.placement.NodeSelectorRequirement.IN;
import static io.hcoguard.placement.Topology.object;
import static io.hcoguard.placement.Topology.req;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeNodeAffinity;
import io.hcoguard.placement.PersistentVolumeSnapshot.ClaimRef;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopologySnapshotsTest {

    private static final String WORKER = """
            apiVersion: v1
            kind: Node
            metadata:
              name: worker-1.ocp.example.com
              labels:
                beta.kubernetes.io/arch: amd64
                kubernetes.io/arch: amd64
                kubernetes.io/hostname: worker-1.ocp.example.com
                kubernetes.io/os: linux
                node-role.kubernetes.io/worker: ""
                node.openshift.io/os_id: rhcos
                kubevirt.io/schedulable: "true"
                cpu-model.node.kubevirt.io/Skylake-Server: "true"
                topology.kubernetes.io/zone: eu-west-1a
              annotations:
                machineconfiguration.openshift.io/controlPlaneTopology: HighlyAvailable
                machineconfiguration.openshift.io/currentConfig: rendered-worker-5cc3e1097f46decd8083f0bbef323e10
                machineconfiguration.openshift.io/desiredConfig: rendered-worker-d0a23f1409780adbe3913473e3e42154
                machineconfiguration.openshift.io/desiredDrain: drain-rendered-worker-d0a23f1409780adbe3913473e3e42154
                machineconfiguration.openshift.io/lastAppliedDrain: uncordon-rendered-worker-5cc3e1097f46decd8083f0bbef323e10
                machineconfiguration.openshift.io/reason: ""
                machineconfiguration.openshift.io/state: Working
                kubevirt.io/heartbeat: "2026-12-06T10:00:00Z"
                volumes.kubernetes.io/controller-managed-attach-detach: "true"
            spec:
              providerID: aws:///eu-west-1a/i-0123456789abcdef0
              unschedulable: true
              taints:
              - {key: node.kubernetes.io/unschedulable, effect: NoSchedule, timeAdded: "2026-12-06T10:00:00Z"}
              - {key: dedicated, value: virt, effect: PreferNoSchedule}
            status:
              conditions:
              - {type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory}
              - {type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure}
              - {type: PIDPressure, status: "False", reason: KubeletHasSufficientPID}
              - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status}
              nodeInfo: {kubeletVersion: v1.31.6}
            """;

    @Test
    void keepsWhatPlacementAndTheMachineConfigRolloutNeedOfANode() {
        assertThat(NodeSnapshot.from(object(WORKER, Node.class))).isEqualTo(new NodeSnapshot(
                "worker-1.ocp.example.com",
                Map.of("beta.kubernetes.io/arch", "amd64",
                        "kubernetes.io/arch", "amd64",
                        "kubernetes.io/hostname", "worker-1.ocp.example.com",
                        "kubernetes.io/os", "linux",
                        "node-role.kubernetes.io/worker", "",
                        "node.openshift.io/os_id", "rhcos",
                        "kubevirt.io/schedulable", "true",
                        "cpu-model.node.kubevirt.io/Skylake-Server", "true",
                        "topology.kubernetes.io/zone", "eu-west-1a"),
                List.of(new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule"),
                        new Taint("dedicated", "virt", "PreferNoSchedule")),
                true,
                true,
                Map.of(NodeSnapshot.CURRENT_CONFIG, "rendered-worker-5cc3e1097f46decd8083f0bbef323e10",
                        NodeSnapshot.DESIRED_CONFIG, "rendered-worker-d0a23f1409780adbe3913473e3e42154",
                        NodeSnapshot.DESIRED_DRAIN, "drain-rendered-worker-d0a23f1409780adbe3913473e3e42154",
                        NodeSnapshot.LAST_APPLIED_DRAIN, "uncordon-rendered-worker-5cc3e1097f46decd8083f0bbef323e10",
                        NodeSnapshot.MACHINE_CONFIG_STATE, "Working")));
    }

    @Test
    void readsTheMachineConfigAnnotationsByName() {
        NodeSnapshot node = NodeSnapshot.from(object(WORKER, Node.class));

        assertThat(node.currentConfig()).contains("rendered-worker-5cc3e1097f46decd8083f0bbef323e10");
        assertThat(node.desiredConfig()).contains("rendered-worker-d0a23f1409780adbe3913473e3e42154");
        assertThat(node.desiredDrain()).contains("drain-rendered-worker-d0a23f1409780adbe3913473e3e42154");
        assertThat(node.lastAppliedDrain()).contains("uncordon-rendered-worker-5cc3e1097f46decd8083f0bbef323e10");
        assertThat(node.machineConfigState()).contains("Working");
        assertThat(NodeSnapshot.from(new Node()).currentConfig()).isEmpty();
    }

    @Test
    void aNodeIsReadyOnlyWhenItsReadyConditionIsTrue() {
        assertThat(NodeSnapshot.from(object("""
                apiVersion: v1
                kind: Node
                metadata: {name: worker-2}
                status: {conditions: [{type: Ready, status: Unknown, reason: NodeStatusUnknown}]}
                """, Node.class)).ready()).isFalse();
        assertThat(NodeSnapshot.from(object("""
                apiVersion: v1
                kind: Node
                metadata: {name: worker-2}
                status: {conditions: [{type: Ready, status: "False"}, {type: Ready, status: "True"}]}
                """, Node.class)).ready()).isFalse();
        assertThat(NodeSnapshot.from(object("apiVersion: v1\nkind: Node\nmetadata: {name: worker-2}\nstatus: {}", Node.class)).ready())
                .isFalse();
    }

    @Test
    void readsAnEmptyOrHollowNodeWithoutFailing() {
        NodeSnapshot empty = new NodeSnapshot("", Map.of(), List.of(), false, false, Map.of());
        Map<String, String> labels = new HashMap<>();
        labels.put("kubernetes.io/hostname", "worker-3");
        labels.put("dangling", null);
        // Setters, not builders: a builder turns a null list entry into an empty object.
        Node hollow = new Node();
        hollow.setMetadata(new ObjectMetaBuilder().withName("worker-3").withLabels(labels).build());
        NodeSpec spec = new NodeSpec();
        spec.setTaints(Arrays.asList(null, new io.fabric8.kubernetes.api.model.Taint()));
        hollow.setSpec(spec);
        NodeStatus status = new NodeStatus();
        status.setConditions(Arrays.asList(null, new io.fabric8.kubernetes.api.model.NodeCondition()));
        hollow.setStatus(status);

        assertThat(NodeSnapshot.from(new Node())).isEqualTo(empty);
        assertThat(NodeSnapshot.from(new NodeBuilder().withNewSpec().endSpec().withNewStatus().endStatus().build())).isEqualTo(empty);
        assertThat(NodeSnapshot.from(hollow)).isEqualTo(new NodeSnapshot("worker-3", Map.of("kubernetes.io/hostname", "worker-3"),
                List.of(new Taint("", "", "")), false, false, Map.of()));
    }

    static Stream<Arguments> volumes() {
        return Stream.of(
                volume("a local volume: its claim and its node", """
                        metadata:
                          name: local-pv-2c5c1b8e
                          labels: {storage.openshift.com/owner-kind: LocalVolume, storage.openshift.com/owner-name: local-disks}
                          annotations: {pv.kubernetes.io/bound-by-controller: "yes", pv.kubernetes.io/provisioned-by: local-volume-provisioner}
                        spec:
                          accessModes: [ReadWriteOnce]
                          capacity: {storage: 100Gi}
                          claimRef: {apiVersion: v1, kind: PersistentVolumeClaim, namespace: vms, name: rhel9-root, uid: 5b7c2e61-1111-2222-3333-444455556666}
                          local: {path: /mnt/local-storage/local-sc/sdb}
                          nodeAffinity:
                            required:
                              nodeSelectorTerms:
                              - matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [worker-1]}]
                          persistentVolumeReclaimPolicy: Delete
                          storageClassName: local-sc
                          volumeMode: Block
                        status: {phase: Bound}
                        """,
                        new PersistentVolumeSnapshot("local-pv-2c5c1b8e", Optional.of(new ClaimRef("vms", "rhel9-root")),
                                Optional.of(NodeSelector.of(NodeSelectorTerm.of(req("kubernetes.io/hostname", IN, "worker-1")))))),
                volume("a hostpath CSI volume: its claim and its topology", """
                        metadata: {name: pvc-0f6a3c9e-aaaa-bbbb-cccc-ddddeeeeffff}
                        spec:
                          accessModes: [ReadWriteOnce]
                          capacity: {storage: 30Gi}
                          claimRef: {namespace: vms, name: fedora-root}
                          csi: {driver: kubevirt.io.hostpath-provisioner, volumeHandle: pvc-0f6a3c9e-aaaa-bbbb-cccc-ddddeeeeffff}
                          nodeAffinity:
                            required:
                              nodeSelectorTerms:
                              - matchExpressions: [{key: topology.hostpath.csi/node, operator: In, values: [worker-2]}]
                          storageClassName: hostpath-csi
                        status: {phase: Bound}
                        """,
                        new PersistentVolumeSnapshot("pvc-0f6a3c9e-aaaa-bbbb-cccc-ddddeeeeffff",
                                Optional.of(new ClaimRef("vms", "fedora-root")),
                                Optional.of(NodeSelector.of(NodeSelectorTerm.of(req("topology.hostpath.csi/node", IN, "worker-2")))))),
                volume("a Released volume is bound to no claim", """
                        metadata: {name: pv-9}
                        spec:
                          claimRef: {namespace: vms, name: deleted-claim}
                          nfs: {server: nfs.example.com, path: /exports/9}
                        status: {phase: Released}
                        """,
                        new PersistentVolumeSnapshot("pv-9", Optional.empty(), Optional.empty())),
                volume("a node affinity without required terms constrains nothing", """
                        metadata: {name: pv-10}
                        spec: {nodeAffinity: {}}
                        """,
                        new PersistentVolumeSnapshot("pv-10", Optional.empty(), Optional.empty())));
    }

    private static Arguments volume(String behaviour, String yaml, PersistentVolumeSnapshot expected) {
        return Arguments.of(Named.of(behaviour, "apiVersion: v1\nkind: PersistentVolume\n" + yaml), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("volumes")
    void keepsTheClaimAndTheNodeAffinityOfAVolume(String yaml, PersistentVolumeSnapshot expected) {
        assertThat(PersistentVolumeSnapshot.from(object(yaml, PersistentVolume.class))).isEqualTo(expected);
    }

    @Test
    void readsAnEmptyOrHollowVolumeWithoutFailing() {
        io.fabric8.kubernetes.api.model.NodeSelector required = new io.fabric8.kubernetes.api.model.NodeSelector();
        required.setNodeSelectorTerms(Arrays.asList(null, new io.fabric8.kubernetes.api.model.NodeSelectorTerm(
                Arrays.asList(null, new io.fabric8.kubernetes.api.model.NodeSelectorRequirement()), null)));
        PersistentVolume hollow = new PersistentVolumeBuilder()
                .withNewMetadata().withName("pv-h").endMetadata()
                .withNewSpec().withNewClaimRef().endClaimRef().endSpec()
                .withNewStatus().withPhase("Bound").endStatus()
                .build();
        hollow.getSpec().setNodeAffinity(new VolumeNodeAffinity(required));

        assertThat(PersistentVolumeSnapshot.from(new PersistentVolume()))
                .isEqualTo(new PersistentVolumeSnapshot("", Optional.empty(), Optional.empty()));
        assertThat(PersistentVolumeSnapshot.from(hollow)).isEqualTo(new PersistentVolumeSnapshot("pv-h", Optional.empty(),
                Optional.of(NodeSelector.of(new NodeSelectorTerm(List.of(), List.of()),
                        NodeSelectorTerm.of(req("", ""), req("", ""))))));
    }
}
