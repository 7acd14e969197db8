package io.hcoguard.inventory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Per watch, read at scrape time: how long since the API server last proved it alive (an alert on
 * it firing above guard.inventory.max-staleness means gated requests are being denied as not
 * verifiable), how often its watch requests end and are made again, by cause, how many objects
 * the view could not take, and how often reading paused for a full queue.
 */
@ApplicationScoped
public class WatchMetrics {

    private final ClusterWatches watches;

    WatchMetrics(ClusterWatches watches) {
        this.watches = watches;
    }

    void register(@Observes StartupEvent startup, MeterRegistry registry) {
        for (WatchedKind kind : WatchedKind.values()) {
            register(registry, kind.kind(), w -> seconds(w.staleness(kind)));
        }
        register(registry, ClusterWatches.CRDS, w -> seconds(w.crdStaleness()));
    }

    private void register(MeterRegistry registry, String kind, ToDoubleFunction<ClusterWatches> staleness) {
        Gauge.builder("hco_guard_watch_staleness_seconds", watches, staleness)
                .description("Time since the API server last proved this watch alive (an answer, an event, a bookmark)")
                .tag("kind", kind).register(registry);
        for (WatchEnd end : WatchEnd.values()) {
            FunctionCounter.builder("hco_guard_watch_reestablished", watches, w -> w.reestablished(kind, end))
                    .description("Watch requests that ended and were made again, by cause (timeout is the normal case)")
                    .tag("kind", kind).tag("cause", end.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder("hco_guard_watch_objects_unjudgeable", watches, w -> w.refused(kind))
                .description("Objects the view could not take (once per object and resourceVersion); the kind is not synced"
                        + " until each has gone through")
                .tag("kind", kind).register(registry);
        FunctionCounter.builder("hco_guard_watch_reading_paused", watches, w -> w.readingPaused(kind))
                .description("Times the watch stopped reading from the API server because its queue of events was full")
                .tag("kind", kind).register(registry);
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
