package io.hcoguard.migratability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of a schemaless Kubernetes object (the maps and lists fabric8 keeps in
 * {@code GenericKubernetesResource}). Every lookup is total: a missing or mistyped field reads as
 * absent, so parsers never throw on an odd object.
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
}
