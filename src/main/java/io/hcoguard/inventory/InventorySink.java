package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Receives what the watches see, one event at a time, or several as one {@link #batch}. */
interface InventorySink {

    void upsert(WatchedKind kind, HasMetadata object);

    void remove(WatchedKind kind, HasMetadata object);

    /** The kind's CRD went away: everything of that kind is gone. */
    void clear(WatchedKind kind);

    /** Runs the events as one: what readers see changes once, after all of them (or the first that throws). */
    <E extends Exception> void batch(Batch<E> events) throws E;

    /** Events handed over together; may throw what the caller's loop throws. */
    @FunctionalInterface
    interface Batch<E extends Exception> {
        void run() throws E;
    }
}
