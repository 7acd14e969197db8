package io.hcoguard.placement;

import static io.hcoguard.placement.NodeSelectorRequirement.IN;
import static io.hcoguard.placement.Topology.cordoned;
import static io.hcoguard.placement.Topology.labelled;
import static io.hcoguard.placement.Topology.node;
import static io.hcoguard.placement.Topology.notReady;
import static io.hcoguard.placement.Topology.req;
import static io.hcoguard.placement.Topology.tainted;
import static io.hcoguard.placement.Topology.unlabelled;
import static io.hcoguard.placement.Topology.vmi;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.placement.PlacementVerdict.HasTarget;
import io.hcoguard.placement.PlacementVerdict.NoTarget;
import io.hcoguard.placement.PlacementVerdict.NotJudged;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementTest {

    private static final String SOURCE = "worker-1";
    private static final NodeSnapshot W1 = node("worker-1");
    private static final NodeSnapshot W2 = node("worker-2");
    private static final NodeSnapshot W3 = node("worker-3");
    private static final String PLAIN = "{}";
    private static final String HOSTNAME_AFFINITY = """
            {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [
              {matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [worker-1]}]}]}}}}""";

    static Stream<Arguments> verdicts() {
        return Stream.of(
                // which nodes count at all
                verdict("two other healthy nodes both take the migration", PLAIN, List.of(), List.of(W1, W2, W3),
                        new HasTarget(List.of("worker-2", "worker-3"), 2)),
                verdict("the source node is never a target", PLAIN, List.of(), List.of(W2, W1),
                        new HasTarget(List.of("worker-2"), 1)),
                verdict("one node only", PLAIN, List.of(), List.of(W1),
                        new NoTarget("the cluster has no other node")),
                verdict("a node with the source's hostname label is the source to KubeVirt's anti-affinity", PLAIN, List.of(),
                        List.of(W1, labelled(node("worker-1-twin"), "kubernetes.io/hostname", "worker-1")),
                        new NoTarget("the cluster has no other node")),
                verdict("a cordoned node is no target", PLAIN, List.of(), List.of(W1, cordoned(W2)),
                        new NoTarget("no other node is Ready and schedulable")),
                verdict("a NotReady node is no target", PLAIN, List.of(), List.of(W1, notReady(W2)),
                        new NoTarget("no other node is Ready and schedulable")),
                verdict("tolerating the cordon taint lets the migration onto a cordoned node",
                        "{tolerations: [{key: node.kubernetes.io/unschedulable, operator: Exists, effect: NoSchedule}]}",
                        List.of(), List.of(W1, cordoned(W2)), new HasTarget(List.of("worker-2"), 1)),
                verdict("a node whose virt-handler is not ready lacks kubevirt.io/schedulable=true", PLAIN, List.of(),
                        List.of(W1, labelled(W2, "kubevirt.io/schedulable", "false"), unlabelled(W3, "kubevirt.io/schedulable")),
                        new NoTarget("no other node has kubevirt.io/schedulable=true")),
                verdict("spec.architecture selects the node's architecture", "{architecture: amd64}", List.of(),
                        List.of(W1, labelled(W2, "kubernetes.io/arch", "arm64")),
                        new NoTarget("no other node has kubernetes.io/arch=amd64")),
                verdict("dedicated CPUs need a node with the CPU manager",
                        "{domain: {cpu: {dedicatedCpuPlacement: true}}}", List.of(),
                        List.of(labelled(W1, "cpumanager", "true"), W2),
                        new NoTarget("no other node has cpumanager=true")),
                verdict("a named CPU model needs a node that offers it", "{domain: {cpu: {model: Skylake-Server}}}", List.of(),
                        List.of(W1, W2, labelled(W3, "cpu-model.node.kubevirt.io/Skylake-Server", "true")),
                        new HasTarget(List.of("worker-3"), 1)),
                // the VMI's nodeSelector
                verdict("a nodeSelector on the source's hostname", "{nodeSelector: {kubernetes.io/hostname: worker-1}}",
                        List.of(), List.of(W1, W2, W3),
                        new NoTarget("nodeSelector kubernetes.io/hostname=worker-1: no other node matches")),
                verdict("a nodeSelector no other node has", "{nodeSelector: {disktype: ssd}}", List.of(),
                        List.of(labelled(W1, "disktype", "ssd"), W2),
                        new NoTarget("nodeSelector disktype=ssd: no other node matches")),
                verdict("labelling a second node unblocks", "{nodeSelector: {disktype: ssd}}", List.of(),
                        List.of(labelled(W1, "disktype", "ssd"), W2, labelled(W3, "disktype", "ssd")),
                        new HasTarget(List.of("worker-3"), 1)),
                verdict("a nodeSelector whose entries each match elsewhere, but never together",
                        "{nodeSelector: {disktype: ssd, nic: fast}}", List.of(),
                        List.of(W1, labelled(W2, "disktype", "ssd"), labelled(W3, "nic", "fast")),
                        new NoTarget("nodeSelector disktype=ssd, nic=fast: no other node matches")),
                verdict("an empty label value is a value to match", "{nodeSelector: {node-role.kubernetes.io/worker: ''}}",
                        List.of(), List.of(W1, labelled(W2, "node-role.kubernetes.io/worker", "")),
                        new HasTarget(List.of("worker-2"), 1)),
                // required node affinity
                verdict("required node affinity on the source's hostname", HOSTNAME_AFFINITY, List.of(), List.of(W1, W2, W3),
                        new NoTarget("required node affinity kubernetes.io/hostname In [worker-1]: no other node matches")),
                verdict("required node affinity NotIn every other node", """
                        {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [
                          {matchExpressions: [{key: kubernetes.io/hostname, operator: NotIn, values: [worker-2, worker-3]}]}]}}}}""",
                        List.of(), List.of(W1, W2, W3),
                        new NoTarget("required node affinity kubernetes.io/hostname NotIn [worker-2, worker-3]: no other node matches")),
                verdict("required node affinity with matchFields on the source's name", """
                        {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [
                          {matchFields: [{key: metadata.name, operator: In, values: [worker-1]}]}]}}}}""",
                        List.of(), List.of(W1, W2),
                        new NoTarget("required node affinity metadata.name In [worker-1]: no other node matches")),
                verdict("required node affinity: a second ORed term admits another node", """
                        {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [
                          {matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [worker-1]}]},
                          {matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [b]}]}]}}}}""",
                        List.of(), List.of(W1, W2, labelled(W3, "topology.kubernetes.io/zone", "b")),
                        new HasTarget(List.of("worker-3"), 1)),
                verdict("required node affinity: no ORed term admits another node", """
                        {domain: {cpu: {model: host-passthrough}},
                         affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [
                          {matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [worker-1]}]},
                          {matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [c]}]}]}}}}""",
                        List.of(), List.of(W1, W2, labelled(W3, "topology.kubernetes.io/zone", "b")),
                        new NoTarget("required node affinity (kubernetes.io/hostname In [worker-1]) or (topology.kuber...:"
                                + " no other node matches")),
                verdict("required node affinity Gt on a numeric label", """
                        {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [
                          {matchExpressions: [{key: cores, operator: Gt, values: ['32']}]}]}}}}""",
                        List.of(), List.of(W1, labelled(W2, "cores", "32"), labelled(W3, "cores", "64")),
                        new HasTarget(List.of("worker-3"), 1)),
                verdict("a host-model VMI does not go to a node whose host model is obsolete", PLAIN, List.of(),
                        List.of(W1, labelled(W2, "node-labeller.kubevirt.io/obsolete-host-model", "Opteron_G2")),
                        new NoTarget("required node affinity node-labeller.kubevirt.io/obsolete-host-model DoesNotExist:"
                                + " no other node matches")),
                // PersistentVolumes
                verdict("a local PersistentVolume pins the VMI to its node", PLAIN,
                        List.of(volume("pv-1", req("kubernetes.io/hostname", IN, "worker-1"))), List.of(W1, W2, W3),
                        new NoTarget("PersistentVolume pv-1 is pinned to node worker-1 by its node affinity")),
                verdict("a PersistentVolume reachable from another zone node", PLAIN,
                        List.of(volume("pv-1", req("topology.kubernetes.io/zone", IN, "b"))),
                        List.of(labelled(W1, "topology.kubernetes.io/zone", "b"), W2, labelled(W3, "topology.kubernetes.io/zone", "b")),
                        new HasTarget(List.of("worker-3"), 1)),
                verdict("a PersistentVolume no node in the view can reach", PLAIN,
                        List.of(volume("pv-1", req("topology.kubernetes.io/zone", IN, "z"))), List.of(W1, W2, W3),
                        new NoTarget("PersistentVolume pv-1 node affinity topology.kubernetes.io/zone In [z]: no other node matches")),
                verdict("a PersistentVolume without node affinity constrains nothing", PLAIN,
                        List.of(new PersistentVolumeSnapshot("pv-1", Optional.empty(), Optional.empty())), List.of(W1, W2),
                        new HasTarget(List.of("worker-2"), 1)),
                // taints
                verdict("a NoSchedule taint on every other node", PLAIN, List.of(),
                        List.of(W1, tainted(W2, "dedicated", "db", "NoSchedule"), tainted(W3, "dedicated", "db", "NoSchedule")),
                        new NoTarget("no other node tolerates taint dedicated=db:NoSchedule")),
                verdict("a tolerated NoSchedule taint",
                        "{tolerations: [{key: dedicated, operator: Equal, value: db, effect: NoSchedule}]}", List.of(),
                        List.of(W1, tainted(W2, "dedicated", "db", "NoSchedule")), new HasTarget(List.of("worker-2"), 1)),
                verdict("a PreferNoSchedule taint is ignored", PLAIN, List.of(),
                        List.of(W1, tainted(W2, "dedicated", "db", "PreferNoSchedule")), new HasTarget(List.of("worker-2"), 1)),
                verdict("a NoExecute taint on every other node", PLAIN, List.of(),
                        List.of(W1, tainted(W2, "maintenance", "", "NoExecute")),
                        new NoTarget("no other node tolerates taint maintenance:NoExecute")),
                verdict("a different untolerated taint on each other node", PLAIN, List.of(),
                        List.of(W1, tainted(W2, "dedicated", "db", "NoSchedule"), tainted(W3, "maintenance", "", "NoExecute")),
                        new NoTarget("every other node has a taint the VMI does not tolerate")),
                // the order of reasons, and constraints that leave no node only together
                verdict("readiness is named before a pin", "{nodeSelector: {kubernetes.io/hostname: worker-1}}", List.of(),
                        List.of(W1, notReady(W2)), new NoTarget("no other node is Ready and schedulable")),
                verdict("KubeVirt's labels are named before the VMI's nodeSelector",
                        "{nodeSelector: {kubernetes.io/hostname: worker-1}}", List.of(),
                        List.of(W1, unlabelled(W2, "kubevirt.io/schedulable")),
                        new NoTarget("no other node has kubevirt.io/schedulable=true")),
                verdict("a pinned volume is named before a taint", PLAIN,
                        List.of(volume("pv-1", req("kubernetes.io/hostname", IN, "worker-1"))),
                        List.of(W1, tainted(W2, "dedicated", "db", "NoSchedule")),
                        new NoTarget("PersistentVolume pv-1 is pinned to node worker-1 by its node affinity")),
                verdict("the selected node is tainted and the tolerable node not selected", "{nodeSelector: {disktype: ssd}}", List.of(),
                        List.of(W1, labelled(tainted(W2, "dedicated", "db", "NoSchedule"), "disktype", "ssd"), W3),
                        new NoTarget("no other node meets readiness, nodeSelector, affinity, tolerations and volume affinity together")),
                verdict("the selected node is NotReady and the Ready node not selected", "{nodeSelector: {disktype: ssd}}", List.of(),
                        List.of(W1, notReady(labelled(W2, "disktype", "ssd")), W3),
                        new NoTarget("no other node meets readiness, nodeSelector, affinity, tolerations and volume affinity together")),
                // what the view lacks
                verdict("a view without nodes", PLAIN, List.of(), List.of(), new NotJudged("the view knows no Node")));
    }

    private static Arguments verdict(String behaviour, String spec, List<PersistentVolumeSnapshot> volumes,
            List<NodeSnapshot> nodes, PlacementVerdict expected) {
        return Arguments.of(Named.of(behaviour, spec), volumes, nodes, expected);
    }

    private static PersistentVolumeSnapshot volume(String name, NodeSelectorRequirement affinity) {
        return new PersistentVolumeSnapshot(name, Optional.of(new PersistentVolumeSnapshot.ClaimRef("ns", name + "-claim")),
                Optional.of(NodeSelector.of(NodeSelectorTerm.of(affinity))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void findsATargetOrSaysWhichConstraintLeavesNone(String spec, List<PersistentVolumeSnapshot> volumes,
            List<NodeSnapshot> nodes, PlacementVerdict expected) {
        PlacementVerdict verdict = Placement.judge(SOURCE, vmi(spec), volumes, nodes);

        assertThat(verdict).isEqualTo(expected);
        if (verdict instanceof NoTarget noTarget) {
            assertThat(noTarget.reason()).hasSizeLessThanOrEqualTo(110);
        }
    }

    @Test
    void judgesWithoutPlacementWhenTheVmiIsOnNoKnownNode() {
        SchedulingConstraints plain = vmi(PLAIN);

        assertThat(Placement.judge("", plain, List.of(), List.of(W1, W2))).isEqualTo(new NotJudged("the VMI is on no node"));
        assertThat(Placement.judge(null, plain, List.of(), List.of(W1, W2))).isEqualTo(new NotJudged("the VMI is on no node"));
        assertThat(Placement.judge("worker-9", plain, List.of(), List.of(W1, W2)))
                .isEqualTo(new NotJudged("node worker-9 is not in the view"));
    }

    @Test
    void namesTheAlphabeticallyFirstTargetsAndCountsThemAll() {
        List<NodeSnapshot> nodes = new ArrayList<>();
        for (int i = 9; i >= 1; i--) {
            nodes.add(node("worker-" + i));
        }

        assertThat(Placement.judge(SOURCE, vmi(PLAIN), List.of(), nodes))
                .isEqualTo(new HasTarget(List.of("worker-2", "worker-3", "worker-4"), 8));
    }

    @Test
    void shortensALongDescriptionToKeepTheReasonShort() {
        String spec = "{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: ["
                + "{matchExpressions: [{key: rack, operator: In, values: [rack-01, rack-02, rack-03, rack-04, rack-05, rack-06, rack-07]}]}"
                + "]}}}}";

        PlacementVerdict verdict = Placement.judge(SOURCE, vmi(spec), List.of(), List.of(W1, W2, W3));

        assertThat(verdict).isEqualTo(new NoTarget(
                "required node affinity rack In [rack-01, rack-02, rack-03, rack-04, rack-05, rac...: no other node matches"));
        assertThat(Placement.shorten("x".repeat(61))).isEqualTo("x".repeat(57) + "...");
        assertThat(Placement.shorten("x".repeat(60))).isEqualTo("x".repeat(60));
    }
}
