package io.hcoguard.drain;

import io.hcoguard.unstructured.Unstructured;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector ({@code matchLabels} and {@code matchExpressions}) with the semantics of
 * apimachinery's {@code metav1.LabelSelectorAsSelector} (pkg/apis/meta/v1/helpers.go): a nil selector
 * selects nothing, an empty one everything, and a selector that {@code labels.NewRequirement} refuses
 * is an error, kept here as {@link Invalid}.
 */
public sealed interface LabelSelector {

    /** Go's nil selector ({@code labels.Nothing()}): the field is absent or null. */
    record Nothing() implements LabelSelector {
    }

    /** All requirements must hold (ANDed); none at all selects everything ({@code labels.Everything()}). */
    record Requirements(List<Requirement> requirements) implements LabelSelector {
        public Requirements {
            requirements = requirements == null ? List.of() : List.copyOf(requirements);
        }
    }

    /** A selector apimachinery refuses to convert; the machine-config operator stops on it. */
    record Invalid(String problem) implements LabelSelector {
    }

    /** One requirement; {@code matchLabels} entries become {@code In} with their single value, as the CRD documents. */
    record Requirement(String key, Operator operator, List<String> values) {
        public Requirement {
            values = values == null ? List.of() : List.copyOf(values);
        }

        /** {@code labels.Requirement.Matches}: NotIn and DoesNotExist hold for a missing label. */
        boolean matches(Map<String, String> labels) {
            return switch (operator) {
                case IN -> labels.containsKey(key) && values.contains(labels.get(key));
                case NOT_IN -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case EXISTS -> labels.containsKey(key);
                case DOES_NOT_EXIST -> !labels.containsKey(key);
            };
        }

        String describe() {
            return switch (operator) {
                case IN -> values.size() == 1 ? key + "=" + values.get(0) : key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }
    }

    enum Operator {
        IN, NOT_IN, EXISTS, DOES_NOT_EXIST;

        public String spelling() {
            return Spelling.of(this);
        }

        static Optional<Operator> parse(String text) {
            return Spelling.parse(Operator.class, text);
        }
    }

    LabelSelector NOTHING = new Nothing();
    LabelSelector EVERYTHING = new Requirements(List.of());

    /** Whether the labels satisfy the selector, as {@code labels.Selector.Matches}; an invalid selector matches nothing. */
    default boolean matches(Map<String, String> labels) {
        Map<String, String> present = labels == null ? Map.of() : labels;
        return this instanceof Requirements r && r.requirements().stream().allMatch(req -> req.matches(present));
    }

    /**
     * How the machine-config operator matches with a pool's selectors ({@code helpers.ListPools},
     * {@code render.getPoolsForMachineConfig}, {@code getPoolsForKubeletConfig}): "If a pool with a nil
     * or empty selector creeps in, it should match nothing, not everything."
     */
    default boolean matchesUnlessEmpty(Map<String, String> labels) {
        return this instanceof Requirements r && !r.requirements().isEmpty() && matches(labels);
    }

    /** The selector in kubectl's words ({@code a=b,c in (d,e),!f}); "<none>" for nil, "<everything>" for empty. */
    default String describe() {
        if (this instanceof Invalid invalid) {
            return "<invalid: " + invalid.problem() + ">";
        }
        if (!(this instanceof Requirements r)) {
            return "<none>";
        }
        return r.requirements().isEmpty() ? "<everything>"
                : String.join(",", r.requirements().stream().map(Requirement::describe).toList());
    }

    /** Builds a valid selector, or {@link Invalid} with apimachinery's reason, from typed parts. */
    static LabelSelector of(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
        List<Requirement> requirements = new ArrayList<>();
        // Go ranges over a map in random order; sorting keeps descriptions stable.
        new TreeMap<>(matchLabels == null ? Map.<String, String>of() : matchLabels)
                .forEach((key, value) -> requirements.add(new Requirement(key, Operator.IN, List.of(value))));
        if (matchExpressions != null) {
            requirements.addAll(matchExpressions);
        }
        for (Requirement requirement : requirements) {
            Optional<String> problem = LabelSyntax.problem(requirement);
            if (problem.isPresent()) {
                return new Invalid(problem.get());
            }
        }
        return new Requirements(requirements);
    }

