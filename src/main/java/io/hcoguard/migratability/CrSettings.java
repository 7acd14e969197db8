package io.hcoguard.migratability;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.unstructured.Unstructured;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What one KubeVirt or HyperConverged CR sets of the {@link ClusterSettings}; each part is empty
 * when the CR leaves it unset.
 *
 * @param liveMigrationOff the migrations field that is 0 (live migration switched off)
 */
public record CrSettings(
        Optional<EvictionStrategy> evictionStrategy,
        Optional<WorkloadUpdateStrategy> workloadUpdate,
        Optional<String> liveMigrationOff) {

    private static final List<String> MIGRATION_SWITCHES =
            List.of("parallelMigrationsPerCluster", "parallelOutboundMigrationsPerNode");

    /** KubeVirt CR: spec.configuration.{evictionStrategy,migrations}, spec.workloadUpdateStrategy. */
    public static CrSettings fromKubeVirt(GenericKubernetesResource kubeVirt) {
        Unstructured spec = Unstructured.of(kubeVirt.getAdditionalProperties()).path("spec");
        return of(spec.path("configuration", "evictionStrategy"), spec.path("workloadUpdateStrategy"),
                spec.path("configuration", "migrations"));
    }

    /** The KubeVirt version the KubeVirt operator reports running ({@code status.observedKubeVirtVersion}, e.g. v1.3.1). */
    public static Optional<String> observedKubeVirtVersion(GenericKubernetesResource kubeVirt) {
        return Unstructured.of(kubeVirt.getAdditionalProperties()).path("status", "observedKubeVirtVersion").text();
    }

    /** HyperConverged: v1beta1 keeps the fields at spec, v1 under spec.virtualization. */
    public static CrSettings fromHyperConverged(GenericKubernetesResource hyperConverged) {
        Unstructured spec = Unstructured.of(hyperConverged.getAdditionalProperties()).path("spec");
        Unstructured fields = spec.path("virtualization").present() ? spec.path("virtualization") : spec;
        return of(fields.path("evictionStrategy"), fields.path("workloadUpdateStrategy"),
                fields.path("liveMigrationConfig"));
    }

    private static CrSettings of(Unstructured evictionStrategy, Unstructured workloadUpdate, Unstructured migrations) {
        return new CrSettings(
                evictionStrategy.text().flatMap(EvictionStrategy::parse),
                workloadUpdate(workloadUpdate),
                MIGRATION_SWITCHES.stream()
                        .filter(field -> migrations.path(field).text().filter("0"::equals).isPresent())
                        .findFirst());
    }

    /** Unknown method strings are ignored, as KubeVirt ignores them; an absent list lists nothing. */
    private static Optional<WorkloadUpdateStrategy> workloadUpdate(Unstructured strategy) {
        if (!strategy.present()) {
            return Optional.empty();
        }
        List<String> methods = strategy.path("workloadUpdateMethods").items().stream()
                .flatMap(method -> method.text().stream())
                .toList();
        int batch = strategy.path("batchEvictionSize").text()
                .flatMap(CrSettings::integer)
                .orElse(WorkloadUpdateStrategy.DEFAULT_BATCH_EVICTION_SIZE);
        return Optional.of(new WorkloadUpdateStrategy(methods.contains("LiveMigrate"), methods.contains("Evict"), batch));
    }

    private static Optional<Integer> integer(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException notAnInteger) {
            return Optional.empty();
        }
    }

    /**
     * The settings KubeVirt applies. KubeVirt's CR is what KubeVirt reads, even when it sets no
     * eviction strategy or leaves live migration on; HCO's (which HCO mirrors into it) stands in
     * only while no KubeVirt CR is seen. The workload update strategy is the KubeVirt CR's, else
     * HCO's, else HCO's default [LiveMigrate].
     */
    public static ClusterSettings merge(Collection<CrSettings> kubeVirts, Collection<CrSettings> hyperConvergeds) {
        Collection<CrSettings> authority = kubeVirts.isEmpty() ? hyperConvergeds : kubeVirts;
        return new ClusterSettings(
                authority.stream().flatMap(cr -> cr.evictionStrategy().stream()).findFirst(),
                kubeVirts.stream().flatMap(cr -> cr.workloadUpdate().stream()).findFirst()
                        .or(() -> hyperConvergeds.stream().flatMap(cr -> cr.workloadUpdate().stream()).findFirst())
                        .orElse(WorkloadUpdateStrategy.DEFAULT),
                authority.stream().flatMap(cr -> cr.liveMigrationOff().stream()).findFirst());
    }
}
