package io.hcoguard.placement;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code matchExpressions} or {@code matchFields} entry of a node selector term, judged as the
 * scheduler judges it (kubernetes {@code component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go},
 * {@code apimachinery/pkg/labels/selector.go} {@code NewRequirement} and {@code Requirement.Matches}).
 * Whether it is valid is decided once here, so matching a node stays a few map look-ups: an invalid
 * requirement makes its whole term match nothing, as a parse error does in {@code nodeSelectorTerm.match}.
 *
 * <p>A class rather than a record only to keep those precomputed facts beside the three fields that
 * define it; equality is by key, operator and values.
 */
public final class NodeSelectorRequirement {

    public static final String IN = "In";
    public static final String NOT_IN = "NotIn";
    public static final String EXISTS = "Exists";
    public static final String DOES_NOT_EXIST = "DoesNotExist";
    public static final String GT = "Gt";
    public static final String LT = "Lt";
    /** The only field a node has for {@code matchFields} ({@code extractNodeFields}). */
    public static final String NODE_NAME_FIELD = "metadata.name";

    // apimachinery/pkg/util/validation: qualified name parts, DNS-1123 subdomain, label value.
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DECIMAL_INT64 = Pattern.compile("[+-]?[0-9]+");

    private final String key;
    private final String operator;
    private final List<String> values;
    private final boolean validOnLabels;
    private final boolean validOnFields;
    private final long bound;

    public NodeSelectorRequirement(String key, String operator, List<String> values) {
        this.key = key == null ? "" : key;
        this.operator = operator == null ? "" : operator;
        this.values = values == null ? List.of() : values.stream().map(v -> v == null ? "" : v).toList();
        this.validOnLabels = validOnLabels(this.key, this.operator, this.values);
        this.validOnFields = (IN.equals(this.operator) || NOT_IN.equals(this.operator)) && this.values.size() == 1;
        Long parsed = this.values.size() == 1 ? parseInt64(this.values.get(0)) : null;
        this.bound = parsed == null ? 0 : parsed;
    }

    public static NodeSelectorRequirement of(String key, String operator, String... values) {
        return new NodeSelectorRequirement(key, operator, List.of(values));
    }

    public String key() {
        return key;
    }

    public String operator() {
        return operator;
    }

    public List<String> values() {
        return values;
    }

    /** Valid as a {@code matchExpressions} entry ({@code NewRequirement}). */
    public boolean validOnLabels() {
        return validOnLabels;
    }

    /** Valid as a {@code matchFields} entry: In or NotIn with exactly one value. */
    public boolean validOnFields() {
        return validOnFields;
    }

    /** {@code Requirement.Matches}; false for an invalid requirement. */
    public boolean matchesLabels(Map<String, String> labels) {
        if (!validOnLabels) {
            return false;
        }
        String label = labels.get(key);
        switch (operator) {
            case IN:
                return label != null && values.contains(label);
            case NOT_IN:
                return label == null || !values.contains(label);
            case EXISTS:
                return label != null;
            case DOES_NOT_EXIST:
                return label == null;
            case GT:
            case LT:
                Long number = label == null ? null : parseInt64(label);
                return number != null && (GT.equals(operator) ? number > bound : number < bound);
            default:
                return false;
        }
    }

    /**
     * The fields selector of {@code nodeSelectorRequirementsAsFieldSelector}: a missing field reads as "",
     * so only {@code metadata.name} can match a real node name.
     */
    public boolean matchesField(String nodeName) {
        if (!validOnFields) {
            return false;
        }
        String field = NODE_NAME_FIELD.equals(key) ? nodeName : "";
        return IN.equals(operator) == field.equals(values.get(0));
    }

    /** e.g. {@code kubernetes.io/hostname In [worker-1]}, {@code gpu Exists}, {@code cores Gt 8}. */
    public String describe() {
        boolean unary = (EXISTS.equals(operator) || DOES_NOT_EXIST.equals(operator)) && values.isEmpty();
        if (unary) {
            return key + " " + operator;
        }
        boolean numeric = (GT.equals(operator) || LT.equals(operator)) && values.size() == 1;
        return key + " " + operator + " " + (numeric ? values.get(0) : "[" + String.join(", ", values) + "]");
    }

    /** Go's {@code strconv.ParseInt(s, 10, 64)}: an optional sign and ASCII digits within int64, else null. */
    static Long parseInt64(String text) {
        if (text == null || !DECIMAL_INT64.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException outOfRange) {
            return null;
        }
    }

    private static boolean validOnLabels(String key, String operator, List<String> values) {
        if (!validLabelKey(key)) {
            return false;
        }
        boolean valuesFit = switch (operator) {
            case IN, NOT_IN -> !values.isEmpty();
            case EXISTS, DOES_NOT_EXIST -> values.isEmpty();
            case GT, LT -> values.size() == 1 && parseInt64(values.get(0)) != null;
            default -> false;
        };
        if (!valuesFit) {
            return false;
        }
        for (String value : values) {
            if (!validLabelValue(value)) {
                return false;
            }
        }
        return true;
    }

    /** {@code IsQualifiedName}: an optional DNS subdomain prefix and "/", then a name of at most 63 characters. */
    private static boolean validLabelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return !name.isEmpty() && name.length() <= 63 && QUALIFIED_NAME.matcher(name).matches();
    }

    /** {@code IsValidLabelValue}: empty, or a qualified name part of at most 63 characters. */
    private static boolean validLabelValue(String value) {
        return value.isEmpty() || (value.length() <= 63 && QUALIFIED_NAME.matcher(value).matches());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeSelectorRequirement that
                && key.equals(that.key) && operator.equals(that.operator) && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator, values);
    }

    @Override
    public String toString() {
        return describe();
    }
}
