package io.hcoguard.placement;

import static io.hcoguard.placement.NodeSelectorRequirement.DOES_NOT_EXIST;
import static io.hcoguard.placement.NodeSelectorRequirement.IN;
import static io.hcoguard.placement.Topology.req;
import static io.hcoguard.placement.Topology.spec;
import static org.assertj.core.api.Assertions.assertThat;

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

class SchedulingConstraintsTest {

    private static final NodeSelectorRequirement NOT_OBSOLETE =
            req("node-labeller.kubevirt.io/obsolete-host-model", DOES_NOT_EXIST);
    private static final Map<String, String> SCHEDULABLE = Map.of("kubevirt.io/schedulable", "true");

    static Stream<Arguments> specs() {
        return Stream.of(
                constraints("a VM template's spec as virt-api stores it", """
                        architecture: amd64
                        domain:
                          cpu: {cores: 2, sockets: 1, threads: 1, model: host-model}
                          devices:
                            disks: [{name: rootdisk, disk: {bus: virtio}}]
                            interfaces: [{name: default, masquerade: {}}]
                          memory: {guest: 4Gi}
                        evictionStrategy: LiveMigrate
                        nodeSelector: {node-role.kubernetes.io/worker: ""}
                        affinity:
                          nodeAffinity:
                            requiredDuringSchedulingIgnoredDuringExecution:
                              nodeSelectorTerms:
                              - matchExpressions:
                                - {key: topology.kubernetes.io/zone, operator: In, values: [a, b]}
                            preferredDuringSchedulingIgnoredDuringExecution:
                            - weight: 1
                              preference: {matchExpressions: [{key: disktype, operator: In, values: [ssd]}]}
                          podAntiAffinity:
                            requiredDuringSchedulingIgnoredDuringExecution:
                            - {labelSelector: {matchLabels: {app: db}}, topologyKey: kubernetes.io/hostname}
                        tolerations:
                        - {key: dedicated, operator: Equal, value: virt, effect: NoSchedule}
                        - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
                        networks: [{name: default, pod: {}}]
                        volumes: [{name: rootdisk, dataVolume: {name: rhel9-root}}]
                        """,
                        new SchedulingConstraints(
                                Map.of("node-role.kubernetes.io/worker", ""),
                                Map.of("kubevirt.io/schedulable", "true", "kubernetes.io/arch", "amd64"),
                                Optional.of(NodeSelector.of(NodeSelectorTerm.of(
                                        req("topology.kubernetes.io/zone", IN, "a", "b"), NOT_OBSOLETE))),
                                List.of(new Toleration("dedicated", "Equal", "virt", "NoSchedule"),
                                        new Toleration("node.kubernetes.io/not-ready", "Exists", "", "NoExecute")))),
                constraints("a named CPU model, its features, dedicated CPUs and realtime", """
                        domain:
                          cpu:
                            model: Skylake-Server-noTSX-IBRS
                            dedicatedCpuPlacement: true
                            realtime: {}
                            features:
                            - {name: vmx}
                            - {name: pcid, policy: require}
                            - {name: svm, policy: forbid}
                            - {name: x2apic, policy: optional}
                        """,
                        new SchedulingConstraints(Map.of(), Map.of(
                                "kubevirt.io/schedulable", "true",
                                "cpumanager", "true",
                                "kubevirt.io/realtime", "true",
                                "cpu-model.node.kubevirt.io/Skylake-Server-noTSX-IBRS", "true",
                                "cpu-feature.node.kubevirt.io/vmx", "true",
                                "cpu-feature.node.kubevirt.io/pcid", "true"),
                                Optional.of(NodeSelector.of(NodeSelectorTerm.of(req("cpu-feature.node.kubevirt.io/svm", DOES_NOT_EXIST)))),
                                List.of())),
                constraints("host-passthrough needs no model label nor the obsolete-host-model rule, but its features",
                        "domain: {cpu: {model: host-passthrough, features: [{name: vmx}]}}",
                        new SchedulingConstraints(Map.of(),
                                Map.of("kubevirt.io/schedulable", "true", "cpu-feature.node.kubevirt.io/vmx", "true"),
                                Optional.empty(), List.of())),
                constraints("without a CPU model, features add no labels (KubeVirt names them only with a model)",
                        "domain: {cpu: {features: [{name: vmx}, {name: svm, policy: forbid}]}}",
                        new SchedulingConstraints(Map.of(), SCHEDULABLE,
                                Optional.of(NodeSelector.of(NodeSelectorTerm.of(
                                        NOT_OBSOLETE, req("cpu-feature.node.kubevirt.io/svm", DOES_NOT_EXIST)))),
                                List.of())),
                constraints("KubeVirt's rule joins every term of the VMI's affinity, and fills an empty one", """
                        affinity:
                          nodeAffinity:
                            requiredDuringSchedulingIgnoredDuringExecution:
                              nodeSelectorTerms:
                              - {}
                              - matchFields: [{key: metadata.name, operator: NotIn, values: [worker-3]}]
                        """,
                        new SchedulingConstraints(Map.of(), SCHEDULABLE,
                                Optional.of(NodeSelector.of(NodeSelectorTerm.of(NOT_OBSOLETE),
                                        new NodeSelectorTerm(List.of(NOT_OBSOLETE),
                                                List.of(req("metadata.name", "NotIn", "worker-3"))))),
                                List.of())),
                constraints("a required affinity without terms stays one that matches nothing",
                        "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}",
                        new SchedulingConstraints(Map.of(), SCHEDULABLE, Optional.of(new NodeSelector(List.of())), List.of())),
                constraints("the VMI's entry wins over KubeVirt's defaults, KubeVirt's CPU labels over the VMI's", """
                        architecture: ARM64
                        nodeSelector: {kubevirt.io/schedulable: "false", cpu-model.node.kubevirt.io/EPYC: "false", disktype: ssd}
                        domain: {cpu: {model: EPYC}}
                        """,
                        new SchedulingConstraints(
                                Map.of("kubevirt.io/schedulable", "false", "disktype", "ssd"),
                                Map.of("kubernetes.io/arch", "arm64", "cpu-model.node.kubevirt.io/EPYC", "true"),
                                Optional.empty(), List.of())),
                constraints("an empty spec still needs virt-handler and a current host model", "{}",
                        new SchedulingConstraints(Map.of(), SCHEDULABLE,
                                Optional.of(NodeSelector.of(NodeSelectorTerm.of(NOT_OBSOLETE))), List.of())),
                constraints("fields of the wrong type read as absent", """
                        architecture: [amd64]
                        nodeSelector: [disktype, ssd]
                        affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{nodeSelectorTerms: []}]}}
                        tolerations: {key: dedicated}
                        domain: {cpu: [host-model]}
                        """,
                        new SchedulingConstraints(Map.of(), SCHEDULABLE,
                                Optional.of(NodeSelector.of(NodeSelectorTerm.of(NOT_OBSOLETE))), List.of())),
                constraints("odd entries become requirements that match nothing, odd tolerations are dropped", """
                        nodeSelector: {cores: 16, fast: true, none: null}
                        domain: {cpu: {model: 7, dedicatedCpuPlacement: "yes", realtime: true, features: [vmx, {name: 5}]}}
                        affinity:
                          nodeAffinity:
                            requiredDuringSchedulingIgnoredDuringExecution:
                              nodeSelectorTerms:
                              - matchExpressions: [null, {key: zone, operator: In, values: a}]
                              - 42
                              - {matchExpressions: {key: zone}, matchFields: [{key: metadata.name, operator: [In], values: [1]}]}
                        tolerations: [null, 5, {key: [x], operator: Exists, effect: NoSchedule}]
                        """,
                        new SchedulingConstraints(
                                Map.of("cores", "16", "fast", "true", "none", ""),
                                Map.of("kubevirt.io/schedulable", "true",
                                        "cpu-model.node.kubevirt.io/7", "true",
                                        "cpu-feature.node.kubevirt.io/", "true",
                                        "cpu-feature.node.kubevirt.io/5", "true"),
                                Optional.of(NodeSelector.of(
                                        NodeSelectorTerm.of(req("", ""), req("zone", IN)),
                                        new NodeSelectorTerm(List.of(), List.of()),
                                        new NodeSelectorTerm(List.of(), List.of(req("metadata.name", "", "1"))))),
                                List.of(new Toleration("", "Exists", "", "NoSchedule")))));
    }

