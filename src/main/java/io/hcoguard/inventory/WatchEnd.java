package io.hcoguard.inventory;

/** Why a watch request ended and another was made (metric hco_guard_watch_reestablished_total). */
public enum WatchEnd {
    /** The API server ended the watch at its timeout: the normal case, about twice per staleness bound. */
    TIMEOUT,
    /** The watch brought nothing at all within the bound: it was abandoned. */
    STALE,
    /** The watch request or its stream failed (connection refused or reset, an HTTP error). */
    FAILED,
    /** The API server answered 410 Gone (resourceVersion too old): the kind was listed again. */
    GONE
}
