package io.hcoguard.hyperconverged;

import static io.hcoguard.hyperconverged.WorkloadUpdateMethod.EVICT;
import static io.hcoguard.hyperconverged.WorkloadUpdateMethod.LIVE_MIGRATE;

import com.fasterxml.jackson.databind.JsonNode;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.UpdateScenario;
import io.hcoguard.migratability.WorkloadForecast;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the settings of an allowed HyperConverged will do to the VMIs running now, counted by the
 * workload-update outcomes the edited strategy would give them (DESIGN "Warnings").
 */
final class RunningWorkloadWarnings {

    private static final String REPORT = "; see /upgrade-readiness";

    private RunningWorkloadWarnings() {
    }

    static List<String> of(HyperConverged hco, Optional<HyperConverged> old, WorkloadForecast forecast) {
        List<String> warnings = new ArrayList<>();
        HyperConvergedLayout layout = hco.layout();
        boolean liveMigrationOff = liveMigrationOff(hco);
        if (hco.methodList().isPresent()) {
            Set<WorkloadUpdateMethod> methods = hco.methods();
            if (methods.isEmpty()) {
                if (forecast.outdatedLaunchers() > 0) {
                    warnings.add("no workloadUpdateMethods, updates off: " + runningVmis(forecast.outdatedLaunchers())
                            + " run outdated launchers" + REPORT);
                }
            } else {
                UpdateScenario scenario = new UpdateScenario(
                        methods.contains(LIVE_MIGRATE), methods.contains(EVICT) && batchSize(hco) >= 1, liveMigrationOff);
                Map<WorkloadUpdateOutcome, Integer> outcomes = forecast.updateOutcomes(scenario);
                int shutDown = outcomes.get(WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD);
                if (shutDown > 0) {
                    warnings.add("\"Evict\" is listed: " + runningVmis(shutDown)
                            + " would be shut down and not restarted" + REPORT);
                }
                int outdated = outcomes.get(WorkloadUpdateOutcome.STAYS_OUTDATED);
                if (outdated > 0) {
                    warnings.add(runningVmis(outdated) + " would keep an outdated launcher (cannot migrate, or"
                            + " \"Evict\" not listed)" + REPORT);
                }
            }
        }
        Optional<EvictionStrategy> strategy = evictionStrategy(hco);
        if (strategy.isPresent() && !strategy.equals(old.flatMap(RunningWorkloadWarnings::evictionStrategy))) {
            warnings.addAll(strategyChange(strategy.get(), forecast));
        }
        return warnings;
    }

    /**
     * Since KubeVirt 1.1 a VMI gets the cluster strategy when it starts and keeps it; only VMIs
     * older than that (without their own) follow the new one at once.
     */
    private static List<String> strategyChange(EvictionStrategy strategy, WorkloadForecast forecast) {
        List<String> warnings = new ArrayList<>();
        if (forecast.ownStrategy() > 0) {
            int stalling = forecast.ownStrategyStalling();
            warnings.add("evictionStrategy " + strategy.spelling() + " applies to new VMIs: "
                    + runningVmis(forecast.ownStrategy()) + (forecast.ownStrategy() == 1 ? " keeps its own" : " keep theirs")
                    + (stalling > 0 ? " (" + stalling + " would stall a drain)" : ""));
        }
        int inheritingStalls = forecast.inheritingStallingUnder(strategy);
        if (inheritingStalls > 0) {
            warnings.add("evictionStrategy " + strategy.spelling() + ": " + runningVmis(inheritingStalls)
                    + (inheritingStalls == 1 ? " without its own follows it" : " without their own follow it")
                    + " and would stall a drain");
        }
        return warnings;
    }

    private static Optional<EvictionStrategy> evictionStrategy(HyperConverged hco) {
        return hco.get(hco.layout().evictionStrategy())
                .filter(JsonNode::isTextual)
                .flatMap(value -> EvictionStrategy.parse(value.textValue()));
    }

    /** KubeVirt's default 10 when unset (the mutating webhook writes it out when Evict is listed). */
    private static long batchSize(HyperConverged hco) {
        return hco.get(hco.layout().batchEvictionSize())
                .filter(JsonNode::isIntegralNumber)
                .map(JsonNode::longValue)
                .orElse((long) io.hcoguard.migratability.WorkloadUpdateStrategy.DEFAULT_BATCH_EVICTION_SIZE);
    }

    static boolean liveMigrationOff(HyperConverged hco) {
        HyperConvergedLayout layout = hco.layout();
        return hco.isZero(layout.parallelMigrationsPerCluster()) || hco.isZero(layout.parallelOutboundMigrationsPerNode());
    }

    private static String runningVmis(int count) {
        return count == 1 ? "1 running VMI" : count + " running VMIs";
    }
}
