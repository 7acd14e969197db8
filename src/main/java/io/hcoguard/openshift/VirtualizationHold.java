package io.hcoguard.openshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Optional;

/**
 * hco-guard's hold on OKD Virtualization updates: an override {type: Upgradeable, status: "False"}
 * on the OperatorCondition of HCO's installed CSV. Before a new CSV leaves Pending, OLM reads the
 * OperatorCondition of the CSV it replaces, spec.overrides[type=Upgradeable] first, and waits while
 * it is False, whatever the Subscription's approval mode (operator-lifecycle-manager
 * pkg/controller/operators/olm/operatorconditions.go, isOperatorUpgradeable, called for the
 * replaced CSV in operator.go's CSVPhasePending).
 *
 * <p>hco-guard marks its override with a reason of its own ({@link #REASON}). It never writes
 * True, never touches an override it did not write, and removes only its own. OLM reads the first
 * override of type Upgradeable (meta.FindStatusCondition): while someone else's is there, hco-guard
 * adds none and removes its own, and that one decides.
 */
final class VirtualizationHold {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TYPE = "Upgradeable";
    /** The marker: an override with this reason is hco-guard's. */
    static final String REASON = "HcoGuardHold";

    /** What the overrides say about OKD Virtualization updates. */
    enum State {
        /** hco-guard's override holds them. */
        HELD,
        /** No Upgradeable override: OLM goes by the operator's own condition. */
        NOT_HELD,
        /** Someone else's Upgradeable override decides; hco-guard leaves it alone. */
        FOREIGN_OVERRIDE
    }

    /** What the view asks of the hold. */
    sealed interface Wanted {
        /** The workload update would shut a running VMI down for good. */
        record Hold(String text) implements Wanted {
        }

        /** Nothing blocks: hco-guard's override goes. */
        record Release() implements Wanted {
        }

        /** The view is not synced: the overrides stay as they are. */
        record CannotTell() implements Wanted {
        }

        /** The message to hold with; empty to release. */
        default Optional<String> message() {
            return this instanceof Hold hold ? Optional.of(hold.text()) : Optional.empty();
        }
    }

    /** What a write changes, for the Event. */
    enum Change { NONE, ADDED, MESSAGE, REMOVED }

    /**
     * @param overrides the overrides to write; empty: leave them as they are
     * @param state what they say once written (or as they are)
     */
    record Plan(Optional<ArrayNode> overrides, State state, Change change) {
    }

    private VirtualizationHold() {
    }

    /**
     * @param overrides the OperatorCondition's spec.overrides (missing: none)
     * @param hold the message of the hold to keep; empty: nothing blocks, release it
     * @param now RFC 3339 seconds, for a new override's lastTransitionTime
     */
    static Plan plan(JsonNode overrides, Optional<String> hold, String now) {
        int own = -1;
        boolean foreign = false;
        for (int i = 0; i < overrides.size(); i++) {
            JsonNode override = overrides.get(i);
            if (TYPE.equals(override.path("type").asText())) {
                if (REASON.equals(override.path("reason").asText())) {
                    own = own < 0 ? i : own;
                } else {
                    foreign = true;
                }
            }
        }
        if (hold.isEmpty() || foreign) {
            State state = foreign ? State.FOREIGN_OVERRIDE : State.NOT_HELD;
            return own < 0 ? new Plan(Optional.empty(), state, Change.NONE)
                    : new Plan(Optional.of(without(overrides)), state, Change.REMOVED);
        }
        Condition wanted = Condition.of(TYPE, Condition.FALSE, REASON, hold.get());
        if (own < 0) {
            ArrayNode added = copy(overrides);
            added.add(node(wanted.since(now)));
            return new Plan(Optional.of(added), State.HELD, Change.ADDED);
        }
        Condition current = Condition.read(overrides.get(own));
        if (current.sameAs(wanted)) {
            return new Plan(Optional.empty(), State.HELD, Change.NONE);
        }
        // A status someone turned back to False keeps no old time; a new message is no transition.
        String since = current.status().equals(Condition.FALSE) && current.lastTransitionTime() != null
                ? current.lastTransitionTime() : now;
        ArrayNode updated = copy(overrides);
        updated.set(own, node(wanted.since(since)));
        return new Plan(Optional.of(updated), State.HELD, Change.MESSAGE);
    }

    /** What the overrides say, as read: HELD when hco-guard's own is the one OLM reads. */
    static State state(JsonNode overrides) {
        for (JsonNode override : overrides) {
            if (TYPE.equals(override.path("type").asText())) {
                return REASON.equals(override.path("reason").asText()) ? State.HELD : State.FOREIGN_OVERRIDE;
            }
        }
        return State.NOT_HELD;
    }

    /** The message of hco-guard's override, "" when it has none. */
    static String message(JsonNode overrides) {
        for (JsonNode override : overrides) {
            if (TYPE.equals(override.path("type").asText()) && REASON.equals(override.path("reason").asText())) {
                return override.path("message").asText();
            }
        }
        return "";
    }

    private static ArrayNode without(JsonNode overrides) {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (JsonNode override : overrides) {
            boolean own = TYPE.equals(override.path("type").asText()) && REASON.equals(override.path("reason").asText());
            if (!own) {
                kept.add(override.deepCopy());
            }
        }
        return kept;
    }

    private static ArrayNode copy(JsonNode overrides) {
        ArrayNode copy = JsonNodeFactory.instance.arrayNode();
        overrides.forEach(override -> copy.add(override.deepCopy()));
        return copy;
    }

    private static JsonNode node(Condition condition) {
        return JSON.valueToTree(condition.toMap());
    }
}
