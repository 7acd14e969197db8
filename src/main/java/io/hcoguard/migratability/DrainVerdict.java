package io.hcoguard.migratability;

import java.util.Objects;

/**
 * One VMI's drain outcome and what KubeVirt does to it, in an admin's words.
 *
 * @param consequence e.g. "refuses eviction: the drain of worker-3 waits forever"
 */
public record DrainVerdict(DrainOutcome outcome, String consequence) {

    public DrainVerdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(consequence, "consequence");
    }
}
