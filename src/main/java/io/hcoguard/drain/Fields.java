package io.hcoguard.drain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Total lookups in the maps and lists fabric8 keeps for a schemaless object: a missing or
 * mistyped field reads as absent, so the snapshots of this package never throw.
 */
final class Fields {

    private Fields() {
    }

    /** The value at the path, or null when a step is missing or not a map. */
    static Object at(Object root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    /** Trimmed non-blank text; anything else (a number, a map, blank) is empty. */
    static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s.trim()) : Optional.empty();
    }

    /** Exactly the JSON boolean true, as Go's decoder reads a bool field. */
    static boolean isTrue(Object value) {
        return Boolean.TRUE.equals(value);
    }

    /** A map of strings, or empty when the value is not one (keys and values must all be strings). */
    static Optional<Map<String, String>> stringMap(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        Map<String, String> strings = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key) || !(entry.getValue() instanceof String text)) {
                return Optional.empty();
            }
            strings.put(key, text);
        }
        return Optional.of(strings);
    }

    /** A list, or empty when the value is not one. */
    static Optional<List<?>> list(Object value) {
        return value instanceof List<?> list ? Optional.of(list) : Optional.empty();
    }

    /** An immutable copy for record components; a null map is empty, a null value reads as "" as in Go. */
    static Map<String, String> copy(Map<String, String> labels) {
        if (labels == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        labels.forEach((key, value) -> {
            if (key != null) {
                copy.put(key, value == null ? "" : value);
            }
        });
        return Map.copyOf(copy);
    }
}
