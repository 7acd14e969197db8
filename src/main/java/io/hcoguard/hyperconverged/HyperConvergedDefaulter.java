package io.hcoguard.hyperconverged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import io.hcoguard.admission.Decision;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Brings the workload update strategy of a HyperConverged into the form KubeVirt writes back,
 * so that what the admin reads is what KubeVirt does. Touches nothing else; a second pass
 * changes nothing.
 */
public final class HyperConvergedDefaulter {

    static final int DEFAULT_BATCH_EVICTION_SIZE = 10;
    static final String DEFAULT_BATCH_EVICTION_INTERVAL = "1m0s";

    /** Plain add/remove/replace operations: easy to read in an audit log, no move/copy surprises. */
    private static final EnumSet<DiffFlags> PLAIN_OPERATIONS = EnumSet.of(
            DiffFlags.OMIT_VALUE_ON_REMOVE, DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

    public Decision mutate(HyperConvergedEdit edit) {
        Optional<HyperConvergedLayout> layout = HyperConvergedLayout.of(edit.apiVersion());
        if (layout.isEmpty() || edit.object() == null || !edit.object().isObject()) {
            return Decision.allow();
        }
        Optional<Violation> unparsable = new HyperConverged(layout.get(), edit.object())
                .get(layout.get().batchEvictionInterval())
                .flatMap(interval -> HyperConvergedValidator.unparsableInterval(layout.get(), interval));
        if (unparsable.isPresent()) {
            // HCO's own mutating webhook would refuse it tersely ("failed to parse the HyperConverged").
            return Decision.deny(unparsable.get().message());
        }
        return Decision.patch(JsonDiff.asJson(edit.object(), defaulted(layout.get(), edit.object()), PLAIN_OPERATIONS));
    }

    /** A copy of the object as the mutating webhook leaves it. */
    static JsonNode defaulted(HyperConvergedLayout layout, JsonNode object) {
        JsonNode mutated = object.deepCopy();
        HyperConverged hco = new HyperConverged(layout, mutated);
        boolean evictListed = hco.methods().contains(WorkloadUpdateMethod.EVICT);
        hco.get(layout.workloadUpdateStrategy())
                .filter(JsonNode::isObject)
                .ifPresent(strategy -> tidy((ObjectNode) strategy, evictListed));
        return mutated;
    }

    private static void tidy(ObjectNode strategy, boolean evictListed) {
        JsonNode methods = strategy.get("workloadUpdateMethods");
        if (methods instanceof ArrayNode list) {
            dropRepeats(list);
        }
        JsonNode interval = strategy.get("batchEvictionInterval");
        if (interval != null && interval.isTextual()) {
            canonical(interval.textValue()).ifPresent(text -> strategy.put("batchEvictionInterval", text));
        }
        if (evictListed) {
            // KubeVirt's own defaults, written out so the admin sees the pace "Evict" will go at.
            fillIfUnset(strategy, "batchEvictionSize", IntNode.valueOf(DEFAULT_BATCH_EVICTION_SIZE));
            fillIfUnset(strategy, "batchEvictionInterval", TextNode.valueOf(DEFAULT_BATCH_EVICTION_INTERVAL));
        }
    }

    /** Exact repeats only; a near miss is the validator's to name. */
    private static void dropRepeats(ArrayNode methods) {
        Set<JsonNode> firstSeen = new LinkedHashSet<>();
        methods.forEach(firstSeen::add);
        if (firstSeen.size() < methods.size()) {
            methods.removeAll();
            firstSeen.forEach(methods::add);
        }
    }

    /** Go's own spelling of a valid duration not below 0s; negative ones are left for the validator to deny. */
    private static Optional<String> canonical(String interval) {
        try {
            GoDuration duration = GoDuration.parse(interval);
            return duration.isNegative() ? Optional.empty() : Optional.of(duration.toString());
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    private static void fillIfUnset(ObjectNode strategy, String field, JsonNode value) {
        JsonNode current = strategy.get(field);
        if (current == null || current.isNull()) {
            strategy.set(field, value);
        }
    }
}
