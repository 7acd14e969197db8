package io.hcoguard.hyperconverged;

import java.util.Optional;
import java.util.stream.Stream;

/** What KubeVirt does with a VMI whose node is drained. */
public enum EvictionStrategy {
    NONE("None"),
    LIVE_MIGRATE("LiveMigrate"),
    LIVE_MIGRATE_IF_POSSIBLE("LiveMigrateIfPossible"),
    EXTERNAL("External");

    public static final AllowedValues ALLOWED =
            new AllowedValues(Stream.of(values()).map(EvictionStrategy::value).toList());

    private final String value;

    EvictionStrategy(String value) {
        this.value = value;
    }

    /** The spelling the API uses. */
    public String value() {
        return value;
    }

    public static Optional<EvictionStrategy> of(String value) {
        return Stream.of(values()).filter(strategy -> strategy.value.equals(value)).findFirst();
    }
}
