package io.hcoguard.hyperconverged;

import java.util.Optional;
import java.util.stream.Stream;

/** How KubeVirt may disrupt a running VMI to move it onto an updated virt-launcher. */
public enum WorkloadUpdateMethod {
    LIVE_MIGRATE("LiveMigrate"),
    EVICT("Evict");

    public static final AllowedValues ALLOWED =
            new AllowedValues(Stream.of(values()).map(WorkloadUpdateMethod::value).toList());

    private final String value;

    WorkloadUpdateMethod(String value) {
        this.value = value;
    }

    /** The spelling the API uses. */
    public String value() {
        return value;
    }

    public static Optional<WorkloadUpdateMethod> of(String value) {
        return Stream.of(values()).filter(method -> method.value.equals(value)).findFirst();
    }
}
