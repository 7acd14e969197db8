package io.hcoguard.progress;

import io.hcoguard.migratability.VmiVerdict;
import java.util.Objects;

/** A running VMI on a draining node, and how it leaves. */
public record DrainedVmi(VmiVerdict verdict, Departure departure) {

    public DrainedVmi {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(departure, "departure");
    }

    public String ref() {
        return verdict.vmi().ref();
    }

    /** "vm-demo/web: migrating to worker-3", "vm-demo/db: will not leave (STALLS_DRAIN)". */
    public String describe() {
        String target = verdict.vmi().movement().migrationTarget();
        return switch (departure) {
            case MIGRATING -> ref() + ": migrating" + (target.isEmpty() ? "" : " to " + target);
            case WILL_NOT_LEAVE, WAITS_FOR_EXTERNAL_CONTROLLER -> ref() + ": " + departure.text() + " ("
                    + verdict.drain().outcome().name() + ")";
            case TO_BE_MIGRATED, TO_BE_SHUT_DOWN -> ref() + ": " + departure.text();
        };
    }
}
