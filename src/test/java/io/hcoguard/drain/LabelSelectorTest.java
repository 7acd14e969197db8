package io.hcoguard.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.migratability.KubeObjects;
import io.hcoguard.unstructured.Unstructured;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorTest {

    private static final Map<String, String> WORKER = Map.of("node-role.kubernetes.io/worker", "", "zone", "a");

    /** A selector read from the flow-style YAML of a pool's spec.nodeSelector (null is Go's nil). */
    static LabelSelector read(String yaml) {
        Object spec = KubeObjects.resource("apiVersion: v1\nkind: X\nspec: {selector: " + yaml + "}\n").getAdditionalProperties().get("spec");
        return LabelSelector.from(Unstructured.of(spec).path("selector"));
    }

    static Stream<Arguments> matching() {
        return Stream.of(
                match("matchLabels with an empty value needs the label present and empty",
                        "{matchLabels: {node-role.kubernetes.io/worker: \"\"}}", WORKER, true),
                match("matchLabels does not match another value", "{matchLabels: {zone: b}}", WORKER, false),
                match("matchLabels does not match a missing label", "{matchLabels: {node-role.kubernetes.io/infra: \"\"}}", WORKER, false),
                match("every matchLabels entry must hold", "{matchLabels: {zone: a, rack: r1}}", WORKER, false),
                match("In holds for one of its values", "{matchExpressions: [{key: zone, operator: In, values: [b, a]}]}", WORKER, true),
                match("In fails for a missing label", "{matchExpressions: [{key: rack, operator: In, values: [r1]}]}", WORKER, false),
                match("NotIn holds for a missing label", "{matchExpressions: [{key: rack, operator: NotIn, values: [r1]}]}", WORKER, true),
                match("NotIn fails for a listed value", "{matchExpressions: [{key: zone, operator: NotIn, values: [a]}]}", WORKER, false),
                match("Exists holds for an empty-valued label",
                        "{matchExpressions: [{key: node-role.kubernetes.io/worker, operator: Exists}]}", WORKER, true),
                match("DoesNotExist fails for a present label", "{matchExpressions: [{key: zone, operator: DoesNotExist}]}", WORKER, false),
                match("DoesNotExist holds for a missing label", "{matchExpressions: [{key: rack, operator: DoesNotExist, values: []}]}", WORKER, true),
                match("matchLabels and matchExpressions are ANDed",
                        "{matchLabels: {zone: a}, matchExpressions: [{key: node-role.kubernetes.io/master, operator: Exists}]}", WORKER, false),
                match("a nil selector selects nothing", "null", WORKER, false),
                match("an empty selector selects everything", "{}", WORKER, true),
                match("an empty selector selects a node without labels", "{matchLabels: {}, matchExpressions: []}", Map.of(), true),
                match("an invalid selector selects nothing", "{matchExpressions: [{key: zone, operator: Equals, values: [a]}]}", WORKER, false));
    }

    private static Arguments match(String name, String yaml, Map<String, String> labels, boolean expected) {
        return Arguments.of(Named.of(name, yaml), labels, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matching")
    void matchesAsApimachineryDoes(String yaml, Map<String, String> labels, boolean expected) {
        assertThat(read(yaml).matches(labels)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("{matchExpressions: [{key: zone, operator: Equals, values: [a]}]}", "\"Equals\" is not a valid label selector operator"),
                Arguments.of("{matchExpressions: [{key: zone, operator: in, values: [a]}]}", "\"in\" is not a valid label selector operator"),
                Arguments.of("{matchExpressions: [{key: zone}]}", "\"\" is not a valid label selector operator"),
                Arguments.of("{matchExpressions: [{key: zone, operator: In}]}", "values of zone can't be empty for operator In"),
                Arguments.of("{matchExpressions: [{key: zone, operator: NotIn, values: []}]}", "values of zone can't be empty for operator NotIn"),
                Arguments.of("{matchExpressions: [{key: zone, operator: Exists, values: [a]}]}", "values of zone must be empty for operator Exists"),
                Arguments.of("{matchExpressions: [{operator: Exists}]}", "\"\" is not a valid label key"),
                Arguments.of("{matchLabels: {\"a b\": x}}", "\"a b\" is not a valid label key"),
                Arguments.of("{matchLabels: {Example.COM/x: y}}", "\"Example.COM/x\" is not a valid label key"),
                Arguments.of("{matchLabels: {a/b/c: y}}", "\"a/b/c\" is not a valid label key"),
                Arguments.of("{matchLabels: {example.com/: y}}", "\"example.com/\" is not a valid label key"),
                Arguments.of("{matchLabels: {zone: \"-a\"}}", "\"-a\" is not a valid label value for zone"),
                Arguments.of("{matchLabels: {zone: " + "a".repeat(64) + "}}", "\"" + "a".repeat(64) + "\" is not a valid label value for zone"),
                Arguments.of("{matchLabels: {zone: 1}}", "matchLabels is not a map of strings"),
                Arguments.of("{matchLabels: [zone]}", "matchLabels is not a map of strings"),
                Arguments.of("{matchExpressions: {key: zone}}", "matchExpressions is not a list"),
                Arguments.of("{matchExpressions: [{key: zone, operator: In, values: a}]}", "values of a matchExpressions entry are not a list of strings"),
                Arguments.of("{matchExpressions: [{key: zone, operator: In, values: [1]}]}", "values of a matchExpressions entry are not a list of strings"),
                Arguments.of("worker", "not a label selector object"),
                Arguments.of("[]", "not a label selector object"));
    }

    @ParameterizedTest(name = "{0} is invalid: {1}")
    @MethodSource("invalid")
    void refusesWhatLabelsNewRequirementRefuses(String yaml, String problem) {
        assertThat(read(yaml)).isEqualTo(new LabelSelector.Invalid(problem));
    }

    @Test
    void acceptsQualifiedKeysAndEmptyOrNameValues() {
        assertThat(read("{matchLabels: {node-role.kubernetes.io/worker: \"\", a.b-c_d: A-1.b_2}, "
                + "matchExpressions: [{key: " + "k".repeat(63) + ", operator: Exists}]}"))
                .isEqualTo(new LabelSelector.Requirements(List.of(
                        new LabelSelector.Requirement("a.b-c_d", LabelSelector.Operator.IN, List.of("A-1.b_2")),
                        new LabelSelector.Requirement("node-role.kubernetes.io/worker", LabelSelector.Operator.IN, List.of("")),
                        new LabelSelector.Requirement("k".repeat(63), LabelSelector.Operator.EXISTS, List.of()))));
        assertThat(read("{matchLabels: {" + "k".repeat(64) + ": x}}")).isInstanceOf(LabelSelector.Invalid.class);
    }

    @Test
    void theMachineConfigOperatorLetsANilOrEmptySelectorMatchNothing() {
        assertThat(read("null").matchesUnlessEmpty(WORKER)).isFalse();
        assertThat(read("{}").matchesUnlessEmpty(WORKER)).isFalse();
        assertThat(read("{matchLabels: {zone: a}}").matchesUnlessEmpty(WORKER)).isTrue();
        assertThat(read("{matchLabels: {zone: b}}").matchesUnlessEmpty(WORKER)).isFalse();
    }

    @Test
    void describesItselfInKubectlWords() {
        assertThat(read("{matchLabels: {zone: a}, matchExpressions: [{key: role, operator: In, values: [worker, infra]}, "
                + "{key: rack, operator: NotIn, values: [r1]}, {key: gpu, operator: Exists}, {key: edge, operator: DoesNotExist}]}")
                .describe()).isEqualTo("zone=a,role in (worker,infra),rack notin (r1),gpu,!edge");
        assertThat(read("null").describe()).isEqualTo("<none>");
        assertThat(read("{}").describe()).isEqualTo("<everything>");
        assertThat(read("{matchExpressions: [{key: a, operator: Gt, values: [\"1\"]}]}").describe())
                .isEqualTo("<invalid: \"Gt\" is not a valid label selector operator>");
    }
}
