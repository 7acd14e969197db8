package io.hcoguard.migratability;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What other cluster settings would do to the VMIs running now: the counts the HyperConverged
 * warnings need, computed with the view (not per request) for every {@link UpdateScenario} and
 * every eviction strategy an edit can choose.
 */
public final class WorkloadForecast {

    private static final String OFF = "parallelMigrationsPerCluster";

    private final int[][] updates = new int[UpdateScenario.ALL.size()][WorkloadUpdateOutcome.values().length];
    private final int[] inheritingStallsUnder = new int[EvictionStrategy.values().length];
    private int running;
    private int ownStrategy;
    private int ownStrategyStalling;
    private int inheriting;
    private int outdatedLaunchers;

    public static WorkloadForecast of(Iterable<VmiVerdict> verdicts) {
        WorkloadForecast forecast = new WorkloadForecast();
        verdicts.forEach(forecast::add);
        return forecast;
    }

    private void add(VmiVerdict verdict) {
        VmiFacts vmi = verdict.vmi();
        running++;
        outdatedLaunchers += vmi.outdatedLauncher() ? 1 : 0;
        for (UpdateScenario scenario : UpdateScenario.ALL) {
            Migratability migratability = KubeVirtSimulation.withClusterSwitch(
                    vmi.migratability(), scenario.liveMigrationOff() ? Optional.of(OFF) : Optional.empty());
            WorkloadUpdateOutcome outcome = KubeVirtSimulation.update(
                    vmi, verdict.evictionStrategy(), migratability, scenario.strategy()).outcome();
            updates[scenario.index()][outcome.ordinal()]++;
        }
        if (verdict.evictionStrategyInherited()) {
            inheriting++;
            for (EvictionStrategy strategy : EvictionStrategy.values()) {
                if (KubeVirtSimulation.drain(vmi, strategy, verdict.migratability()).outcome() == DrainOutcome.STALLS_DRAIN) {
                    inheritingStallsUnder[strategy.ordinal()]++;
                }
            }
        } else {
            ownStrategy++;
            ownStrategyStalling += verdict.drain().outcome() == DrainOutcome.STALLS_DRAIN ? 1 : 0;
        }
    }

    /** Running VMIs by the outcome a workload update under {@code scenario} would give them. */
    public Map<WorkloadUpdateOutcome, Integer> updateOutcomes(UpdateScenario scenario) {
        Map<WorkloadUpdateOutcome, Integer> counts = new EnumMap<>(WorkloadUpdateOutcome.class);
        for (WorkloadUpdateOutcome outcome : WorkloadUpdateOutcome.values()) {
            counts.put(outcome, updates[scenario.index()][outcome.ordinal()]);
        }
        return counts;
    }

    public int running() {
        return running;
    }

    /** Running VMIs with their own evictionStrategy (every VMI started since KubeVirt 1.1): a new cluster default passes them by. */
    public int ownStrategy() {
        return ownStrategy;
    }

    /** Of {@link #ownStrategy()}, those whose own strategy stalls a drain. */
    public int ownStrategyStalling() {
        return ownStrategyStalling;
    }

    /** Running VMIs without their own strategy (started before KubeVirt 1.1): they follow the cluster default at once. */
    public int inheriting() {
        return inheriting;
    }

    /** Of {@link #inheriting()}, those that would stall a drain under {@code strategy}. */
    public int inheritingStallingUnder(EvictionStrategy strategy) {
        return inheritingStallsUnder[strategy.ordinal()];
    }

    public int outdatedLaunchers() {
        return outdatedLaunchers;
    }
}
