package io.hcoguard.inventory;

/** What the readiness check and the report say of each watched kind; only {@link #SYNCED} and {@link #ABSENT} can be trusted. */
public enum WatchState {
    /** Listed, watching, and proved alive by the API server within the bound. */
    SYNCED("synced"),
    /** The kind's CRD does not exist (the CRD watch is current): there is nothing of it to see. */
    ABSENT("absent"),
    /** Listing: nothing seen yet, or a relist after the API server said the watch was too old. */
    SYNCING("syncing"),
    /** The watch broke or went silent; it is being re-established. */
    NOT_WATCHING("not watching"),
    /** Re-established after an interruption; replaying what was missed. */
    CATCHING_UP("catching up"),
    /** Watching, but the API server has proved nothing within the bound. */
    STALE("stale"),
    /** Watching, but the view refused some objects: they are handed over again until it takes them. */
    INCOMPLETE("incomplete");

    private final String text;

    WatchState(String text) {
        this.text = text;
    }

    public boolean trusted() {
        return this == SYNCED || this == ABSENT;
    }

    @Override
    public String toString() {
        return text;
    }
}
