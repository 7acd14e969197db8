package io.hcoguard.migratability;

import io.hcoguard.placement.SchedulingConstraints;

import static io.hcoguard.migratability.KubeObjects.resource;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VmiSnapshotTest {

    @Test
    void keepsEverythingTheClassifierNeedsFromAFullVmi() {
        VmiSnapshot vmi = VmiSnapshot.from(resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata:
                  namespace: db
                  name: pg-0
                  uid: 0f1e2d3c
                  labels: {kubevirt.io/outdatedLauncherImage: "", app: pg}
                  ownerReferences:
                  - {apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: pg-0, uid: u1, controller: true}
                spec:
                  evictionStrategy: LiveMigrate
                  nodeSelector: {kubernetes.io/hostname: worker-2}
                  domain:
                    devices:
                      interfaces:
                      - {name: default, masquerade: {}}
                      - {name: fast, sriov: {}}
                      hostDevices:
                      - {name: nic1, deviceName: intel.com/qat}
                      gpus:
                      - {name: gpu1, deviceName: nvidia.com/GP102GL_Tesla_P40}
                  volumes:
                  - {name: root, persistentVolumeClaim: {claimName: pg-root}}
                  - {name: data, dataVolume: {name: pg-data}}
                  - {name: scratch, hostDisk: {path: /var/data/disk.img, type: DiskOrCreate, capacity: 1Gi}}
                  - {name: containerdisk, containerDisk: {image: quay.io/x/y}}
                  - {name: cloudinit, cloudInitNoCloud: {userData: "#cloud-config"}}
                status:
                  phase: Running
                  nodeName: worker-2
                  conditions:
                  - {type: Ready, status: "True"}
                  - {type: LiveMigratable, status: "False", reason: DisksNotLiveMigratable, message: "cannot migrate"}
                """));

        assertThat(vmi).isEqualTo(new VmiSnapshot(
                "db", "pg-0", "0f1e2d3c", "Running", "worker-2",
                Optional.of(EvictionStrategy.LIVE_MIGRATE),
                SchedulingConstraints.from(Map.of("nodeSelector", Map.of("kubernetes.io/hostname", "worker-2"))),
                List.of(
                        new VmiVolume.Claim("root", "pg-root"),
                        new VmiVolume.DataVolume("data", "pg-data"),
                        new VmiVolume.HostDisk("scratch", false)),
                List.of("fast"),
                List.of("nic1"),
                List.of("gpu1"),
                new LiveMigratable(LiveMigratable.Status.FALSE, "DisksNotLiveMigratable"),
                Optional.of("pg-0"),
                Optional.empty(),
                true));
        assertThat(vmi.running()).isTrue();
        assertThat(vmi.claimNames()).containsExactly("pg-root", "pg-data");
    }

    @Test
    void readsAnEmptyObjectAsAnUnnamedVmiWithNothingOfNote() {
        VmiSnapshot vmi = VmiSnapshot.from(new GenericKubernetesResource());

        assertThat(vmi).isEqualTo(new VmiSnapshot(
                "", "", "", "", "", Optional.empty(), SchedulingConstraints.from(Map.of()), List.of(), List.of(), List.of(), List.of(),
                LiveMigratable.MISSING, Optional.empty(), Optional.empty(), false));
        assertThat(vmi.running()).isFalse();
        assertThat(vmi.claimNames()).isEmpty();
    }

    @Test
    void toleratesFieldsOfTheWrongShape() {
        VmiSnapshot vmi = VmiSnapshot.from(resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {namespace: ns, name: odd}
                spec:
                  evictionStrategy: [LiveMigrate]
                  domain: {devices: {interfaces: {name: x, sriov: {}}, gpus: "many", hostDevices: [7, {deviceName: dev/a}]}}
                  volumes:
                  - {name: a, persistentVolumeClaim: {claimName: ""}}
                  - {name: b, dataVolume: "dv"}
                  - "not a volume"
                  - {persistentVolumeClaim: {claimName: c}}
                status:
                  phase: 3
                  conditions: [{type: LiveMigratable, status: "False"}, "junk"]
                """));

        assertThat(vmi.evictionStrategy()).isEmpty();
        assertThat(vmi.sriovInterfaces()).isEmpty();
        assertThat(vmi.gpus()).isEmpty();
        assertThat(vmi.hostDevices()).containsExactly("(unnamed)", "dev/a");
        assertThat(vmi.volumes()).containsExactly(new VmiVolume.Claim("", "c"));
        assertThat(vmi.phase()).isEqualTo("3");
        assertThat(vmi.liveMigratable()).isEqualTo(new LiveMigratable(LiveMigratable.Status.FALSE, ""));
    }

    @Test
    void keepsAnEvictionStrategyKubeVirtDoesNotKnowAsUnknown() {
        VmiSnapshot vmi = KubeObjects.ownedVmi("{evictionStrategy: Migrate}", "{phase: Running}");

        assertThat(vmi.evictionStrategy()).contains(EvictionStrategy.UNKNOWN);
    }

    static Stream<Arguments> ownerReferences() {
        return Stream.of(
                owner("a controlling kubevirt.io VirtualMachine owns it",
                        "[{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: vm1, uid: u, controller: true}]",
                        Optional.of("vm1")),
                owner("an older kubevirt.io version is still KubeVirt's",
                        "[{apiVersion: kubevirt.io/v1alpha3, kind: VirtualMachine, name: vm1, uid: u, controller: true}]",
                        Optional.of("vm1")),
                owner("a non-controller owner is not the VM",
                        "[{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: vm1, uid: u, controller: false}]",
                        Optional.empty()),
                owner("an owner without the controller flag is not the VM",
                        "[{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: vm1, uid: u}]",
                        Optional.empty()),
                owner("a VirtualMachine of another API group is not KubeVirt's",
                        "[{apiVersion: example.com/v1, kind: VirtualMachine, name: vm1, uid: u, controller: true}]",
                        Optional.empty()),
                owner("another kind is not a VM",
                        "[{apiVersion: kubevirt.io/v1, kind: VirtualMachineInstanceReplicaSet, name: rs, uid: u, controller: true}]",
                        Optional.empty()),
                owner("the controlling VM is found among other owners",
                        "[{apiVersion: v1, kind: ConfigMap, name: c, uid: u0}, "
                                + "{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: vm2, uid: u, controller: true}]",
                        Optional.of("vm2")),
                owner("no owner makes a standalone VMI", "[]", Optional.empty()));
    }

    private static Arguments owner(String name, String ownerReferences, Optional<String> vmName) {
        return Arguments.of(Named.of(name, ownerReferences), vmName);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ownerReferences")
    void findsTheOwningVirtualMachine(String ownerReferences, Optional<String> vmName) {
        VmiSnapshot vmi = VmiSnapshot.from(resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {namespace: ns, name: vm1, ownerReferences: %s}
                """.formatted(ownerReferences)));

        assertThat(vmi.vmName()).isEqualTo(vmName);
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of(Named.of("LiveMigratable=False gives its reason",
                        "[{type: LiveMigratable, status: \"False\", reason: InterfaceNotLiveMigratable}]"),
                        new LiveMigratable(LiveMigratable.Status.FALSE, "InterfaceNotLiveMigratable")),
                Arguments.of(Named.of("LiveMigratable=True",
                        "[{type: LiveMigratable, status: \"True\"}]"), LiveMigratable.MIGRATABLE),
                Arguments.of(Named.of("LiveMigratable=Unknown",
                        "[{type: LiveMigratable, status: Unknown, reason: Whatever}]"),
                        new LiveMigratable(LiveMigratable.Status.UNKNOWN, "Whatever")),
                Arguments.of(Named.of("a status KubeVirt never writes counts as Unknown",
                        "[{type: LiveMigratable, status: maybe}]"), new LiveMigratable(LiveMigratable.Status.UNKNOWN, "")),
                Arguments.of(Named.of("another condition that is False says nothing",
                        "[{type: StorageLiveMigratable, status: \"False\", reason: NotMigratable}]"), LiveMigratable.MISSING),
                Arguments.of(Named.of("no conditions: missing", "[]"), LiveMigratable.MISSING));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void readsKubeVirtsLiveMigratableCondition(String conditions, LiveMigratable expected) {
        VmiSnapshot vmi = KubeObjects.ownedVmi("{}", "{phase: Running, conditions: %s}".formatted(conditions));

        assertThat(vmi.liveMigratable()).isEqualTo(expected);
    }

    @Test
    void listsEachClaimOnceForTheInventorysIndex() {
        VmiSnapshot vmi = KubeObjects.ownedVmi(
                "{volumes: [{name: a, persistentVolumeClaim: {claimName: x}}, {name: b, dataVolume: {name: x}},"
                        + " {name: c, hostDisk: {path: /d}}, {name: d, dataVolume: {name: y}}]}",
                "{phase: Running}");

        assertThat(vmi.claimNames()).isEqualTo(Set.of("x", "y"));
        assertThat(vmi.claimNames()).containsExactly("x", "y");
    }
}
