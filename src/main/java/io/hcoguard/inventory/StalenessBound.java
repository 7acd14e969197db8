package io.hcoguard.inventory;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the cluster view may rest on a watch that has not proved it is alive
 * ({@code guard.inventory.max-staleness}), and the timings that keep a healthy watch well inside it.
 *
 * <p>The proof must come from the API server itself, on the watch's own connection: with the
 * Vert.x client that fabric8 uses under Quarkus there is no HTTP/2 (ALPN is off, so no PING
 * frames) and no WebSocket ping, and the API server sends bookmarks only when it can ("we don't
 * provide any guarantees on sending bookmarks", and none for a kind that has had no event since
 * the API server started). What a live API server always does is end a watch when its
 * {@code timeoutSeconds} runs out: so every watch asks for half the bound, and a watch that is
 * quiet but healthy is ended and answered again twice per bound.
 */
public record StalenessBound(Duration maxStaleness) {

    /** Below this a re-established watch (one second of server timeout at least) could not keep up. */
    static final Duration SHORTEST = Duration.ofSeconds(2);
    /** Retries after a failure back off to at most this, however long the bound (client-go's reflector caps at 30 s too). */
    static final Duration LONGEST_BACKOFF = Duration.ofSeconds(30);
    private static final long CATCH_UP_SECONDS = 3;

    public StalenessBound {
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        if (maxStaleness.compareTo(SHORTEST) < 0) {
            throw new IllegalArgumentException("guard.inventory.max-staleness must be at least " + SHORTEST.toSeconds()
                    + "s, got " + maxStaleness.toMillis() + "ms");
        }
    }

    /** The {@code timeoutSeconds} of every watch request: the API server ends the watch then, and it is re-established. */
    public long watchTimeoutSeconds() {
        return Math.max(1, maxStaleness.toSeconds() / 2);
    }

    /**
     * The {@code timeoutSeconds} of a watch re-established after a fault, until its replay is known
     * to be through: short, so that the view is trusted again soon after the API server is back,
     * and long enough for the bookmark the API server sends 2 s before a watch's deadline.
     */
    public long catchUpTimeoutSeconds() {
        return Math.min(CATCH_UP_SECONDS, watchTimeoutSeconds());
    }

    /** The longest pause between retries, so that the view recovers within half the bound of the API server's return. */
    public Duration longestBackoff() {
        Duration half = maxStaleness.dividedBy(2);
        return half.compareTo(LONGEST_BACKOFF) < 0 ? half : LONGEST_BACKOFF;
    }

    /** True when a watch that last proved itself {@code staleness} ago can no longer be trusted. */
    public boolean exceededBy(Duration staleness) {
        return staleness.compareTo(maxStaleness) > 0;
    }
}
