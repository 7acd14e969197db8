package io.hcoguard.e2e;

import io.hcoguard.migratability.Blocker;
import io.hcoguard.migratability.NotMigratable;
import java.util.List;

/**
 * A blocking VMI as the readiness report shows it (its JSON entry, remediation left out): what a
 * test compares, whether it read the blocker in process or from {@code GET /upgrade-readiness}.
 */
public record SeenBlocker(String vmiRef, String vm, String impact, List<String> reasons, String evictionStrategy,
        String runStrategy) {

    public SeenBlocker {
        reasons = List.copyOf(reasons);
    }

    public static SeenBlocker of(Blocker blocker) {
        return new SeenBlocker(blocker.vmiRef(), blocker.vmName().orElse(null), blocker.impact().name(),
                blocker.reasons().stream().map(NotMigratable::describe).toList(), blocker.evictionStrategy().spelling(),
                blocker.runStrategyText());
    }
}
