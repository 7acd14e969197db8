package io.hcoguard.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.drain.DrainOperation.ConfigKind;
import io.hcoguard.drain.DrainOperation.MachineConfigChange;
import io.hcoguard.drain.DrainOperation.PoolTarget;
import io.hcoguard.drain.InfrastructureSnapshot.Topology;
import io.hcoguard.drain.NodeMaintenanceSnapshot.Phase;
import io.hcoguard.migratability.KubeObjects;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SnapshotsTest {

    private static final LabelSelector WORKER_NODES = new LabelSelector.Requirements(List.of(
            new LabelSelector.Requirement("node-role.kubernetes.io/worker", LabelSelector.Operator.IN, List.of(""))));
    private static final LabelSelector WORKER_CONFIGS = new LabelSelector.Requirements(List.of(
            new LabelSelector.Requirement("machineconfiguration.openshift.io/role", LabelSelector.Operator.IN, List.of("worker"))));

    /** Shaped as a real worker pool dumped from a cluster (the insights-operator sample archive). */
    @Test
    void readsARealWorkerPool() {
        MachineConfigPoolSnapshot pool = MachineConfigPoolSnapshot.from(KubeObjects.resource("""
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfigPool
                metadata:
                  name: worker
                  generation: 2
                  labels: {machineconfiguration.openshift.io/mco-built-in: "", pools.operator.machineconfiguration.openshift.io/worker: ""}
                spec:
                  configuration:
                    name: rendered-worker-39c9df4a2c026c3149a02abe6f88cfc8
                    source:
                    - {apiVersion: machineconfiguration.openshift.io/v1, kind: MachineConfig, name: 00-worker}
                    - {apiVersion: machineconfiguration.openshift.io/v1, kind: MachineConfig, name: 99-worker-ssh}
                  machineConfigSelector: {matchLabels: {machineconfiguration.openshift.io/role: worker}}
                  nodeSelector: {matchLabels: {node-role.kubernetes.io/worker: ""}}
                  paused: false
                status:
                  conditions:
                  - {type: Updated, status: "True", message: All nodes are updated with rendered-worker-39c9df4a2c026c3149a02abe6f88cfc8}
                  configuration: {name: rendered-worker-39c9df4a2c026c3149a02abe6f88cfc8, source: []}
                  machineCount: 1
                  updatedMachineCount: 1
                """));

        assertThat(pool).isEqualTo(new MachineConfigPoolSnapshot("worker",
                Map.of("machineconfiguration.openshift.io/mco-built-in", "", "pools.operator.machineconfiguration.openshift.io/worker", ""),
                false, WORKER_NODES, WORKER_CONFIGS,
                "rendered-worker-39c9df4a2c026c3149a02abe6f88cfc8", "rendered-worker-39c9df4a2c026c3149a02abe6f88cfc8"));
        assertThat(pool.pendingConfiguration()).isFalse();
    }

    @Test
    void readsAPausedCustomPoolWithAPendingConfiguration() {
        MachineConfigPoolSnapshot pool = MachineConfigPoolSnapshot.from(KubeObjects.resource("""
                apiVersion: machineconfiguration.openshift.io/v1
                kind: MachineConfigPool
                metadata: {name: worker-cnv}
                spec:
                  machineConfigSelector:
                    matchExpressions: [{key: machineconfiguration.openshift.io/role, operator: In, values: [worker, worker-cnv]}]
                  nodeSelector: {matchLabels: {node-role.kubernetes.io/worker-cnv: ""}}
                  paused: true
                  configuration: {name: rendered-worker-cnv-new}
                status:
                  configuration: {name: rendered-worker-cnv-old}
                """));

        assertThat(pool).isEqualTo(new MachineConfigPoolSnapshot("worker-cnv", Map.of(), true,
                LabelSelector.of(Map.of("node-role.kubernetes.io/worker-cnv", ""), List.of()),
                LabelSelector.of(Map.of(), List.of(new LabelSelector.Requirement("machineconfiguration.openshift.io/role",
                        LabelSelector.Operator.IN, List.of("worker", "worker-cnv")))),
                "rendered-worker-cnv-new", "rendered-worker-cnv-old"));
        assertThat(pool.pendingConfiguration()).isTrue();
    }

    static Stream<Arguments> pendingConfigurations() {
        return Stream.of(
                Arguments.of("rendered-worker-2", "rendered-worker-1", true),
                Arguments.of("rendered-worker-1", "rendered-worker-1", false),
                Arguments.of("rendered-worker-1", "", true),
                Arguments.of("", "rendered-worker-1", false),
                Arguments.of("", "", false));
    }

    @ParameterizedTest(name = "spec {0}, status {1}: pending {2}")
    @MethodSource("pendingConfigurations")
    void aConfigurationIsPendingWhileTheRenderedOneIsNotReached(String spec, String status, boolean pending) {
        assertThat(new MachineConfigPoolSnapshot("p", Map.of(), true, null, null, spec, status).pendingConfiguration()).isEqualTo(pending);
    }

    static Stream<Arguments> oddPools() {
        return Stream.of(
                odd("no body at all", "apiVersion: machineconfiguration.openshift.io/v1\nkind: MachineConfigPool\n",
                        new MachineConfigPoolSnapshot("", Map.of(), false, LabelSelector.NOTHING, LabelSelector.NOTHING, "", "")),
                odd("a spec that is a list", "metadata: {name: p}\nspec: [paused]\nstatus: 42\n",
                        new MachineConfigPoolSnapshot("p", Map.of(), false, LabelSelector.NOTHING, LabelSelector.NOTHING, "", "")),
                odd("paused as a string is not Go's true", "metadata: {name: p}\nspec: {paused: \"true\"}\n",
                        new MachineConfigPoolSnapshot("p", Map.of(), false, LabelSelector.NOTHING, LabelSelector.NOTHING, "", "")),
                odd("configuration as a string, a numeric name", "metadata: {name: p}\nspec: {configuration: rendered-p}\nstatus: {configuration: {name: 7}}\n",
                        new MachineConfigPoolSnapshot("p", Map.of(), false, LabelSelector.NOTHING, LabelSelector.NOTHING, "", "")),
                odd("a node selector that is a string", "metadata: {name: p}\nspec: {nodeSelector: worker, machineConfigSelector: {}}\n",
                        new MachineConfigPoolSnapshot("p", Map.of(), false, new LabelSelector.Invalid("not a label selector object"),
                                LabelSelector.EVERYTHING, "", "")),
                odd("null selectors are nil", "metadata: {name: p}\nspec: {nodeSelector: null, machineConfigSelector: null, paused: true}\n",
                        new MachineConfigPoolSnapshot("p", Map.of(), true, LabelSelector.NOTHING, LabelSelector.NOTHING, "", "")));
    }

    private static Arguments odd(String name, String yaml, Object expected) {
        return Arguments.of(Named.of(name, yaml.startsWith("apiVersion") ? yaml : "apiVersion: x/v1\nkind: X\n" + yaml), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddPools")
    void readsAnOddPoolWithoutThrowing(String yaml, MachineConfigPoolSnapshot expected) {
        assertThat(MachineConfigPoolSnapshot.from(KubeObjects.resource(yaml))).isEqualTo(expected);
    }

    @Test
    void readsNothingAsEmptySnapshots() {
        assertThat(MachineConfigPoolSnapshot.from(null))
                .isEqualTo(new MachineConfigPoolSnapshot("", Map.of(), false, LabelSelector.NOTHING, LabelSelector.NOTHING, "", ""));
        assertThat(MachineConfigPoolSnapshot.from(new GenericKubernetesResource()))
                .isEqualTo(new MachineConfigPoolSnapshot("", Map.of(), false, LabelSelector.NOTHING, LabelSelector.NOTHING, "", ""));
        assertThat(InfrastructureSnapshot.from(null)).isEqualTo(new InfrastructureSnapshot(Topology.UNKNOWN, Topology.UNKNOWN));
        assertThat(InfrastructureSnapshot.from(new GenericKubernetesResource())).isEqualTo(new InfrastructureSnapshot(Topology.UNKNOWN, Topology.UNKNOWN));
        assertThat(NodeMaintenanceSnapshot.from(null)).isEqualTo(new NodeMaintenanceSnapshot("", "", "", Phase.NOT_REPORTED));
        assertThat(NodeMaintenanceSnapshot.from(new GenericKubernetesResource())).isEqualTo(new NodeMaintenanceSnapshot("", "", "", Phase.NOT_REPORTED));
    }

    static Stream<Arguments> infrastructures() {
        return Stream.of(
                Arguments.of("{controlPlaneTopology: HighlyAvailable, infrastructureTopology: HighlyAvailable, platformStatus: {type: None}}",
                        Topology.HIGHLY_AVAILABLE, Topology.HIGHLY_AVAILABLE, false),
                Arguments.of("{controlPlaneTopology: SingleReplica, infrastructureTopology: SingleReplica}",
                        Topology.SINGLE_REPLICA, Topology.SINGLE_REPLICA, true),
                Arguments.of("{controlPlaneTopology: SingleReplica, infrastructureTopology: HighlyAvailable}",
                        Topology.SINGLE_REPLICA, Topology.HIGHLY_AVAILABLE, true),
                Arguments.of("{controlPlaneTopology: HighlyAvailable, infrastructureTopology: SingleReplica}",
                        Topology.HIGHLY_AVAILABLE, Topology.SINGLE_REPLICA, false),
                Arguments.of("{controlPlaneTopology: HighlyAvailableArbiter}", Topology.HIGHLY_AVAILABLE_ARBITER, Topology.UNKNOWN, false),
                Arguments.of("{controlPlaneTopology: DualReplica}", Topology.DUAL_REPLICA, Topology.UNKNOWN, false),
                Arguments.of("{controlPlaneTopology: External}", Topology.EXTERNAL, Topology.UNKNOWN, false),
                Arguments.of("{controlPlaneTopology: singlereplica}", Topology.UNKNOWN, Topology.UNKNOWN, false),
                Arguments.of("{controlPlaneTopology: 1}", Topology.UNKNOWN, Topology.UNKNOWN, false),
                Arguments.of("{}", Topology.UNKNOWN, Topology.UNKNOWN, false),
                Arguments.of("[SingleReplica]", Topology.UNKNOWN, Topology.UNKNOWN, false));
    }

    @ParameterizedTest(name = "status {0}: single replica {3}")
    @MethodSource("infrastructures")
    void readsTheTopologiesAndOnlyASingleReplicaControlPlaneSkipsTheDrain(String status, Topology controlPlane,
            Topology infrastructure, boolean singleReplica) {
        InfrastructureSnapshot snapshot = InfrastructureSnapshot.from(KubeObjects.resource("""
                apiVersion: config.openshift.io/v1
                kind: Infrastructure
                metadata: {name: cluster}
                spec: {cloudConfig: {name: ""}}
                status: %s
                """.formatted(status)));

        assertThat(snapshot).isEqualTo(new InfrastructureSnapshot(controlPlane, infrastructure));
        assertThat(snapshot.singleReplica()).isEqualTo(singleReplica);
    }

    @Test
    void spellsTopologiesAsOpenshiftApi() {
        assertThat(Stream.of(Topology.values()).map(Topology::spelling)).containsExactly(
                "HighlyAvailable", "HighlyAvailableArbiter", "SingleReplica", "DualReplica", "External", "Unknown");
    }

    static Stream<Arguments> maintenances() {
        return Stream.of(
                Arguments.of("spec: {nodeName: node02, reason: \"Test node maintenance\"}",
                        new NodeMaintenanceSnapshot("nodemaintenance-sample", "node02", "Test node maintenance", Phase.NOT_REPORTED)),
                Arguments.of("spec: {nodeName: node02}\nstatus: {phase: Running, drainProgress: 40, pendingPods: [virt-launcher-vm1-abcde]}",
                        new NodeMaintenanceSnapshot("nodemaintenance-sample", "node02", "", Phase.RUNNING)),
                Arguments.of("spec: {nodeName: node02}\nstatus: {phase: Succeeded}",
                        new NodeMaintenanceSnapshot("nodemaintenance-sample", "node02", "", Phase.SUCCEEDED)),
                Arguments.of("spec: {nodeName: node02}\nstatus: {phase: Failed, lastError: timeout}",
                        new NodeMaintenanceSnapshot("nodemaintenance-sample", "node02", "", Phase.FAILED)),
                Arguments.of("spec: {nodeName: node02}\nstatus: {phase: Paused}",
                        new NodeMaintenanceSnapshot("nodemaintenance-sample", "node02", "", Phase.UNKNOWN)),
                Arguments.of("spec: {nodeName: node02}\nstatus: {phase: NotReported}",
                        new NodeMaintenanceSnapshot("nodemaintenance-sample", "node02", "", Phase.UNKNOWN)),
                Arguments.of("spec: {nodeName: node02}\nstatus: {phase: 3}",
                        new NodeMaintenanceSnapshot("nodemaintenance-sample", "node02", "", Phase.UNKNOWN)),
                Arguments.of("spec: {nodeName: [node02], reason: 5}\nstatus: []",
                        new NodeMaintenanceSnapshot("nodemaintenance-sample", "", "", Phase.NOT_REPORTED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maintenances")
    void readsANodeMaintenance(String body, NodeMaintenanceSnapshot expected) {
        assertThat(NodeMaintenanceSnapshot.from(KubeObjects.resource("""
                apiVersion: nodemaintenance.medik8s.io/v1beta1
                kind: NodeMaintenance
                metadata: {name: nodemaintenance-sample}
                %s
                """.formatted(body)))).isEqualTo(expected);
    }

    static Stream<Arguments> configurationChanges() {
        return Stream.of(
                Arguments.of("kind: MachineConfig\nmetadata: {name: 99-worker-ssh, labels: {machineconfiguration.openshift.io/role: worker}}\n"
                        + "spec: {config: {ignition: {version: 3.2.0}}}",
                        Optional.of(new MachineConfigChange(ConfigKind.MACHINE_CONFIG, "99-worker-ssh",
                                new PoolTarget.ByMachineConfigLabels(Map.of("machineconfiguration.openshift.io/role", "worker"))))),
                Arguments.of("kind: MachineConfig\nspec: {}",
                        Optional.of(new MachineConfigChange(ConfigKind.MACHINE_CONFIG, "", new PoolTarget.ByMachineConfigLabels(Map.of())))),
                Arguments.of("kind: KubeletConfig\nmetadata: {name: set-max-pods}\n"
                        + "spec: {machineConfigPoolSelector: {matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: \"\"}}, kubeletConfig: {maxPods: 500}}",
                        Optional.of(new MachineConfigChange(ConfigKind.KUBELET_CONFIG, "set-max-pods", new PoolTarget.ByPoolSelector(
                                LabelSelector.of(Map.of("pools.operator.machineconfiguration.openshift.io/worker", ""), List.of()))))),
                Arguments.of("kind: ContainerRuntimeConfig\nmetadata: {name: pids}\nspec: {machineConfigPoolSelector: {matchLabels: [worker]}}",
                        Optional.of(new MachineConfigChange(ConfigKind.CONTAINER_RUNTIME_CONFIG, "pids", new PoolTarget.ByPoolSelector(
                                new LabelSelector.Invalid("matchLabels is not a map of strings"))))),
                Arguments.of("kind: ContainerRuntimeConfig\nmetadata: {name: pids}\nspec: 3",
                        Optional.of(new MachineConfigChange(ConfigKind.CONTAINER_RUNTIME_CONFIG, "pids", new PoolTarget.ByPoolSelector(LabelSelector.NOTHING)))),
                Arguments.of("kind: MachineConfigPool\nmetadata: {name: worker}", Optional.empty()),
                Arguments.of("kind: kubeletconfig\nmetadata: {name: lower}", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurationChanges")
    void readsTheChangeAConfigurationObjectStandsFor(String body, Optional<MachineConfigChange> expected) {
        assertThat(MachineConfigChange.of(KubeObjects.resource("apiVersion: machineconfiguration.openshift.io/v1\n" + body))).isEqualTo(expected);
    }

    @Test
    void readsNoChangeFromNothing() {
        assertThat(MachineConfigChange.of(null)).isEmpty();
        assertThat(MachineConfigChange.of(new GenericKubernetesResource())).isEmpty();
    }
}
