package io.hcoguard.hyperconverged;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A field of the object under review, both as the user writes it in YAML
 * ({@code spec.workloadUpdateStrategy.workloadUpdateMethods[1]}) and as a JSON pointer.
 */
public record FieldPath(String display, JsonPointer pointer) {

    public static FieldPath of(String first, String... more) {
        FieldPath path = new FieldPath(first, JsonPointer.empty().appendProperty(first));
        for (String name : more) {
            path = path.field(name);
        }
        return path;
    }

    public FieldPath field(String name) {
        return new FieldPath(display + "." + name, pointer.appendProperty(name));
    }

    public FieldPath element(int index) {
        return new FieldPath(display + "[" + index + "]", pointer.appendIndex(index));
    }

    /** The value at this path; empty when absent or JSON null, which Kubernetes treats alike. */
    public Optional<JsonNode> in(JsonNode root) {
        JsonNode node = root.at(pointer);
        return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    @Override
    public String toString() {
        return display;
    }
}
