package io.hcoguard.hyperconverged;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Small inline HyperConverged objects. JSON is written with single quotes to stay readable in
 * Java strings; {@code $} stands for where the layout puts the virtualization fields
 * ({@code spec} in v1beta1, {@code spec.virtualization} in v1), in dotted paths and in JSON pointers.
 */
final class Fixtures {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private Fixtures() {
    }

    static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A HyperConverged of that layout whose virtualization fields are {@code fields}, or no spec when null. */
    static JsonNode hco(HyperConvergedLayout layout, String fields) {
        ObjectNode object = (ObjectNode) json("{'apiVersion': '" + layout.apiVersion()
                + "', 'kind': 'HyperConverged', 'metadata': {'name': 'kubevirt-hyperconverged',"
                + " 'namespace': 'kubevirt-hyperconverged'}}");
        if (fields != null) {
            JsonNode spec = json(fields);
            object.set("spec", layout == HyperConvergedLayout.V1 ? JSON.createObjectNode().set("virtualization", spec) : spec);
        }
        return object;
    }

    static HyperConvergedEdit create(HyperConvergedLayout layout, String fields) {
        return new HyperConvergedEdit(layout.apiVersion(), hco(layout, fields), null);
    }

    static HyperConvergedEdit update(HyperConvergedLayout layout, String oldFields, String fields) {
        return new HyperConvergedEdit(layout.apiVersion(), hco(layout, fields), hco(layout, oldFields));
    }

    /** Each case once per layout: every rule holds for v1beta1 and v1 alike. */
    static Stream<Arguments> inBothLayouts(Stream<?> cases) {
        return cases.flatMap(c -> Stream.of(HyperConvergedLayout.values()).map(layout -> Arguments.of(c, layout)));
    }

    static HyperConvergedLayout otherThan(HyperConvergedLayout layout) {
        return layout == HyperConvergedLayout.V1 ? HyperConvergedLayout.V1BETA1 : HyperConvergedLayout.V1;
    }

    /** Puts the layout's parent in place of {@code $}: "$.evictionStrategy", "/$/evictionStrategy". */
    static String at(HyperConvergedLayout layout, String template) {
        String dotted = layout == HyperConvergedLayout.V1 ? "spec.virtualization" : "spec";
        String pointer = layout == HyperConvergedLayout.V1 ? "/spec/virtualization" : "/spec";
        return template.replace("/$", pointer).replace("$", dotted);
    }
}
