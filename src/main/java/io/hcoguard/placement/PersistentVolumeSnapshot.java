package io.hcoguard.placement;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.util.Optional;

/**
 * What the guard keeps of a PersistentVolume: the claim it is bound to and the nodes that can reach it.
 *
 * @param claim {@code spec.claimRef}, only while {@code status.phase} is Bound (a Released volume still
 *     names its deleted claim); the claim's {@code spec.volumeName} is the other half of the binding
 * @param nodeAffinity {@code spec.nodeAffinity.required}: a pod using the volume runs only where it matches
 */
public record PersistentVolumeSnapshot(String name, Optional<ClaimRef> claim, Optional<NodeSelector> nodeAffinity) {

    public record ClaimRef(String namespace, String name) {

        public ClaimRef {
            namespace = namespace == null ? "" : namespace;
            name = name == null ? "" : name;
        }
    }

    public PersistentVolumeSnapshot {
        name = name == null ? "" : name;
    }

    /** Total: a missing part reads as absent. */
    public static PersistentVolumeSnapshot from(PersistentVolume volume) {
        String name = volume.getMetadata() == null ? null : volume.getMetadata().getName();
        boolean bound = volume.getStatus() != null && "Bound".equals(volume.getStatus().getPhase());
        ObjectReference claimRef = volume.getSpec() == null ? null : volume.getSpec().getClaimRef();
        Optional<ClaimRef> claim = bound && claimRef != null && claimRef.getName() != null && !claimRef.getName().isEmpty()
                ? Optional.of(new ClaimRef(claimRef.getNamespace(), claimRef.getName()))
                : Optional.empty();
        Optional<NodeSelector> affinity = Optional.ofNullable(volume.getSpec())
                .map(spec -> spec.getNodeAffinity())
                .map(nodeAffinity -> nodeAffinity.getRequired())
                .map(NodeSelector::from);
        return new PersistentVolumeSnapshot(name, claim, affinity);
    }
}
