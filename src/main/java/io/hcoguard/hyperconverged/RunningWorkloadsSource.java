package io.hcoguard.hyperconverged;

import io.hcoguard.migratability.WorkloadForecast;
import java.util.Optional;

/** Where the HyperConverged warnings get their running-VMI counts (the cluster view). */
public interface RunningWorkloadsSource {

    /** The forecast for the VMIs running now, or empty while the cluster view is not synced (no cluster warnings then). */
    Optional<WorkloadForecast> current();
}
