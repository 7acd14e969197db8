package io.hcoguard.migratability;

/** A VirtualMachine's run strategy: whether KubeVirt starts its VMI again after it stops. */
public enum RunStrategy {
    ALWAYS("Always"),
    RERUN_ON_FAILURE("RerunOnFailure"),
    MANUAL("Manual"),
    HALTED("Halted"),
    ONCE("Once"),
    /** The target VM of a decentralized live migration waits for the incoming VMI. */
    WAIT_AS_RECEIVER("WaitAsReceiver"),
    /** A spelling KubeVirt does not define; never counts as restarting. */
    UNKNOWN("Unknown");

    private final String spelling;

    RunStrategy(String spelling) {
        this.spelling = spelling;
    }

    public String spelling() {
        return spelling;
    }

    /** Parses KubeVirt's spelling; anything else, including blank text, is {@link #UNKNOWN}. */
    public static RunStrategy parse(String text) {
        if (text != null) {
            for (RunStrategy strategy : values()) {
                if (strategy != UNKNOWN && strategy.spelling.equals(text.trim())) {
                    return strategy;
                }
            }
        }
        return UNKNOWN;
    }
}
