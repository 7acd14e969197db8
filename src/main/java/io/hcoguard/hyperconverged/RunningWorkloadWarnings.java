package io.hcoguard.hyperconverged;

import static io.hcoguard.hyperconverged.WorkloadUpdateMethod.EVICT;
import static io.hcoguard.hyperconverged.WorkloadUpdateMethod.LIVE_MIGRATE;

import io.hcoguard.migratability.EvictionStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What the settings of an allowed HyperConverged will do to the VMIs running now. */
final class RunningWorkloadWarnings {

    private static final String REPORT = "; see /upgrade-readiness";

    private RunningWorkloadWarnings() {
    }

    static List<String> of(HyperConverged hco, RunningWorkloads running) {
        List<String> warnings = new ArrayList<>();
        if (hco.methodList().isPresent()) {
            Set<WorkloadUpdateMethod> methods = hco.methods();
            if (methods.contains(EVICT)) {
                // With "LiveMigrate" listed too, only the VMIs that cannot migrate get evicted.
                int shutDown = methods.contains(LIVE_MIGRATE)
                        ? running.notMigratableNorRestarted()
                        : running.notRestartedAfterEviction();
                if (shutDown > 0) {
                    warnings.add("\"Evict\" is listed: " + runningVmis(shutDown)
                            + " would be shut down and not restarted" + REPORT);
                }
            } else if (methods.contains(LIVE_MIGRATE)) {
                if (running.notMigratable() > 0) {
                    warnings.add("only \"LiveMigrate\" is listed: " + runningVmis(running.notMigratable())
                            + " cannot migrate and will not be updated" + REPORT);
                }
            } else if (running.outdatedLaunchers() > 0) {
                warnings.add("no workloadUpdateMethods, updates off: " + runningVmis(running.outdatedLaunchers())
                        + " will keep outdated launchers" + REPORT);
            }
        }
        int inheriting = running.notMigratableInheritingClusterDefault();
        boolean liveMigrate = hco.get(hco.layout().evictionStrategy())
                .filter(strategy -> EvictionStrategy.LIVE_MIGRATE.spelling().equals(strategy.textValue()))
                .isPresent();
        if (liveMigrate && inheriting > 0) {
            warnings.add("evictionStrategy LiveMigrate stalls node drains: "
                    + (inheriting == 1 ? "1 VMI inherits" : inheriting + " VMIs inherit")
                    + " it and cannot migrate" + REPORT);
        }
        return warnings;
    }

    private static String runningVmis(int count) {
        return count == 1 ? "1 running VMI" : count + " running VMIs";
    }
}
