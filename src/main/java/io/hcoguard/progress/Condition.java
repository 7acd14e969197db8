package io.hcoguard.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One entry of an object's {@code status.conditions}; "" for a missing field. */
public record Condition(String type, String status, String reason, String message) {

    /** The conditions of a status, in their order; entries without a type are skipped. */
    static List<Condition> of(JsonNode conditions) {
        List<Condition> found = new ArrayList<>();
        for (JsonNode condition : conditions) {
            String type = Texts.text(condition, "type");
            if (!type.isEmpty()) {
                found.add(new Condition(type, Texts.text(condition, "status"), Texts.text(condition, "reason"),
                        Texts.firstLine(Texts.text(condition, "message"))));
            }
        }
        return found;
    }

    static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    public boolean isTrue() {
        return "True".equals(status);
    }

    /** "Progressing True (HCOUpgrading: HCO is now upgrading to version 1.14.1)". */
    public String describe() {
        return type + " " + (status.isEmpty() ? "(no status)" : status) + detail();
    }

    /** " (Reason: message)", or "" when the condition has neither. */
    String detail() {
        String why = why();
        return why.isEmpty() ? "" : " (" + why + ")";
    }

    /** "Reason: message", the reason or the message alone, or "". */
    String why() {
        return reason.isEmpty() ? message : message.isEmpty() ? reason : reason + ": " + message;
    }
}
