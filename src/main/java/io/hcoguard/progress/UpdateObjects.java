package io.hcoguard.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code hco-guard status} reads besides the cluster view: the OKD Virtualization CSVs in the
 * HyperConverged's namespace, the HyperConverged conditions, the ClusterVersion, the migrations in
 * flight.
 *
 * @param notServed kinds the cluster does not serve (no OLM, not OpenShift), or a saved dump left out
 */
public record UpdateObjects(List<OperatorCsv> csvs, List<HyperConvergedStatus> hyperConvergeds,
        Optional<ClusterVersionStatus> clusterVersion, List<MigrationInFlight> migrations, Set<StatusKind> notServed) {

    /** The ClusterVersion that describes the cluster: a singleton with this name (openshift/api config/v1). */
    static final String CLUSTER_VERSION_NAME = "version";

    public UpdateObjects {
        csvs = List.copyOf(csvs);
        hyperConvergeds = List.copyOf(hyperConvergeds);
        migrations = List.copyOf(migrations);
        notServed = Set.copyOf(notServed);
    }

    /**
     * @param objects objects of the {@link StatusKind}s (others are ignored)
     * @param csvPrefixes name prefixes of OKD Virtualization's CSVs ({@code guard.upgrade.csv-prefixes})
     */
    public static UpdateObjects of(List<JsonNode> objects, List<String> csvPrefixes, Set<StatusKind> notServed) {
        List<HyperConvergedStatus> hyperConvergeds = new ArrayList<>();
        List<JsonNode> csvs = new ArrayList<>();
        List<MigrationInFlight> migrations = new ArrayList<>();
        Optional<ClusterVersionStatus> clusterVersion = Optional.empty();
        for (JsonNode object : objects) {
            Optional<StatusKind> kind = StatusKind.of(object);
            if (kind.isEmpty()) {
                continue;
            }
            switch (kind.get()) {
                case HYPER_CONVERGED -> hyperConvergeds.add(HyperConvergedStatus.from(object));
                case CLUSTER_SERVICE_VERSION -> csvs.add(object);
                case MIGRATION -> MigrationInFlight.from(object).ifPresent(migrations::add);
                case CLUSTER_VERSION -> {
                    if (CLUSTER_VERSION_NAME.equals(Texts.text(object, "metadata", "name"))) {
                        clusterVersion = Optional.of(ClusterVersionStatus.from(object));
                    }
                }
            }
        }
        hyperConvergeds.sort(Comparator.comparing(HyperConvergedStatus::namespace).thenComparing(HyperConvergedStatus::name));
        migrations.sort(Comparator.comparing(MigrationInFlight::namespace).thenComparing(MigrationInFlight::name));
        // OLM copies a CSV into every namespace its OperatorGroup targets: OKD Virtualization's own are beside its HyperConverged.
        Set<String> namespaces = Set.copyOf(hyperConvergeds.stream().map(HyperConvergedStatus::namespace).toList());
        List<OperatorCsv> virtualization = csvs.stream().map(OperatorCsv::from)
                .filter(csv -> csvPrefixes.stream().anyMatch(csv.name()::startsWith))
                .filter(csv -> namespaces.isEmpty() || namespaces.contains(csv.namespace()))
                .sorted(Comparator.comparing(OperatorCsv::namespace).thenComparing(OperatorCsv::name))
                .toList();
        return new UpdateObjects(virtualization, hyperConvergeds, clusterVersion, migrations, notServed);
    }
}
