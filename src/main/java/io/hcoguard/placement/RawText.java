package io.hcoguard.placement;

import io.hcoguard.migratability.Unstructured;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strings of a schemaless object exactly as written: unlike {@link Unstructured#text()}, an empty
 * string stays "" (a {@code node-role.kubernetes.io/worker: ""} selector must match), and nothing is
 * trimmed. A missing or mistyped value reads as "" (numbers and booleans as their text), as Go decodes
 * an absent string field.
 */
final class RawText {

    private RawText() {
    }

    static String of(Unstructured field) {
        Object value = field.value();
        if (value instanceof String s) {
            return s;
        }
        return value instanceof Number || value instanceof Boolean ? value.toString() : "";
    }

    static List<String> listOf(Unstructured field) {
        List<String> strings = new ArrayList<>();
        for (Unstructured item : field.items()) {
            strings.add(of(item));
        }
        return strings;
    }

    /** A string map sorted by key (so "the first entry" is the same every time); non-string keys are dropped. */
    static Map<String, String> mapOf(Unstructured field) {
        Map<String, String> map = new TreeMap<>();
        if (field.value() instanceof Map<?, ?> raw) {
            for (Map.Entry<?, ?> entry : raw.entrySet()) {
                if (entry.getKey() instanceof String key) {
                    map.put(key, of(Unstructured.of(entry.getValue())));
                }
            }
        }
        return map;
    }
}
