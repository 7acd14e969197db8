package io.hcoguard.placement;

import static io.hcoguard.placement.NodeSelectorRequirement.DOES_NOT_EXIST;
import static io.hcoguard.placement.NodeSelectorRequirement.EXISTS;
import static io.hcoguard.placement.NodeSelectorRequirement.GT;
import static io.hcoguard.placement.NodeSelectorRequirement.IN;
import static io.hcoguard.placement.NodeSelectorRequirement.LT;
import static io.hcoguard.placement.NodeSelectorRequirement.NOT_IN;
import static io.hcoguard.placement.Topology.req;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeSelectorTest {

    private static final Map<String, String> LABELS = Map.of(
            "kubernetes.io/hostname", "worker-2",
            "topology.kubernetes.io/zone", "b",
            "node-role.kubernetes.io/worker", "",
            "cores", "16",
            "signed", "+16",
            "words", "many",
            "underscored", "1_000",
            "bad key", "x");

    static Stream<Arguments> requirements() {
        return Stream.of(
                requirement("In matches a listed value", req("topology.kubernetes.io/zone", IN, "a", "b"), true),
                requirement("In refuses a value not listed", req("topology.kubernetes.io/zone", IN, "a", "c"), false),
                requirement("In refuses a node without the label", req("gpu", IN, "a100"), false),
                requirement("In matches an empty label value", req("node-role.kubernetes.io/worker", IN, ""), true),
                requirement("NotIn refuses a listed value", req("kubernetes.io/hostname", NOT_IN, "worker-1", "worker-2"), false),
                requirement("NotIn matches a value not listed", req("kubernetes.io/hostname", NOT_IN, "worker-1"), true),
                requirement("NotIn matches a node without the label", req("gpu", NOT_IN, "a100"), true),
                requirement("Exists matches a label with an empty value", req("node-role.kubernetes.io/worker", EXISTS), true),
                requirement("Exists refuses a node without the label", req("gpu", EXISTS), false),
                requirement("DoesNotExist matches a node without the label", req("gpu", DOES_NOT_EXIST), true),
                requirement("DoesNotExist refuses a node with the label", req("cores", DOES_NOT_EXIST), false),
                requirement("Gt matches a greater integer", req("cores", GT, "8"), true),
                requirement("Gt refuses an equal integer", req("cores", GT, "16"), false),
                requirement("Gt reads a signed label as Go does", req("signed", GT, "8"), true),
                requirement("Gt refuses a label that is no integer", req("words", GT, "8"), false),
                requirement("Gt refuses a label Go's ParseInt refuses", req("underscored", GT, "8"), false),
                requirement("Gt refuses a node without the label", req("gpu", GT, "0"), false),
                requirement("Lt matches a smaller integer", req("cores", LT, "32"), true),
                requirement("Lt refuses a greater integer", req("cores", LT, "-3"), false),
                requirement("Gt with a value that is no integer is invalid", req("cores", GT, "eight"), false),
                requirement("Gt with two values is invalid", req("cores", GT, "8", "9"), false),
                requirement("Lt beyond int64 is invalid", req("cores", LT, "9223372036854775808"), false),
                requirement("In without values is invalid", req("topology.kubernetes.io/zone", IN), false),
                requirement("NotIn without values is invalid", req("gpu", NOT_IN), false),
                requirement("Exists with values is invalid", req("cores", EXISTS, "16"), false),
                requirement("DoesNotExist with values is invalid", req("gpu", DOES_NOT_EXIST, "x"), false),
                requirement("an unknown operator is invalid", req("cores", "Equals", "16"), false),
                requirement("a key that is no label key is invalid", req("bad key", IN, "x"), false),
                requirement("a value that is no label value is invalid", req("cores", NOT_IN, "not a value"), false));
    }

    private static Arguments requirement(String behaviour, NodeSelectorRequirement requirement, boolean matches) {
        return Arguments.of(Named.of(behaviour, requirement), matches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requirements")
    void judgesEachOperatorAsTheScheduler(NodeSelectorRequirement requirement, boolean matches) {
        assertThat(requirement.matchesLabels(LABELS)).isEqualTo(matches);
        assertThat(NodeSelector.of(NodeSelectorTerm.of(requirement)).matches(LABELS, "worker-2")).isEqualTo(matches);
    }

    static Stream<Arguments> selectors() {
        NodeSelectorTerm zoneB = NodeSelectorTerm.of(req("topology.kubernetes.io/zone", IN, "b"));
        NodeSelectorTerm gpu = NodeSelectorTerm.of(req("gpu", EXISTS));
        NodeSelectorTerm empty = new NodeSelectorTerm(List.of(), List.of());
        return Stream.of(
                selector("requirements of a term are ANDed: all hold",
                        NodeSelector.of(NodeSelectorTerm.of(req("cores", GT, "8"), req("gpu", DOES_NOT_EXIST))), "worker-2", true),
                selector("requirements of a term are ANDed: one fails",
                        NodeSelector.of(NodeSelectorTerm.of(req("cores", GT, "8"), req("gpu", EXISTS))), "worker-2", false),
                selector("terms are ORed: the second matches", NodeSelector.of(gpu, zoneB), "worker-2", true),
                selector("terms are ORed: none matches", NodeSelector.of(gpu, gpu), "worker-2", false),
                selector("an empty term matches nothing", NodeSelector.of(empty), "worker-2", false),
                selector("an empty term beside a matching one", NodeSelector.of(empty, zoneB), "worker-2", true),
                selector("a selector without terms matches nothing", new NodeSelector(List.of()), "worker-2", false),
                selector("an invalid requirement spoils its own term only",
                        NodeSelector.of(NodeSelectorTerm.of(req("cores", GT, "eight"), req("gpu", DOES_NOT_EXIST)), zoneB),
                        "worker-2", true),
                selector("an invalid requirement spoils its term",
                        NodeSelector.of(NodeSelectorTerm.of(req("topology.kubernetes.io/zone", IN, "b"), req("gpu", IN))),
                        "worker-2", false),
                selector("matchFields metadata.name In matches the node's name",
                        fields(req("metadata.name", IN, "worker-2")), "worker-2", true),
                selector("matchFields metadata.name In refuses another name",
                        fields(req("metadata.name", IN, "worker-1")), "worker-2", false),
                selector("matchFields metadata.name NotIn matches another name",
                        fields(req("metadata.name", NOT_IN, "worker-1")), "worker-2", true),
                selector("matchFields on another field reads it as empty",
                        fields(req("metadata.uid", IN, "worker-2")), "worker-2", false),
                selector("matchFields with Exists is invalid", fields(req("metadata.name", EXISTS)), "worker-2", false),
                selector("matchFields In with two values is invalid",
                        fields(req("metadata.name", IN, "worker-2", "worker-3")), "worker-2", false),
                selector("matchFields are not judged without a node name (a PersistentVolume's affinity)",
                        fields(req("metadata.name", IN, "worker-1")), "", true),
                selector("an invalid matchFields entry spoils its term even without a node name",
                        fields(req("metadata.name", EXISTS)), "", false),
                selector("a term with labels and fields needs both",
                        NodeSelector.of(new NodeSelectorTerm(List.of(req("gpu", EXISTS)), List.of(req("metadata.name", IN, "worker-2")))),
                        "worker-2", false));
    }

    private static NodeSelector fields(NodeSelectorRequirement field) {
        return NodeSelector.of(new NodeSelectorTerm(List.of(), List.of(field)));
    }

    private static Arguments selector(String behaviour, NodeSelector selector, String nodeName, boolean matches) {
        return Arguments.of(Named.of(behaviour, selector), nodeName, matches);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("selectors")
    void judgesTermsAsTheScheduler(NodeSelector selector, String nodeName, boolean matches) {
        assertThat(selector.matches(LABELS, nodeName)).isEqualTo(matches);
    }

    @Test
    void aPersistentVolumesAffinityIsJudgedOnLabelsAlone() {
        NodeSelector nameOnly = fields(req("metadata.name", IN, "worker-1"));

        assertThat(nameOnly.matchesLabels(LABELS)).isTrue();
        assertThat(nameOnly.matches(new NodeSnapshot("worker-2", LABELS, List.of(), false, true, Map.of()))).isFalse();
    }

    @Test
    void kubevirtsRequirementJoinsEveryTermAndFillsAnEmptyOne() {
        NodeSelectorRequirement noObsoleteModel = req("node-labeller.kubevirt.io/obsolete-host-model", DOES_NOT_EXIST);
        NodeSelector selector = NodeSelector.of(new NodeSelectorTerm(List.of(), List.of()), NodeSelectorTerm.of(req("gpu", EXISTS)));

        NodeSelector extended = selector.withRequirementInEveryTerm(noObsoleteModel);

        assertThat(extended).isEqualTo(NodeSelector.of(
                NodeSelectorTerm.of(noObsoleteModel), NodeSelectorTerm.of(req("gpu", EXISTS), noObsoleteModel)));
        assertThat(selector.matches(LABELS, "worker-2")).isFalse();
        assertThat(extended.matches(LABELS, "worker-2")).isTrue();
    }

    static Stream<Arguments> descriptions() {
        return Stream.of(
                Arguments.of(NodeSelector.of(NodeSelectorTerm.of(req("kubernetes.io/hostname", IN, "worker-1"))),
                        "kubernetes.io/hostname In [worker-1]"),
                Arguments.of(NodeSelector.of(NodeSelectorTerm.of(req("zone", NOT_IN, "a", "b"), req("gpu", EXISTS))),
                        "zone NotIn [a, b], gpu Exists"),
                Arguments.of(NodeSelector.of(NodeSelectorTerm.of(req("gpu", DOES_NOT_EXIST)), NodeSelectorTerm.of(req("cores", GT, "8"))),
                        "(gpu DoesNotExist) or (cores Gt 8)"),
                Arguments.of(NodeSelector.of(new NodeSelectorTerm(List.of(req("cores", LT, "4")), List.of(req("metadata.name", IN, "worker-1")))),
                        "cores Lt 4, metadata.name In [worker-1]"),
                Arguments.of(NodeSelector.of(NodeSelectorTerm.of(req("cores", GT, "8", "9"), req("gpu", EXISTS, "x"))),
                        "cores Gt [8, 9], gpu Exists [x]"),
                Arguments.of(NodeSelector.of(new NodeSelectorTerm(List.of(), List.of())), "(empty term)"),
                Arguments.of(new NodeSelector(List.of()), "(no terms)"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("descriptions")
    void describesASelectorInTheWordsOfItsSpec(NodeSelector selector, String words) {
        assertThat(selector.describe()).isEqualTo(words);
    }

    @Test
    void requirementsAreValuesOfKeyOperatorAndValues() {
        assertThat(req("zone", IN, "a")).isEqualTo(new NodeSelectorRequirement("zone", "In", List.of("a")))
                .hasSameHashCodeAs(new NodeSelectorRequirement("zone", "In", List.of("a")))
                .isNotEqualTo(req("zone", IN, "b"));
        assertThat(new NodeSelectorRequirement(null, null, null)).isEqualTo(new NodeSelectorRequirement("", "", List.of()));
        assertThat(new NodeSelectorRequirement("zone", IN, java.util.Arrays.asList("a", null)).values()).containsExactly("a", "");
    }
}
