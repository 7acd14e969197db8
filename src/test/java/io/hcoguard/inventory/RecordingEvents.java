package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A view that records what it took ("upsert apps/db@3", "remove apps/db@12") and refuses, by
 * throwing, the objects a test names, a given number of times or until told to take them.
 */
final class RecordingEvents<T extends HasMetadata> implements ListWatch.Events<T> {

    private final List<String> taken = new ArrayList<>();
    /** What was taken within each batch, in order. */
    private final List<List<String>> batches = new ArrayList<>();
    /** Refusals left per "namespace/name"; a negative count refuses until {@link #take} is called. */
    private final Map<String, Integer> refusals = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();

    /** Refuses the object (every version, and its deletion) the next {@code times} times it is handed over. */
    synchronized RecordingEvents<T> refuse(String key, int times) {
        refusals.put(key, times);
        return this;
    }

    /** Refuses the object until {@link #take} is called. */
    synchronized RecordingEvents<T> refuseUntilTold(String key) {
        return refuse(key, -1);
    }

    synchronized void take(String key) {
        refusals.remove(key);
    }

    @Override
    public void upsert(T object) {
        handOver("upsert", object);
    }

    @Override
    public void remove(HasMetadata object) {
        handOver("remove", object);
    }

    @Override
    public <E extends Exception> void batch(InventorySink.Batch<E> handOffs) throws E {
        int from;
        synchronized (this) {
            from = taken.size();
        }
        try {
            handOffs.run();
        } finally {
            synchronized (this) {
                batches.add(List.copyOf(taken.subList(from, taken.size())));
            }
        }
    }

    /** What the view took, batch by batch. */
    synchronized List<List<String>> batches() {
        return List.copyOf(batches);
    }

    /** What the view took, in order. */
    synchronized List<String> taken() {
        return List.copyOf(taken);
    }

    /** How often the object was handed over, taken or not. */
    synchronized int attempts(String key) {
        return attempts.getOrDefault(key, 0);
    }

    private synchronized void handOver(String what, HasMetadata object) {
        String key = KnownObjects.key(object);
        attempts.merge(key, 1, Integer::sum);
        Integer left = refusals.get(key);
        if (left != null && left != 0) {
            if (left > 0) {
                refusals.put(key, left - 1);
            }
            throw new IllegalStateException("cannot take " + key);
        }
        taken.add(what + " " + key + "@" + object.getMetadata().getResourceVersion());
    }
}
