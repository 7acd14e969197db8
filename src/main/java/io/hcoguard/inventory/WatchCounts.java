package io.hcoguard.inventory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** One kind's counters for the metrics, kept across a custom kind's watches coming and going. */
final class WatchCounts implements ListWatch.Counters {

    private final Map<WatchEnd, AtomicLong> reestablished = new EnumMap<>(WatchEnd.class);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong readingPaused = new AtomicLong();

    WatchCounts() {
        for (WatchEnd end : WatchEnd.values()) {
            reestablished.put(end, new AtomicLong());
        }
    }

    @Override
    public void reestablished(WatchEnd cause) {
        reestablished.get(cause).incrementAndGet();
    }

    @Override
    public void refused() {
        refused.incrementAndGet();
    }

    @Override
    public void readingPaused() {
        readingPaused.incrementAndGet();
    }

    long reestablishedBy(WatchEnd cause) {
        return reestablished.get(cause).get();
    }

    long refusedObjects() {
        return refused.get();
    }

    long pauses() {
        return readingPaused.get();
    }
}
