package io.hcoguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule decided about one admission request. Rules return it; {@link AdmissionReviewCodec#response}
 * turns it into an AdmissionReview. It knows nothing of HTTP.
 *
 * @param allowed whether the request may proceed
 * @param message why it was denied (shown to the user by kubectl/oc), or null when allowed
 * @param warnings admission warnings, shown by kubectl/oc even when the request is allowed
 * @param patch an RFC 6902 JSON Patch (a JSON array) to apply, or null for none
 * @param auditAnnotations recorded in the API server's audit log (keys are prefixed by the API server)
 */
public record Decision(
        boolean allowed,
        String message,
        List<String> warnings,
        JsonNode patch,
        Map<String, String> auditAnnotations) {

    public Decision {
        warnings = List.copyOf(warnings);
        auditAnnotations = Map.copyOf(auditAnnotations);
        if (patch != null && !patch.isArray()) {
            throw new IllegalArgumentException("a JSON Patch is an array of operations");
        }
        if (!allowed && patch != null) {
            throw new IllegalArgumentException("a denied request carries no patch");
        }
    }

    public static Decision allow() {
        return new Decision(true, null, List.of(), null, Map.of());
    }

    public static Decision deny(String message) {
        return new Decision(false, Objects.requireNonNull(message, "message"), List.of(), null, Map.of());
    }

    /** Allowed, with the given JSON Patch applied; an empty patch is no patch. */
    public static Decision patch(JsonNode patch) {
        return new Decision(true, null, List.of(), patch == null || patch.isEmpty() ? null : patch, Map.of());
    }

    public Decision withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(warnings);
        all.addAll(more);
        return new Decision(allowed, message, all, patch, auditAnnotations);
    }

    public Decision withWarning(String warning) {
        return withWarnings(List.of(warning));
    }

    public Decision withAuditAnnotation(String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(auditAnnotations);
        all.put(key, value);
        return new Decision(allowed, message, warnings, patch, all);
    }

    public boolean hasPatch() {
        return patch != null;
    }
}