    private static Arguments constraints(String behaviour, String yaml, SchedulingConstraints expected) {
        return Arguments.of(Named.of(behaviour, yaml), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void readsWhatKubeVirtPutsIntoTheTargetPod(String yaml, SchedulingConstraints expected) {
        assertThat(SchedulingConstraints.from(spec(yaml))).isEqualTo(expected);
    }

    @Test
    void readsAMissingSpecAsAnEmptyOne() {
        assertThat(SchedulingConstraints.from(null)).isEqualTo(SchedulingConstraints.from(new HashMap<>()));
    }

    @Test
    void theTargetPodsNodeSelectorIsBothPartsTogether() {
        SchedulingConstraints constraints = SchedulingConstraints.from(spec("{architecture: amd64, nodeSelector: {disktype: ssd}}"));

        assertThat(constraints.targetNodeSelector())
                .isEqualTo(Map.of("kubevirt.io/schedulable", "true", "kubernetes.io/arch", "amd64", "disktype", "ssd"));
    }

    @Test
    void toleratingTheCordonTaintTakesAMatchingToleration() {
        assertThat(SchedulingConstraints.from(spec("{tolerations: [{operator: Exists}]}")).toleratesCordon()).isTrue();
        assertThat(SchedulingConstraints.from(spec(
                "{tolerations: [{key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoExecute}]}")).toleratesCordon())
                .isFalse();
        assertThat(SchedulingConstraints.from(spec("{}")).toleratesCordon()).isFalse();
    }
}
