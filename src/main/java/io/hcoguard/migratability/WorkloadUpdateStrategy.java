package io.hcoguard.migratability;

import java.util.ArrayList;
import java.util.List;

/**
 * The KubeVirt CR's {@code spec.workloadUpdateStrategy} as the workload updater reads it.
 *
 * @param liveMigrate "LiveMigrate" is listed: VMIs KubeVirt can migrate are migrated
 * @param evict "Evict" is listed: the others are evicted through the eviction admitter
 * @param batchEvictionSize VMIs evicted per batch; KubeVirt evicts nothing when it is 0 or less
 */
public record WorkloadUpdateStrategy(boolean liveMigrate, boolean evict, int batchEvictionSize) {

    public static final int DEFAULT_BATCH_EVICTION_SIZE = 10;
    /** HCO's default, used when neither the KubeVirt CR nor HCO sets one. */
    public static final WorkloadUpdateStrategy DEFAULT = new WorkloadUpdateStrategy(true, false, DEFAULT_BATCH_EVICTION_SIZE);

    /** Evict is listed and a batch evicts at least one VMI. */
    public boolean evicts() {
        return evict && batchEvictionSize > 0;
    }

    /** "[LiveMigrate, Evict]", as the CR spells it. */
    public String methodsText() {
        List<String> methods = new ArrayList<>();
        if (liveMigrate) {
            methods.add("LiveMigrate");
        }
        if (evict) {
            methods.add("Evict");
        }
        return "[" + String.join(", ", methods) + "]";
    }
}
