package io.hcoguard.drain;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.unstructured.Unstructured;

/** What the guard keeps of the {@code config.openshift.io/v1} Infrastructure {@code cluster}: its topologies. */
public record InfrastructureSnapshot(Topology controlPlaneTopology, Topology infrastructureTopology) {

    /** openshift/api config/v1 {@code TopologyMode}. */
    public enum Topology {
        HIGHLY_AVAILABLE,
        HIGHLY_AVAILABLE_ARBITER,
        SINGLE_REPLICA,
        DUAL_REPLICA,
        EXTERNAL,
        /** Absent or a spelling openshift/api does not define. */
        UNKNOWN;

        public String spelling() {
            return Spelling.of(this);
        }

        public static Topology parse(String text) {
            return Spelling.parse(Topology.class, text).orElse(UNKNOWN);
        }
    }

    public InfrastructureSnapshot {
        controlPlaneTopology = controlPlaneTopology == null ? Topology.UNKNOWN : controlPlaneTopology;
        infrastructureTopology = infrastructureTopology == null ? Topology.UNKNOWN : infrastructureTopology;
    }

    /**
     * Single-node OpenShift: the machine-config daemon reboots without draining
     * (pkg/daemon/drain.go {@code drainRequired}: {@code return !isSingleNodeTopology(dn.getControlPlaneTopology())}).
     * Only the control-plane topology counts; the daemon reads any other value as HighlyAvailable.
     */
    public boolean singleReplica() {
        return controlPlaneTopology == Topology.SINGLE_REPLICA;
    }

    /** Reads the Infrastructure; total: odd or missing fields are {@link Topology#UNKNOWN}. */
    public static InfrastructureSnapshot from(GenericKubernetesResource infrastructure) {
        Unstructured status = infrastructure == null ? Unstructured.ABSENT : Unstructured.of(infrastructure.getAdditionalProperties()).path("status");
        return new InfrastructureSnapshot(
                Topology.parse(status.path("controlPlaneTopology").string().map(String::trim).orElse("")),
                Topology.parse(status.path("infrastructureTopology").string().map(String::trim).orElse("")));
    }
}
