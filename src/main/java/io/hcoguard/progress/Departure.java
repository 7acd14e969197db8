package io.hcoguard.progress;

import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.VmiVerdict;

/** How a running VMI on a draining node leaves it, or that it will not. */
public enum Departure {
    /** Its drain outcome is STALLS_DRAIN: KubeVirt refuses its eviction, or retries a migration that cannot succeed. */
    WILL_NOT_LEAVE("will not leave"),
    /** A live migration is under way. */
    MIGRATING("migrating"),
    /** Eviction refused until its external controller removes it (evictionStrategy External). */
    WAITS_FOR_EXTERNAL_CONTROLLER("waits for its external controller"),
    /** It migrates once KubeVirt gets to it. */
    TO_BE_MIGRATED("to be migrated"),
    /** The drain shuts it down (its VM or ReplicaSet may start it elsewhere). */
    TO_BE_SHUT_DOWN("to be shut down");

    private final String text;

    Departure(String text) {
        this.text = text;
    }

    /** A VMI stalling the drain counts as such even while KubeVirt tries a migration that cannot succeed. */
    static Departure of(VmiVerdict verdict) {
        DrainOutcome outcome = verdict.drain().outcome();
        if (outcome == DrainOutcome.STALLS_DRAIN) {
            return WILL_NOT_LEAVE;
        }
        if (verdict.vmi().movement().migrating()) {
            return MIGRATING;
        }
        return switch (outcome) {
            case WAITS_FOR_EXTERNAL_CONTROLLER -> WAITS_FOR_EXTERNAL_CONTROLLER;
            case MIGRATES -> TO_BE_MIGRATED;
            case RESTARTED, SHUT_DOWN_FOR_GOOD, STALLS_DRAIN -> TO_BE_SHUT_DOWN;
        };
    }

    public String text() {
        return text;
    }
}
