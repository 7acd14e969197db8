package io.hcoguard.upgrade;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which Event a denial is recorded in: one per object and reason, counted, as client-go's recorder
 * correlates (k8s.io/client-go tools/record events_cache.go: EventAggregatorByReasonFunc keys by
 * source, involved object, type and reason; eventLogger.eventObserve counts a repeat and patches the
 * Event it first created). A GitOps tool retrying a blocked ClusterVersion every few seconds so
 * updates one Event instead of writing a new one each time. Remembers the most recent objects only,
 * as client-go does (its LRU of 4096). Not thread-safe: the Event writer's one thread owns it.
 */
final class EventCorrelation {

    /** What one Event is about: the involved object (by uid, so a recreated object gets a new one), the type and the reason. */
    record Key(String namespace, String apiVersion, String kind, String name, String uid, String type, String reason) {
    }

    /**
     * The Event a denial goes to.
     *
     * @param eventName the Event's metadata.name
     * @param count how many denials it records, this one included
     * @param firstTimestamp when the first of them was recorded (RFC 3339, seconds)
     */
    record Occurrence(String eventName, int count, String firstTimestamp) {

        boolean first() {
            return count == 1;
        }
    }

    static final int MAX_REMEMBERED = 4096;

    private final Map<Key, Occurrence> recorded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Occurrence> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    /** Records one more denial: the first one names a new Event, later ones count in the same. */
    Occurrence observe(Key key, String now, Supplier<String> newEventName) {
        Occurrence seen = recorded.get(key);
        Occurrence next = seen == null ? new Occurrence(newEventName.get(), 1, now)
                : new Occurrence(seen.eventName(), seen.count() + 1, seen.firstTimestamp());
        recorded.put(key, next);
        return next;
    }

    /** The API server no longer has the Event (Events expire, an hour by default): the next denial starts a new one. */
    void forget(Key key) {
        recorded.remove(key);
    }
}
