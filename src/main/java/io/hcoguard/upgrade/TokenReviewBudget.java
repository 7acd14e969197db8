package io.hcoguard.upgrade;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many TokenReviews that found no valid token one client may cause per interval, so that an
 * unauthenticated caller of the readiness report cannot drive API calls at its own request rate.
 * Fixed windows per client address; the oldest clients are forgotten beyond a bound, so a flood of
 * addresses costs memory no more than it costs API calls. Thread-safe.
 */
final class TokenReviewBudget {

    private record Window(Instant start, int failures) {
    }

    private final int failures;
    private final Duration interval;
    private final int maxClients;
    private final Map<String, Window> windows;

    /**
     * @param failures failed reviews a client may cause per interval
     * @param maxClients clients remembered at most; the least recently seen are forgotten first
     */
    TokenReviewBudget(int failures, Duration interval, int maxClients) {
        this.failures = failures;
        this.interval = interval;
        this.maxClients = maxClients;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > TokenReviewBudget.this.maxClients;
            }
        };
    }

    /**
     * Takes one review from the client's budget before it is made (so concurrent requests cannot
     * overspend it): zero when taken, else how long until the client may try again.
     */
    synchronized Duration take(String client, Instant now) {
        Window window = current(client, now);
        if (window == null) {
            windows.put(client, new Window(now, 1));
            return Duration.ZERO;
        }
        if (window.failures() >= failures) {
            return Duration.between(now, window.start().plus(interval));
        }
        windows.put(client, new Window(window.start(), window.failures() + 1));
        return Duration.ZERO;
    }

    /** Gives a review back: it found a valid token, which costs the client nothing. */
    synchronized void refund(String client, Instant now) {
        Window window = current(client, now);
        if (window != null && window.failures() > 0) {
            windows.put(client, new Window(window.start(), window.failures() - 1));
        }
    }

    private Window current(String client, Instant now) {
        Window window = windows.get(client);
        return window == null || !now.isBefore(window.start().plus(interval)) ? null : window;
    }
}
