package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.migratability.EvictionStrategy;
import java.util.Optional;

/** Reads the cluster-wide default eviction strategy from the KubeVirt and HyperConverged CRs. */
final class ClusterDefaults {

    private ClusterDefaults() {
    }

    static Optional<EvictionStrategy> fromKubeVirt(GenericKubernetesResource kubeVirt) {
        return EvictionStrategy.clusterDefaultOf(kubeVirt);
    }

    /** v1beta1 keeps it at spec.evictionStrategy, v1 under spec.virtualization. */
    static Optional<EvictionStrategy> fromHyperConverged(GenericKubernetesResource hyperConverged) {
        return text(hyperConverged.get("spec", "evictionStrategy"))
                .or(() -> text(hyperConverged.get("spec", "virtualization", "evictionStrategy")))
                .flatMap(EvictionStrategy::parse);
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }
}
