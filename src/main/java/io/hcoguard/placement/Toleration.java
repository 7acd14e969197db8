package io.hcoguard.placement;

import io.hcoguard.unstructured.Unstructured;
import java.util.List;

/**
 * A pod's toleration ({@code spec.tolerations[]}); {@code tolerationSeconds} is left out, since it only
 * delays an eviction from a node the pod already runs on.
 *
 * @param operator "" means Equal
 * @param effect "" matches every effect
 */
public record Toleration(String key, String operator, String value, String effect) {

    public static final String EQUAL = "Equal";
    public static final String EXISTS = "Exists";
    public static final String LT = "Lt";
    public static final String GT = "Gt";

    public Toleration {
        key = key == null ? "" : key;
        operator = operator == null ? "" : operator;
        value = value == null ? "" : value;
        effect = effect == null ? "" : effect;
    }

    /**
     * Kubernetes' {@code Toleration.ToleratesTaint} (k8s.io/api core/v1 toleration.go): an empty effect
     * or key matches any, Exists any value, Equal (the default) the same value, Lt and Gt compare the
     * taint's value as an integer; any other operator tolerates nothing.
     */
    public boolean tolerates(Taint taint) {
        if (!effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        switch (operator) {
            case "":
            case EQUAL:
                return value.equals(taint.value());
            case EXISTS:
                return true;
            case LT:
            case GT:
                Long bound = NodeSelectorRequirement.parseInt64(value);
                Long actual = NodeSelectorRequirement.parseInt64(taint.value());
                return bound != null && actual != null && (LT.equals(operator) ? actual < bound : actual > bound);
            default:
                return false;
        }
    }

    /** {@code TolerationsTolerateTaint}: whether any of them tolerates the taint. */
    public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
        for (int i = 0; i < tolerations.size(); i++) {
            if (tolerations.get(i).tolerates(taint)) {
                return true;
            }
        }
        return false;
    }

    static Toleration parse(Unstructured toleration) {
        return new Toleration(toleration.path("key").rawText(), toleration.path("operator").rawText(),
                toleration.path("value").rawText(), toleration.path("effect").rawText());
    }
}
