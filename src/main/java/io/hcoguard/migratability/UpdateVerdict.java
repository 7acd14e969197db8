package io.hcoguard.migratability;

import java.util.Objects;

/**
 * One VMI's workload-update outcome and what KubeVirt's workload updater does to it.
 *
 * @param consequence e.g. "keeps the outdated launcher: it cannot migrate and Evict is not listed"
 */
public record UpdateVerdict(WorkloadUpdateOutcome outcome, String consequence) {

    public UpdateVerdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(consequence, "consequence");
    }
}
