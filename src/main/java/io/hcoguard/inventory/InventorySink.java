package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Receives what the watches see, one event at a time. */
interface InventorySink {

    void upsert(WatchedKind kind, HasMetadata object);

    void remove(WatchedKind kind, HasMetadata object);

    /** The kind's CRD went away: everything of that kind is gone. */
    void clear(WatchedKind kind);
}
