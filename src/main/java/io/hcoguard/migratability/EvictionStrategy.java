package io.hcoguard.migratability;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** KubeVirt's eviction strategies: what happens to a VMI when its node is drained. */
public enum EvictionStrategy {
    NONE("None"),
    LIVE_MIGRATE("LiveMigrate"),
    LIVE_MIGRATE_IF_POSSIBLE("LiveMigrateIfPossible"),
    EXTERNAL("External"),
    /**
     * A spelling KubeVirt does not define. It acts as None: KubeVirt's eviction admitter matches
     * only the three strategies it knows and lets any other eviction through.
     */
    UNKNOWN("Unknown");

    private final String spelling;

    EvictionStrategy(String spelling) {
        this.spelling = spelling;
    }

    /** The value as KubeVirt spells it in YAML. */
    public String spelling() {
        return spelling;
    }

    /** The spellings KubeVirt defines, in its documentation's order. */
    public static List<String> spellings() {
        return Stream.of(values()).filter(s -> s != UNKNOWN).map(EvictionStrategy::spelling).toList();
    }

    /** Blank or absent text is no strategy; text KubeVirt does not define is {@link #UNKNOWN}. */
    public static Optional<EvictionStrategy> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        for (EvictionStrategy strategy : values()) {
            if (strategy != UNKNOWN && strategy.spelling.equals(text.trim())) {
                return Optional.of(strategy);
            }
        }
        return Optional.of(UNKNOWN);
    }
}
