package io.hcoguard.migratability;

import java.util.List;

/**
 * The inputs of the workload updater that a HyperConverged edit can change, reduced to what
 * changes an outcome: which methods act, and whether live migration is switched off.
 */
public record UpdateScenario(boolean liveMigrate, boolean evicts, boolean liveMigrationOff) {

    /** All eight, in {@link #index()} order. */
    public static final List<UpdateScenario> ALL = List.of(
            new UpdateScenario(false, false, false), new UpdateScenario(false, false, true),
            new UpdateScenario(false, true, false), new UpdateScenario(false, true, true),
            new UpdateScenario(true, false, false), new UpdateScenario(true, false, true),
            new UpdateScenario(true, true, false), new UpdateScenario(true, true, true));

    public int index() {
        return (liveMigrate ? 4 : 0) + (evicts ? 2 : 0) + (liveMigrationOff ? 1 : 0);
    }

    WorkloadUpdateStrategy strategy() {
        return new WorkloadUpdateStrategy(liveMigrate, evicts, evicts ? WorkloadUpdateStrategy.DEFAULT_BATCH_EVICTION_SIZE : 0);
    }
}
