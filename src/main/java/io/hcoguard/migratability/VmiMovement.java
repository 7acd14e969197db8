package io.hcoguard.migratability;

import io.hcoguard.unstructured.Unstructured;
import java.util.Map;

/**
 * Where KubeVirt is moving a running VMI, from its status: the node a drain evacuates it from, and
 * a live migration in flight.
 *
 * @param evacuationNode {@code status.evacuationNodeName}, "" when not marked: KubeVirt's eviction
 *     admitter sets it when it turns the eviction of the VMI's launcher pod into a migration
 *     (pkg/virt-api/webhooks/validating-webhook/admitters/pod-eviction-admitter.go, {@code markVMI}),
 *     and virt-handler clears it once the VMI has migrated
 * @param migrating {@code status.migrationState} reports a migration neither completed nor failed
 * @param migrationTarget {@code status.migrationState.targetNode}, "" before the target is scheduled
 */
public record VmiMovement(String evacuationNode, boolean migrating, String migrationTarget) {

    public static final VmiMovement NONE = new VmiMovement("", false, "");

    public VmiMovement {
        evacuationNode = evacuationNode == null ? "" : evacuationNode;
        migrationTarget = migrationTarget == null ? "" : migrationTarget;
    }

    /** Reads a VMI's {@code status}; total: a missing or odd field reads as no movement. */
    public static VmiMovement from(Unstructured status) {
        Unstructured migration = status.path("migrationState");
        boolean ended = migration.path("completed").bool().orElse(false) || migration.path("failed").bool().orElse(false);
        boolean migrating = migration.value() instanceof Map<?, ?> && !ended;
        VmiMovement movement = new VmiMovement(
                status.path("evacuationNodeName").text().orElse(""),
                migrating,
                migrating ? migration.path("targetNode").text().orElse("") : "");
        return NONE.equals(movement) ? NONE : movement;
    }

    /** Marked for evacuation from this node. */
    public boolean evacuatedFrom(String node) {
        return !evacuationNode.isEmpty() && evacuationNode.equals(node);
    }
}
