package io.hcoguard.openshift;

import java.util.Objects;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Logs a surface's state when it changes, so an absent kind or a missing permission is said once, not at every resync. */
final class StateLog {

    private static final Logger LOG = Logger.getLogger(StateLog.class);

    private final String surface;
    private SurfaceState state;
    private String detail = "";
    private boolean muted;

    /** Runs a step whose states are not the surface's (a clean-up while it is off) without logging them. */
    <T> T quietly(Supplier<T> step) {
        muted = true;
        try {
            return step.get();
        } finally {
            muted = false;
        }
    }

    StateLog(String surface) {
        this.surface = surface;
    }

    /** @param detail what is worth saying beside the state (an object's name, an error); "" for nothing */
    void now(SurfaceState next, String detail) {
        if (muted || next == state && Objects.equals(detail, this.detail)) {
            return;
        }
        state = next;
        this.detail = detail;
        String line = surface + ": " + next.text() + (detail.isEmpty() ? "" : " (" + detail + ")");
        if (next.warning()) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }
}
