package io.hcoguard.openshift;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One condition as hco-guard writes it: a ClusterOperator status condition (openshift/api config/v1
 * ClusterOperatorStatusCondition) or an OperatorCondition override (a metav1.Condition). Both have
 * these five fields under these names.
 *
 * @param lastTransitionTime RFC 3339, seconds; null until the condition is placed in time
 */
record Condition(String type, String status, String reason, String message, String lastTransitionTime) {

    static final String TRUE = "True";
    static final String FALSE = "False";
    static final String UNKNOWN = "Unknown";

    Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
    }

    static Condition of(String type, String status, String reason, String message) {
        return new Condition(type, status, reason, message, null);
    }

    /** A condition as the API server returns it; absent fields are empty. */
    static Condition read(JsonNode node) {
        return new Condition(text(node, "type"), text(node, "status"), text(node, "reason"), text(node, "message"),
                node.path("lastTransitionTime").isTextual() ? node.path("lastTransitionTime").asText() : null);
    }

    Condition since(String time) {
        return new Condition(type, status, reason, message, time);
    }

    /** Says the same, whenever it was placed. */
    boolean sameAs(Condition other) {
        return type.equals(other.type) && status.equals(other.status) && reason.equals(other.reason)
                && message.equals(other.message);
    }

    /** The JSON object the API takes, fields in the order the API server keeps them. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        map.put("status", status);
        if (lastTransitionTime != null) {
            map.put("lastTransitionTime", lastTransitionTime);
        }
        if (!reason.isEmpty()) {
            map.put("reason", reason);
        }
        if (!message.isEmpty()) {
            map.put("message", message);
        }
        return map;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : "";
    }
}
