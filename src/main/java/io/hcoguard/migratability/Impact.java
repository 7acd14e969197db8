package io.hcoguard.migratability;

/** What a VMI that cannot live migrate does to a cluster upgrade. */
public enum Impact {
    /** Its eviction is refused (LiveMigrate, External): node drains retry forever. */
    STALLS_DRAIN("would stall node drains"),
    /** It is evicted and nothing starts it again (no VM, or run strategy other than Always). */
    SHUT_DOWN_FOR_GOOD("would be shut down for good");

    private final String phrase;

    Impact(String phrase) {
        this.phrase = phrase;
    }

    /** Completes "N VMIs ...", e.g. "would stall node drains". */
    public String phrase() {
        return phrase;
    }
}
