package io.hcoguard.drain;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.unstructured.Unstructured;

/** What the guard keeps of a NodeMaintenance ({@code nodemaintenance.medik8s.io/v1beta1}): the node it drains and how far it got. */
public record NodeMaintenanceSnapshot(String name, String nodeName, String reason, Phase phase) {

    /** node-maintenance-operator api/v1beta1 {@code MaintenancePhase}. */
    public enum Phase {
        RUNNING,
        SUCCEEDED,
        FAILED,
        /** No {@code status.phase} yet: the operator has not reconciled it. */
        NOT_REPORTED,
        /** A spelling the operator does not define. */
        UNKNOWN;

        public static Phase parse(String text) {
            if (text == null || text.isBlank()) {
                return NOT_REPORTED;
            }
            return Spelling.parse(Phase.class, text.trim()).filter(phase -> phase != NOT_REPORTED).orElse(UNKNOWN);
        }
    }

    public NodeMaintenanceSnapshot {
        name = name == null ? "" : name;
        nodeName = nodeName == null ? "" : nodeName;
        reason = reason == null ? "" : reason;
        phase = phase == null ? Phase.NOT_REPORTED : phase;
    }

    /** Reads a NodeMaintenance; total: odd or missing fields read as empty, never an exception. */
    public static NodeMaintenanceSnapshot from(GenericKubernetesResource maintenance) {
        if (maintenance == null) {
            return new NodeMaintenanceSnapshot("", "", "", Phase.NOT_REPORTED);
        }
        Unstructured body = Unstructured.of(maintenance.getAdditionalProperties());
        Unstructured status = body.path("status", "phase");
        return new NodeMaintenanceSnapshot(
                maintenance.getMetadata() == null ? "" : maintenance.getMetadata().getName(),
                body.path("spec", "nodeName").string().map(String::trim).orElse(""),
                body.path("spec", "reason").string().map(String::trim).orElse(""),
                !status.present() || status.string().isPresent() ? Phase.parse(status.string().orElse(null)) : Phase.UNKNOWN);
    }
}
