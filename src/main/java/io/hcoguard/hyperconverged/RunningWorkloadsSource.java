package io.hcoguard.hyperconverged;

import java.util.Optional;

/** Where the HyperConverged warnings get their running-VMI counts (the cluster inventory). */
public interface RunningWorkloadsSource {

    /** The current counts, or empty while the cluster view is not synced (no cluster warnings then). */
    Optional<RunningWorkloads> current();
}
