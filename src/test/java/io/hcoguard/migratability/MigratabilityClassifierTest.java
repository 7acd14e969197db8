package io.hcoguard.migratability;

import static io.hcoguard.migratability.KubeObjects.ownedVmi;
import static io.hcoguard.migratability.KubeObjects.vm;
import static io.hcoguard.migratability.NotMigratableReason.GPU;
import static io.hcoguard.migratability.NotMigratableReason.HOSTPATH_VOLUME;
import static io.hcoguard.migratability.NotMigratableReason.HOST_DEVICE;
import static io.hcoguard.migratability.NotMigratableReason.HOST_DISK;
import static io.hcoguard.migratability.NotMigratableReason.KUBEVIRT_CONDITION;
import static io.hcoguard.migratability.NotMigratableReason.NON_RWX_PVC;
import static io.hcoguard.migratability.NotMigratableReason.SRIOV_INTERFACE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MigratabilityClassifierTest {

    private static final String RUNNING = "{phase: Running}";
    private static final String HOST_DISK_VOLUME = "volumes: [{name: scratch, hostDisk: {path: /d}}]";
    private static final MigratabilityPolicy DEFAULTS = MigratabilityPolicy.defaults();
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
                        RUNNING, new MigratabilityPolicy(Set.of("local.csi.example.com"), true),
                        new NotMigratable(HOSTPATH_VOLUME, "local-rwx")),
                reasons("an SR-IOV interface blocks by default",
                        "{domain: {devices: {interfaces: [{name: default, masquerade: {}}, {name: fast, sriov: {}}]}}}",
                        RUNNING, DEFAULTS, new NotMigratable(SRIOV_INTERFACE, "fast")),
                reasons("an SR-IOV interface migrates when the policy says KubeVirt can",
                        "{domain: {devices: {interfaces: [{name: fast, sriov: {}}]}}}",
                        RUNNING, new MigratabilityPolicy(MigratabilityPolicy.DEFAULT_HOSTPATH_PROVISIONERS, false)),
                reasons("a host device does not",
                        "{domain: {devices: {hostDevices: [{name: qat, deviceName: intel.com/qat}]}}}", RUNNING, DEFAULTS,
                        new NotMigratable(HOST_DEVICE, "qat")),
                reasons("a GPU does not",
                        "{domain: {devices: {gpus: [{name: gpu1, deviceName: nvidia.com/GP102GL_Tesla_P40}]}}}",
                        RUNNING, DEFAULTS, new NotMigratable(GPU, "gpu1")),
                reasons("a hostDisk volume does not",
                        "{volumes: [{name: scratch, hostDisk: {path: /var/data/disk.img, type: DiskOrCreate}}]}",
                        RUNNING, DEFAULTS, new NotMigratable(HOST_DISK, "scratch")),
                reasons("KubeVirt's LiveMigratable=False is taken with its reason", "{}",
                        "{phase: Running, conditions: [{type: LiveMigratable, status: \"False\", reason: DisksNotLiveMigratable}]}",
                        DEFAULTS, new NotMigratable(KUBEVIRT_CONDITION, "DisksNotLiveMigratable")),
                reasons("KubeVirt's LiveMigratable=True does not excuse what the guard sees",
                        "{volumes: [{name: scratch, hostDisk: {path: /d}}]}",
                        "{phase: Running, conditions: [{type: LiveMigratable, status: \"True\"}]}",
                        DEFAULTS, new NotMigratable(HOST_DISK, "scratch")),
                reasons("every reason is listed once, volumes first",
                        "{domain: {devices: {interfaces: [{name: fast, sriov: {}}], gpus: [{name: g}],"
                                + " hostDevices: [{name: h}]}},"
                                + " volumes: [{name: a, persistentVolumeClaim: {claimName: rwo-disk}},"
                                + " {name: b, dataVolume: {name: rwo-disk}}, {name: c, dataVolume: {name: hp-disk}},"
                                + " {name: d, hostDisk: {path: /d}}]}",
                        "{phase: Running, conditions: [{type: LiveMigratable, status: \"False\", reason: HostDeviceNotLiveMigratable}]}",
                        DEFAULTS,
                        new NotMigratable(NON_RWX_PVC, "rwo-disk"),
                        new NotMigratable(HOSTPATH_VOLUME, "hp-disk"),
                        new NotMigratable(HOST_DISK, "d"),
                        new NotMigratable(SRIOV_INTERFACE, "fast"),
                        new NotMigratable(HOST_DEVICE, "h"),
                        new NotMigratable(GPU, "g"),
                        new NotMigratable(KUBEVIRT_CONDITION, "HostDeviceNotLiveMigratable")));
    }

    private static Arguments reasons(
            String name, String spec, String status, MigratabilityPolicy policy, NotMigratable... expected) {
        return Arguments.of(Named.of(name, spec), status, policy, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reasons")
    void findsWhyAVmiCannotMigrate(String spec, String status, MigratabilityPolicy policy, List<NotMigratable> expected) {
        VmiFacts facts = MigratabilityClassifier.classify(
                ownedVmi(spec, status), STORAGE, Optional.of(vm("{runStrategy: Always}")), Optional.empty(), policy);

        assertThat(facts.reasons()).isEqualTo(expected);
        assertThat(facts.migratable()).isEqualTo(expected.isEmpty());
    }

    static Stream<Arguments> upgradeRule() {
        return Stream.of(
                rule("own None, VM Always: evicted and restarted", "None", null, "{runStrategy: Always}",
                        EvictionStrategy.NONE, true, null),
                rule("own None, VM Manual: evicted for good", "None", null, "{runStrategy: Manual}",
                        EvictionStrategy.NONE, false, Impact.SHUT_DOWN_FOR_GOOD),
                rule("own LiveMigrate, VM Always: the drain stalls", "LiveMigrate", null, "{runStrategy: Always}",
                        EvictionStrategy.LIVE_MIGRATE, true, Impact.STALLS_DRAIN),
                rule("own LiveMigrate, VM Manual: the drain stalls first", "LiveMigrate", null, "{runStrategy: Manual}",
                        EvictionStrategy.LIVE_MIGRATE, false, Impact.STALLS_DRAIN),
                rule("own LiveMigrateIfPossible, VM Always: evicted and restarted", "LiveMigrateIfPossible", null,
                        "{runStrategy: Always}", EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE, true, null),
                rule("own LiveMigrateIfPossible, VM Halted: evicted for good", "LiveMigrateIfPossible", null,
                        "{runStrategy: Halted}", EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE, false, Impact.SHUT_DOWN_FOR_GOOD),
                rule("own External, VM Always: the drain stalls", "External", null, "{runStrategy: Always}",
                        EvictionStrategy.EXTERNAL, true, Impact.STALLS_DRAIN),
                rule("own unknown strategy: treated as stalling", "Migrate", null, "{runStrategy: Always}",
                        EvictionStrategy.UNKNOWN, true, Impact.STALLS_DRAIN),
                rule("cluster default LiveMigrate applies when the VMI has none", null, EvictionStrategy.LIVE_MIGRATE,
                        "{runStrategy: Always}", EvictionStrategy.LIVE_MIGRATE, true, Impact.STALLS_DRAIN),
                rule("cluster default External applies when the VMI has none", null, EvictionStrategy.EXTERNAL,
                        "{runStrategy: Always}", EvictionStrategy.EXTERNAL, true, Impact.STALLS_DRAIN),
                rule("cluster default LiveMigrateIfPossible with VM Once: evicted for good", null,
                        EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE, "{runStrategy: Once}",
                        EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE, false, Impact.SHUT_DOWN_FOR_GOOD),
                rule("cluster default None with VM Always: passes", null, EvictionStrategy.NONE, "{runStrategy: Always}",
                        EvictionStrategy.NONE, true, null),
                rule("the VMI's own None wins over cluster LiveMigrate", "None", EvictionStrategy.LIVE_MIGRATE,
                        "{runStrategy: Always}", EvictionStrategy.NONE, true, null),
                rule("the VMI's own LiveMigrate wins over cluster None", "LiveMigrate", EvictionStrategy.NONE,
                        "{runStrategy: Always}", EvictionStrategy.LIVE_MIGRATE, true, Impact.STALLS_DRAIN),
                rule("no strategy anywhere means None: VM Always passes", null, null, "{runStrategy: Always}",
                        EvictionStrategy.NONE, true, null),
                rule("no strategy anywhere means None: VM Halted is shut down", null, null, "{runStrategy: Halted}",
                        EvictionStrategy.NONE, false, Impact.SHUT_DOWN_FOR_GOOD),
                rule("run strategy RerunOnFailure does not restart after eviction", "None", null,
                        "{runStrategy: RerunOnFailure}", EvictionStrategy.NONE, false, Impact.SHUT_DOWN_FOR_GOOD),
                rule("run strategy WaitAsReceiver does not restart after eviction", "None", null,
                        "{runStrategy: WaitAsReceiver}", EvictionStrategy.NONE, false, Impact.SHUT_DOWN_FOR_GOOD),
                rule("an unknown run strategy does not restart after eviction", "None", null,
                        "{runStrategy: always}", EvictionStrategy.NONE, false, Impact.SHUT_DOWN_FOR_GOOD),
                rule("deprecated running: true restarts after eviction", "None", null, "{running: true}",
                        EvictionStrategy.NONE, true, null),
                rule("deprecated running: false does not", "None", null, "{running: false}",
                        EvictionStrategy.NONE, false, Impact.SHUT_DOWN_FOR_GOOD),
                rule("a VM that is not in the view does not restart it", "None", null, null,
                        EvictionStrategy.NONE, false, Impact.SHUT_DOWN_FOR_GOOD));
    }

    private static Arguments rule(String name, String own, EvictionStrategy clusterDefault, String vmSpec,
            EvictionStrategy effective, boolean restarts, Impact impact) {
        return Arguments.of(Named.of(name, Optional.ofNullable(own)), Optional.ofNullable(clusterDefault),
                Optional.ofNullable(vmSpec), effective, restarts, Optional.ofNullable(impact));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upgradeRule")
    void appliesTheUpgradeRuleToAVmiThatCannotMigrate(Optional<String> own, Optional<EvictionStrategy> clusterDefault,
            Optional<String> vmSpec, EvictionStrategy effective, boolean restarts, Optional<Impact> impact) {
        String spec = "{" + own.map(s -> "evictionStrategy: " + s + ", ").orElse("") + HOST_DISK_VOLUME + "}";
        VmiFacts facts = MigratabilityClassifier.classify(
                ownedVmi(spec, RUNNING), STORAGE, vmSpec.map(KubeObjects::vm), clusterDefault, DEFAULTS);

        assertThat(facts.evictionStrategy()).isEqualTo(effective);
        assertThat(facts.evictionStrategyInherited()).isEqualTo(own.isEmpty());
        assertThat(facts.restartsAfterEviction()).isEqualTo(restarts);
        assertThat(facts.blocker().map(Blocker::impact)).isEqualTo(impact);
    }

    @Test
    void derivesEveryFactOfABlockingVmi() {
        VmiSnapshot vmi = ownedVmi(
                "{evictionStrategy: LiveMigrate, volumes: [{name: root, dataVolume: {name: hp-disk}}]}",
                "{phase: Running}");

        VmiFacts facts = MigratabilityClassifier.classify(
                vmi, STORAGE, Optional.of(vm("{runStrategy: Manual}")), Optional.of(EvictionStrategy.NONE), DEFAULTS);

        List<NotMigratable> reasons = List.of(new NotMigratable(HOSTPATH_VOLUME, "hp-disk"));
        assertThat(facts).isEqualTo(new VmiFacts(
                "ns", "vm1", Optional.of("vm1"), true, reasons, EvictionStrategy.LIVE_MIGRATE, false,
                Optional.of(RunStrategy.MANUAL), false, false,
                Optional.of(new Blocker("ns", "vm1", Optional.of("vm1"), reasons, EvictionStrategy.LIVE_MIGRATE,
                        Optional.of(RunStrategy.MANUAL), Impact.STALLS_DRAIN))));
        assertThat(facts.blocksUpgrades()).isTrue();
    }

    @Test
    void aMigratableVmiNeverBlocksWhateverItsStrategies() {
        VmiFacts facts = MigratabilityClassifier.classify(
                ownedVmi("{evictionStrategy: LiveMigrate, volumes: [{name: root, dataVolume: {name: rwx-disk}}]}", RUNNING),
                STORAGE, Optional.of(vm("{runStrategy: Halted}")), Optional.empty(), DEFAULTS);

        assertThat(facts.migratable()).isTrue();
        assertThat(facts.restartsAfterEviction()).isFalse();
        assertThat(facts.blocker()).isEmpty();
    }

    static Stream<Arguments> standaloneVmis() {
        return Stream.of(
                Arguments.of(Named.of("None: evicted, and nothing starts a bare VMI again", "None"),
                        EvictionStrategy.NONE, Impact.SHUT_DOWN_FOR_GOOD),
                Arguments.of(Named.of("LiveMigrateIfPossible: the same", "LiveMigrateIfPossible"),
                        EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE, Impact.SHUT_DOWN_FOR_GOOD),
                Arguments.of(Named.of("LiveMigrate: the drain stalls", "LiveMigrate"),
                        EvictionStrategy.LIVE_MIGRATE, Impact.STALLS_DRAIN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("standaloneVmis")
    void aStandaloneVmiThatCannotMigrateAlwaysBlocks(String own, EvictionStrategy strategy, Impact impact) {
        VmiSnapshot vmi = VmiSnapshot.from(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {namespace: lab, name: scratch}
                spec: {evictionStrategy: %s, domain: {devices: {gpus: [{name: gpu1}]}}}
                status: {phase: Running}
                """.formatted(own)));

        VmiFacts facts = MigratabilityClassifier.classify(vmi, STORAGE, Optional.empty(), Optional.empty(), DEFAULTS);

        assertThat(facts.vmName()).isEmpty();
        assertThat(facts.runStrategy()).isEmpty();
        assertThat(facts.blocker()).contains(new Blocker("lab", "scratch", Optional.empty(),
                List.of(new NotMigratable(GPU, "gpu1")), strategy, Optional.empty(), impact));
    }

    @Test
    void ignoresAVmThatDoesNotOwnTheVmi() {
        VmSnapshot stranger = new VmSnapshot("ns", "someone-else", RunStrategy.ALWAYS);
        VmSnapshot sameNameElsewhere = new VmSnapshot("other", "vm1", RunStrategy.ALWAYS);
        VmiSnapshot vmi = ownedVmi("{evictionStrategy: None, " + HOST_DISK_VOLUME + "}", RUNNING);

        for (VmSnapshot owner : List.of(stranger, sameNameElsewhere)) {
            VmiFacts facts = MigratabilityClassifier.classify(vmi, STORAGE, Optional.of(owner), Optional.empty(), DEFAULTS);

            assertThat(facts.runStrategy()).isEmpty();
            assertThat(facts.blocker().map(Blocker::impact)).contains(Impact.SHUT_DOWN_FOR_GOOD);
        }
    }

    @ParameterizedTest(name = "phase \"{0}\" does not count")
    @ValueSource(strings = {"Pending", "Scheduling", "Scheduled", "Succeeded", "Failed", "Unknown", ""})
    void onlyARunningVmiCanBlock(String phase) {
        VmiFacts facts = MigratabilityClassifier.classify(
                ownedVmi("{evictionStrategy: LiveMigrate, " + HOST_DISK_VOLUME + "}", "{phase: \"" + phase + "\"}"),
                STORAGE, Optional.of(vm("{runStrategy: Manual}")), Optional.empty(), DEFAULTS);

        assertThat(facts.running()).isFalse();
        assertThat(facts.migratable()).isFalse();
        assertThat(facts.blocker()).isEmpty();
    }

    @Test
    void reportsAnOutdatedLauncher() {
        VmiSnapshot vmi = VmiSnapshot.from(KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {namespace: ns, name: old, labels: {kubevirt.io/outdatedLauncherImage: ""}}
                status: {phase: Running}
                """));

        VmiFacts facts = MigratabilityClassifier.classify(vmi, STORAGE, Optional.empty(), Optional.empty(), DEFAULTS);

        assertThat(facts.outdatedLauncher()).isTrue();
        assertThat(facts.blocker()).isEmpty();
    }
}
