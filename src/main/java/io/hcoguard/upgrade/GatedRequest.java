package io.hcoguard.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Objects;

/**
 * One admission request sent to the upgrade webhook, decoded by the HTTP adapter.
 *
 * @param kindName the kind as sent, e.g. "apps/Deployment", to name it in a warning
 * @param object the new object; missing for DELETE
 * @param oldObject the object before an UPDATE; missing otherwise
 * @param dryRun carried for the adapter (no Event for a dry run); the gate judges dry runs the same
 */
public record GatedRequest(
        GatedKind kind,
        String kindName,
        Operation operation,
        JsonNode object,
        JsonNode oldObject,
        RequestUser user,
        boolean dryRun) {

    public GatedRequest {
        Objects.requireNonNull(kind, "kind");
        kindName = kindName == null ? "" : kindName;
        Objects.requireNonNull(operation, "operation");
        object = object == null || object.isNull() ? MissingNode.getInstance() : object;
        oldObject = oldObject == null || oldObject.isNull() ? MissingNode.getInstance() : oldObject;
        user = user == null ? new RequestUser("", null) : user;
    }

    /** From the AdmissionReview's {@code request.kind.group}, {@code .kind} and {@code request.operation}. */
    public static GatedRequest of(
            String group,
            String kind,
            String operation,
            JsonNode object,
            JsonNode oldObject,
            RequestUser user,
            boolean dryRun) {
        String g = group == null ? "" : group;
        String k = kind == null ? "" : kind;
        String kindName = g.isEmpty() ? k : g + "/" + k;
        return new GatedRequest(
                GatedKind.of(g, k), kindName, Operation.parse(operation), object, oldObject, user, dryRun);
    }
}
