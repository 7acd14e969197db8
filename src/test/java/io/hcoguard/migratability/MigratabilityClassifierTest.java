package io.hcoguard.migratability;

import static io.hcoguard.migratability.KubeObjects.ownedVmi;
import static io.hcoguard.migratability.KubeObjects.vm;
import static io.hcoguard.migratability.NotMigratableReason.GPUS;
import static io.hcoguard.migratability.NotMigratableReason.HOSTPATH_VOLUME;
import static io.hcoguard.migratability.NotMigratableReason.HOST_DEVICE;
import static io.hcoguard.migratability.NotMigratableReason.HOST_DISK;
import static io.hcoguard.migratability.NotMigratableReason.NO_MIGRATION_TARGET;
import static io.hcoguard.migratability.NotMigratableReason.NON_RWX_PVC;
import static io.hcoguard.migratability.NotMigratableReason.SRIOV_INTERFACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.config.DefaultConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MigratabilityClassifierTest {

    private static final String RUNNING = "{phase: Running}";
    private static final MigratabilityPolicy DEFAULTS = DefaultConfig.migratabilityPolicy();
    /** Two nodes where KubeVirt runs: a VMI on one can migrate to the other unless something pins it. */
    private static final InMemoryTopology NODES = new InMemoryTopology()
            .node("worker-2", "node-role.kubernetes.io/worker=").node("worker-3", "node-role.kubernetes.io/worker=");
    private static final InMemoryStorage STORAGE = new InMemoryStorage()
            .storageClass("hostpath-csi", "kubevirt.io.hostpath-provisioner")
            .storageClass("hostpath-legacy", "kubevirt.io/hostpath-provisioner")
            .storageClass("ceph", "rbd.csi.ceph.com")
            .storageClass("local", "local.csi.example.com")
            .pvc("ns", "hp-disk", "hostpath-csi", "ReadWriteOnce")
            .pvc("ns", "hp-legacy", "hostpath-legacy", "ReadWriteOnce")
            .pvc("ns", "hp-rwx", "hostpath-csi", "ReadWriteMany")
            .pvc("ns", "rwo-disk", "ceph", "ReadWriteOnce")
            .pvc("ns", "rwx-disk", "ceph", "ReadWriteMany")
            .pvc("ns", "gone-class-rwx", "gone", "ReadWriteMany")
            .pvc("ns", "gone-class-rwo", "gone", "ReadWriteOnce")
            .pvc("ns", "no-class-rwo", null, "ReadWriteOnce")
            .pvc("ns", "local-rwx", "local", "ReadWriteMany")
            .pvc("other", "elsewhere", "ceph", "ReadWriteOnce");

    static Stream<Arguments> reasons() {
        return Stream.of(
                reasons("a container disk and a pod network migrate",
                        "{domain: {devices: {interfaces: [{name: default, masquerade: {}}]}},"
                                + " volumes: [{name: root, containerDisk: {image: quay.io/x}}]}",
                        RUNNING, DEFAULTS),
                reasons("a PVC on the hostpath CSI provisioner does not",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: hp-disk}}]}", RUNNING, DEFAULTS,
                        new NotMigratable(HOSTPATH_VOLUME, "hp-disk")),
                reasons("a PVC on the legacy hostpath provisioner does not",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: hp-legacy}}]}", RUNNING, DEFAULTS,
                        new NotMigratable(HOSTPATH_VOLUME, "hp-legacy")),
                reasons("a DataVolume resolves to its PVC on hostpath",
                        "{volumes: [{name: root, dataVolume: {name: hp-disk}}]}", RUNNING, DEFAULTS,
                        new NotMigratable(HOSTPATH_VOLUME, "hp-disk")),
                reasons("a hostpath PVC claiming ReadWriteMany is still node-local",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: hp-rwx}}]}", RUNNING, DEFAULTS,
                        new NotMigratable(HOSTPATH_VOLUME, "hp-rwx")),
                reasons("a ReadWriteOnce PVC does not",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: rwo-disk}}]}", RUNNING, DEFAULTS,
                        new NotMigratable(NON_RWX_PVC, "rwo-disk")),
                reasons("a ReadWriteOnce DataVolume does not",
                        "{volumes: [{name: root, dataVolume: {name: rwo-disk}}]}", RUNNING, DEFAULTS,
                        new NotMigratable(NON_RWX_PVC, "rwo-disk")),
                reasons("a ReadWriteMany PVC on shared storage migrates",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: rwx-disk}}]}", RUNNING, DEFAULTS),
                reasons("an unknown StorageClass is judged by access modes: ReadWriteMany migrates",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: gone-class-rwx}}]}", RUNNING, DEFAULTS),
                reasons("an unknown StorageClass is judged by access modes: ReadWriteOnce does not",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: gone-class-rwo}}]}", RUNNING, DEFAULTS,
                        new NotMigratable(NON_RWX_PVC, "gone-class-rwo")),
                reasons("a PVC without StorageClass is judged by access modes",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: no-class-rwo}}]}", RUNNING, DEFAULTS,
                        new NotMigratable(NON_RWX_PVC, "no-class-rwo")),
                reasons("a PVC not in the view is not judged",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: missing}}]}", RUNNING, DEFAULTS),
                reasons("a PVC is looked up in the VMI's own namespace",
                        "{volumes: [{name: root, persistentVolumeClaim: {claimName: elsewhere}}]}", RUNNING, DEFAULTS),
                reasons("a configured hostpath provisioner replaces the defaults",
                        "{volumes: [{name: a, persistentVolumeClaim: {claimName: local-rwx}},"
                                + " {name: b, persistentVolumeClaim: {claimName: hp-rwx}}]}",
                        RUNNING, new MigratabilityPolicy(Set.of("local.csi.example.com"), false),
                        new NotMigratable(HOSTPATH_VOLUME, "local-rwx")),
                reasons("an SR-IOV interface migrates by default (KubeVirt v0.57+, its condition decides)",
                        "{domain: {devices: {interfaces: [{name: default, masquerade: {}}, {name: fast, sriov: {}}]}}}",
                        RUNNING, DEFAULTS),
                reasons("an SR-IOV interface makes the migration fail when configured so",
                        "{domain: {devices: {interfaces: [{name: fast, sriov: {}}]}}}",
                        RUNNING, new MigratabilityPolicy(DefaultConfig.migratabilityPolicy().hostpathProvisioners(), true),
                        new NotMigratable(SRIOV_INTERFACE, "fast")),
                reasons("a nodeSelector on kubernetes.io/hostname leaves no migration target",
                        "{nodeSelector: {kubernetes.io/hostname: worker-3}}", "{phase: Running, nodeName: worker-3}", DEFAULTS,
                        new NotMigratable(NO_MIGRATION_TARGET, "nodeSelector kubernetes.io/hostname=worker-3: no other node matches")),
                reasons("a nodeSelector on a label other nodes have leaves them as targets",
                        "{nodeSelector: {node-role.kubernetes.io/worker: \"\"}}", "{phase: Running, nodeName: worker-3}", DEFAULTS),
                reasons("required node affinity that only the VMI's node matches leaves no migration target",
                        "{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
                                + " [{matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [worker-3]}]}]}}}}",
                        "{phase: Running, nodeName: worker-3}", DEFAULTS,
                        new NotMigratable(NO_MIGRATION_TARGET, "required node affinity kubernetes.io/hostname In [worker-3]:"
                                + " no other node matches")),
                reasons("a VMI whose node the view does not know is judged without placement",
                        "{nodeSelector: {kubernetes.io/hostname: worker-9}}", "{phase: Running, nodeName: worker-9}", DEFAULTS),
                reasons("a host device does not",
                        "{domain: {devices: {hostDevices: [{name: qat, deviceName: intel.com/qat}]}}}", RUNNING, DEFAULTS,
                        new NotMigratable(HOST_DEVICE, "qat")),
                reasons("one GPU is left to KubeVirt's condition (a vGPU may migrate)",
                        "{domain: {devices: {gpus: [{name: gpu1, deviceName: nvidia.com/GRID_T4-1Q}]}}}",
                        RUNNING, DEFAULTS),
                reasons("two GPUs do not",
                        "{domain: {devices: {gpus: [{name: gpu1}, {name: gpu2}]}}}",
                        RUNNING, DEFAULTS, new NotMigratable(GPUS, "gpu1, gpu2")),
                reasons("a hostDisk volume does not",
                        "{volumes: [{name: scratch, hostDisk: {path: /var/data/disk.img, type: DiskOrCreate}}]}",
                        RUNNING, DEFAULTS, new NotMigratable(HOST_DISK, "scratch")),
                reasons("a shared hostDisk migrates",
                        "{volumes: [{name: scratch, hostDisk: {path: /shared/disk.img, type: Disk, shared: true}}]}",
                        RUNNING, DEFAULTS),
                reasons("every reason is listed once, volumes first",
                        "{domain: {devices: {interfaces: [{name: fast, sriov: {}}], gpus: [{name: g}, {name: g2}],"
                                + " hostDevices: [{name: h}]}},"
                                + " volumes: [{name: a, persistentVolumeClaim: {claimName: rwo-disk}},"
                                + " {name: b, dataVolume: {name: rwo-disk}}, {name: c, dataVolume: {name: hp-disk}},"
                                + " {name: d, hostDisk: {path: /d}}]}",
                        "{phase: Running, conditions: [{type: LiveMigratable, status: \"False\", reason: HostDeviceNotLiveMigratable}]}",
                        DEFAULTS,
                        new NotMigratable(NON_RWX_PVC, "rwo-disk"),
                        new NotMigratable(HOSTPATH_VOLUME, "hp-disk"),
                        new NotMigratable(HOST_DISK, "d"),
                        new NotMigratable(HOST_DEVICE, "h"),
                        new NotMigratable(GPUS, "g, g2")));
    }

    private static Arguments reasons(
            String name, String spec, String status, MigratabilityPolicy policy, NotMigratable... expected) {
        return Arguments.of(Named.of(name, spec), status, policy, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reasons")
    void findsWhatStopsAVmiFromMigrating(String spec, String status, MigratabilityPolicy policy, List<NotMigratable> expected) {
        Migratability migratability = MigratabilityClassifier.migratability(ownedVmi(spec, status), STORAGE, NODES, policy);

        assertThat(migratability.causes()).isEqualTo(expected.stream().filter(r -> !r.kind().failsMigration()).toList());
        assertThat(migratability.failures()).isEqualTo(expected.stream().filter(r -> r.kind().failsMigration()).toList());
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of(Named.of("True: KubeVirt migrates it", "{type: LiveMigratable, status: \"True\"}"),
                        new LiveMigratable(LiveMigratable.Status.TRUE, ""), true),
                Arguments.of(Named.of("False with its reason", "{type: LiveMigratable, status: \"False\", reason: DisksNotLiveMigratable}"),
                        new LiveMigratable(LiveMigratable.Status.FALSE, "DisksNotLiveMigratable"), false),
                Arguments.of(Named.of("Unknown: not migratable, as IsMigratable() says",
                        "{type: LiveMigratable, status: Unknown}"), new LiveMigratable(LiveMigratable.Status.UNKNOWN, ""), false),
                Arguments.of(Named.of("another condition only: missing", "{type: Ready, status: \"True\"}"),
                        LiveMigratable.MISSING, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void takesKubeVirtsConditionAsTheAuthority(String condition, LiveMigratable expected, boolean willMigrate) {
        VmiSnapshot vmi = ownedVmi("{}", "{phase: Running, conditions: [" + condition + "]}");

        Migratability migratability = MigratabilityClassifier.migratability(vmi, STORAGE, NODES, DEFAULTS);

        assertThat(migratability.condition()).isEqualTo(expected);
        assertThat(migratability.kubeVirtWillMigrate()).isEqualTo(willMigrate);
    }

    @Test
    void aVmiWithoutConditionDoesNotMigrate() {
        Migratability migratability = MigratabilityClassifier.migratability(ownedVmi("{}", RUNNING), STORAGE, NODES, DEFAULTS);

        assertThat(migratability.condition()).isEqualTo(LiveMigratable.MISSING);
        assertThat(migratability.reasonsText()).isEqualTo("LiveMigratable not reported");
    }

    @Test
    void derivesEveryFactOfAVmi() {
        VmiSnapshot vmi = VmiSnapshot.from(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata:
                  namespace: ns
                  name: vm1
                  labels: {kubevirt.io/outdatedLauncherImage: ""}
                  ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: vm1, uid: u1, controller: true}]
                spec: {evictionStrategy: LiveMigrate, volumes: [{name: root, dataVolume: {name: hp-disk}}]}
                status:
                  phase: Running
                  nodeName: worker-3
                  conditions: [{type: LiveMigratable, status: "False", reason: DisksNotLiveMigratable}]
                """));

        VmiFacts facts = MigratabilityClassifier.classify(vmi, STORAGE, NODES, Optional.of(vm("{runStrategy: Manual}")), DEFAULTS);

        assertThat(facts).isEqualTo(new VmiFacts("ns", "vm1", "worker-3",
                new VmiController.VirtualMachine("vm1", Optional.of(RunStrategy.MANUAL)),
                Optional.of(EvictionStrategy.LIVE_MIGRATE),
                new Migratability(new LiveMigratable(LiveMigratable.Status.FALSE, "DisksNotLiveMigratable"),
                        List.of(), List.of(new NotMigratable(HOSTPATH_VOLUME, "hp-disk"))),
                true));
    }

    @Test
    void namesTheControllerThatRestartsTheVmi() {
        VmiSnapshot ofReplicaSet = VmiSnapshot.from(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata:
                  namespace: ns
                  name: web-x7k
                  ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachineInstanceReplicaSet, name: web, uid: u, controller: true}]
                status: {phase: Running}
                """));
        VmiSnapshot standalone = VmiSnapshot.from(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {namespace: lab, name: scratch}
                status: {phase: Running}
                """));

        assertThat(MigratabilityClassifier.controller(ofReplicaSet, Optional.empty()))
                .isEqualTo(new VmiController.ReplicaSet("web"));
        assertThat(MigratabilityClassifier.controller(standalone, Optional.empty())).isEqualTo(VmiController.STANDALONE);
        assertThat(MigratabilityClassifier.controller(ownedVmi("{}", RUNNING), Optional.empty()))
                .isEqualTo(new VmiController.VirtualMachine("vm1", Optional.empty()));
    }

    @Test
    void ignoresAVmThatDoesNotOwnTheVmi() {
        VmSnapshot stranger = new VmSnapshot("ns", "someone-else", RunStrategy.ALWAYS);
        VmSnapshot sameNameElsewhere = new VmSnapshot("other", "vm1", RunStrategy.ALWAYS);

        for (VmSnapshot owner : List.of(stranger, sameNameElsewhere)) {
            assertThat(MigratabilityClassifier.controller(ownedVmi("{}", RUNNING), Optional.of(owner)))
                    .isEqualTo(new VmiController.VirtualMachine("vm1", Optional.empty()));
        }
    }
}
