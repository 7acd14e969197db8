package io.hcoguard.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether one watch can be trusted right now: it has listed, it is not interrupted, and the API
 * server proved it alive within the bound. Written by the watch's own thread, read by anyone.
 *
 * <p>A watch re-established after a fault resumes from its last resourceVersion, and the API
 * server first replays what was missed; the view trusts it again only once that replay is known
 * to be through: at the watch's first bookmark (the API server sends one only after every event
 * before it), or when the API server ends the watch at its timeout after a quiet tail (it sends a
 * replay at once, so events right up to the end may mean the timeout cut the replay short; the
 * next watch resumes it). Until then gated requests are still denied.
 */
final class WatchHealth {

    /** How long before its end a watch must have been quiet for the end to vouch that a replay is through. */
    static final Duration QUIET_TAIL = Duration.ofMillis(500);

    /** Where the watch stands; only {@link #WATCHING} can be trusted, and only while proofs keep coming. */
    enum Phase {
        /** Listing every object: at the start, or after the API server said the watch's resourceVersion is too old. */
        LISTING,
        /** Listed and watching. */
        WATCHING,
        /** The watch failed or proved nothing within the bound; a new one is being established. */
        INTERRUPTED,
        /** A new watch was answered after an interruption; what it replays is not known to be through yet. */
        CATCHING_UP
    }

    private final Clock clock;
    private volatile Phase phase = Phase.LISTING;
    private volatile Instant lastProof;

    WatchHealth(Clock clock) {
        this.clock = clock;
        this.lastProof = clock.instant(); // a watch that never gets through grows stale from its start
    }

    void listing() {
        phase = Phase.LISTING;
    }

    /** The list is complete: the view holds the cluster as of the list's resourceVersion. */
    void listed() {
        proved();
        phase = Phase.WATCHING;
    }

    /** The API server answered something on this watch (a list page, the watch request, an event). */
    void proved() {
        lastProof = clock.instant();
    }

    /** The API server answered a new watch request. */
    void answered() {
        proved();
        if (phase == Phase.INTERRUPTED) {
            phase = Phase.CATCHING_UP;
        }
    }

    /** A bookmark: every event before it has been read. */
    void bookmarked() {
        proved();
        caughtUp();
    }

    /**
     * The API server ended the watch at its timeout; {@code lastEvent} is when the watch's last
     * event arrived, null when it brought none.
     */
    void endedByServer(Instant lastEvent) {
        proved();
        if (lastEvent == null || Duration.between(lastEvent, lastProof).compareTo(QUIET_TAIL) >= 0) {
            caughtUp();
        }
    }

    private void caughtUp() {
        if (phase == Phase.CATCHING_UP) {
            phase = Phase.WATCHING;
        }
    }

    /** The watch failed, or went silent for longer than the bound. */
    void interrupted() {
        if (phase != Phase.LISTING) {
            phase = Phase.INTERRUPTED;
        }
    }

    Phase phase() {
        return phase;
    }

    /** Time since the API server last proved this watch alive. */
    Duration staleness() {
        Duration since = Duration.between(lastProof, clock.instant());
        return since.isNegative() ? Duration.ZERO : since;
    }

    WatchState state(StalenessBound bound) {
        return switch (phase) {
            case LISTING -> WatchState.SYNCING;
            case INTERRUPTED -> WatchState.NOT_WATCHING;
            case CATCHING_UP -> WatchState.CATCHING_UP;
            case WATCHING -> bound.exceededBy(staleness()) ? WatchState.STALE : WatchState.SYNCED;
        };
    }
}
