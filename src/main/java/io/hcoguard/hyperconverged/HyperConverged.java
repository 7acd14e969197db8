package io.hcoguard.hyperconverged;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** A HyperConverged object read through the field layout of its apiVersion. */
record HyperConverged(HyperConvergedLayout layout, JsonNode object) {

    Optional<JsonNode> get(FieldPath field) {
        return field.in(object);
    }

    /** The workloadUpdateMethods list; empty when absent or not a list. */
    Optional<JsonNode> methodList() {
        return get(layout.workloadUpdateMethods()).filter(JsonNode::isArray);
    }

    /** The methods KubeVirt acts on: entries spelled exactly right (it ignores the rest). */
    Set<WorkloadUpdateMethod> methods() {
        Set<WorkloadUpdateMethod> methods = EnumSet.noneOf(WorkloadUpdateMethod.class);
        methodList().ifPresent(list -> list.forEach(entry -> {
            if (entry.isTextual()) {
                WorkloadUpdateMethod.of(entry.textValue()).ifPresent(methods::add);
            }
        }));
        return methods;
    }

    /** Whether a number here is exactly 0, which KubeVirt reads as "live migration off". */
    boolean isZero(FieldPath field) {
        return get(field).filter(JsonNode::isNumber).filter(value -> value.doubleValue() == 0).isPresent();
    }
}