    /** Reads a selector from a schemaless field; total: a mistyped shape is {@link Invalid}, never an exception. */
    static LabelSelector from(Unstructured field) {
        if (!field.present()) {
            return NOTHING;
        }
        if (!(field.value() instanceof Map<?, ?>)) {
            return new Invalid("not a label selector object");
        }
        Unstructured matchLabelsField = field.path("matchLabels");
        Optional<Map<String, String>> matchLabels = matchLabelsField.present() ? matchLabelsField.stringMap() : Optional.of(Map.of());
        if (matchLabels.isEmpty()) {
            return new Invalid("matchLabels is not a map of strings");
        }
        Unstructured expressions = field.path("matchExpressions");
        if (expressions.present() && !(expressions.value() instanceof List<?>)) {
            return new Invalid("matchExpressions is not a list");
        }
        List<Requirement> requirements = new ArrayList<>();
        for (Unstructured expression : expressions.items()) {
            String operatorText = expression.path("operator").string().orElse("");
            Optional<Operator> operator = Operator.parse(operatorText);
            if (operator.isEmpty()) {
                // The words of metav1.LabelSelectorAsSelector.
                return new Invalid("\"" + operatorText + "\" is not a valid label selector operator");
            }
            Unstructured valuesField = expression.path("values");
            Optional<List<String>> values = valuesField.present() ? valuesField.stringList() : Optional.of(List.of());
            if (values.isEmpty()) {
                return new Invalid("values of a matchExpressions entry are not a list of strings");
            }
            requirements.add(new Requirement(expression.path("key").string().orElse(""), operator.get(), values.get()));
        }
        return of(matchLabels.get(), requirements);
    }

    /** An immutable copy of an object's labels for record components; a null map is empty, a null value reads as "" as in Go. */
    static Map<String, String> copyOfLabels(Map<String, String> labels) {
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

/** apimachinery's checks in {@code labels.NewRequirement}: a qualified-name key, the value count per operator, valid values. */
final class LabelSyntax {

    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private LabelSyntax() {
    }

    static Optional<String> problem(LabelSelector.Requirement requirement) {
        String key = requirement.key();
        if (!isLabelKey(key)) {
            return Optional.of("\"" + key + "\" is not a valid label key");
        }
        int count = requirement.values().size();
        switch (requirement.operator()) {
            case IN, NOT_IN -> {
                if (count == 0) {
                    return Optional.of("values of " + key + " can't be empty for operator " + requirement.operator().spelling());
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (count != 0) {
                    return Optional.of("values of " + key + " must be empty for operator " + requirement.operator().spelling());
                }
            }
        }
        for (String value : requirement.values()) {
            if (!isLabelValue(value)) {
                return Optional.of("\"" + value + "\" is not a valid label value for " + key);
            }
        }
        return Optional.empty();
    }

    /** {@code validation.IsQualifiedName}: [prefix/]name, prefix a DNS-1123 subdomain. */
    static boolean isLabelKey(String key) {
        String[] parts = key.split("/", -1);
        return switch (parts.length) {
            case 1 -> isName(parts[0]);
            case 2 -> !parts[0].isEmpty() && parts[0].length() <= 253 && DNS1123_SUBDOMAIN.matcher(parts[0]).matches() && isName(parts[1]);
            default -> false;
        };
    }

    /** {@code validation.IsValidLabelValue}: empty, or a name of at most 63 characters. */
    static boolean isLabelValue(String value) {
        return value.isEmpty() || isName(value);
    }

    private static boolean isName(String name) {
        return !name.isEmpty() && name.length() <= 63 && NAME.matcher(name).matches();
    }
}
