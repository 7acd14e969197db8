package io.hcoguard.unstructured;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A read-only view of a schemaless Kubernetes object (the maps and lists fabric8 keeps in
 * {@code GenericKubernetesResource}). Every lookup is total: a missing or mistyped field reads as
 * absent, so parsers never throw on an odd object.
 *
 * <p>Three ways to read a string, for three kinds of caller: {@link #text()} leniently (trimmed,
 * blank is absent, numbers as their text), {@link #string()} as Go's decoder does (only a JSON
 * string, as written), {@link #rawText()} exactly as written but never absent (for selectors, where
 * {@code ""} must match {@code ""}).
 */
public record Unstructured(Object value) {

    public static final Unstructured ABSENT = new Unstructured(null);

    public static Unstructured of(Object value) {
        return value == null ? ABSENT : new Unstructured(value);
    }

    public Unstructured path(String... keys) {
        Object current = value;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return ABSENT;
            }
            current = map.get(key);
        }
        return of(current);
    }

    public boolean present() {
        return value != null;
    }

    /** A non-blank string (numbers and booleans are read as their text), else empty. */
    public Optional<String> text() {
        if (value instanceof String s) {
            return s.isBlank() ? Optional.empty() : Optional.of(s.trim());
        }
        if (value instanceof Number || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        return Optional.empty();
    }

    /** A JSON string as written (blank too); a number, boolean, map or list is none, as Go decodes a string field. */
    public Optional<String> string() {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * The string exactly as written: an empty string stays "" (a {@code node-role.kubernetes.io/worker: ""}
     * selector must match), nothing is trimmed. A missing or mistyped value reads as "" (numbers and
     * booleans as their text), as Go decodes an absent string field.
     */
    public String rawText() {
        if (value instanceof String s) {
            return s;
        }
        return value instanceof Number || value instanceof Boolean ? value.toString() : "";
    }

    /** A boolean, also accepted as the strings "true" / "false"; anything else is empty. */
    public Optional<Boolean> bool() {
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(s));
        }
        return Optional.empty();
    }

    /** Exactly the JSON boolean true, as Go's decoder reads a bool field. */
    public boolean isTrue() {
        return Boolean.TRUE.equals(value);
    }

    /** The elements of a list; a missing or non-list field has none. */
    public List<Unstructured> items() {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        List<Unstructured> items = new ArrayList<>(list.size());
        for (Object item : list) {
            items.add(of(item));
        }
        return items;
    }

    /** The elements of a list, each {@link #rawText()}; a missing or non-list field has none. */
    public List<String> rawTexts() {
        return items().stream().map(Unstructured::rawText).toList();
    }

    /** A list of strings, or empty when the value is not one (every element must be a string). */
    public Optional<List<String>> stringList() {
        if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            return Optional.empty();
        }
        return Optional.of(list.stream().map(String.class::cast).toList());
    }

    /** A map of strings in the object's order, or empty when the value is not one (keys and values must all be strings). */
    public Optional<Map<String, String>> stringMap() {
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

    /**
     * A map's values, each {@link #rawText()}, sorted by key (so "the first entry" is the same every time);
     * non-string keys are dropped, a missing or non-map field is empty.
     */
    public Map<String, String> rawTextMap() {
        Map<String, String> map = new TreeMap<>();
        if (value instanceof Map<?, ?> raw) {
            for (Map.Entry<?, ?> entry : raw.entrySet()) {
                if (entry.getKey() instanceof String key) {
                    map.put(key, of(entry.getValue()).rawText());
                }
            }
        }
        return map;
    }
}
