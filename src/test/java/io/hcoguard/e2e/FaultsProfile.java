package io.hcoguard.e2e;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The fault tests' app instance: its own {@link RestartableControlPlane}, reached through a proxy
 * the tests fault, and a staleness bound of a few seconds so that the suite stays fast (a watch is
 * then ended by the API server every second and re-established).
 */
public class FaultsProfile implements QuarkusTestProfile {

    static final Duration MAX_STALENESS = Duration.ofSeconds(3);
    /**
     * Added to the bound where a test waits for it to be kept: the machine is shared with other
     * builds, and the tests assert the bound, not a speed (the times are printed).
     */
    static final Duration SLACK = Duration.ofSeconds(2);

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RestartableControlPlane.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("guard.inventory.max-staleness", MAX_STALENESS.toSeconds() + "s");
    }

    /** The bound plus slack: how long a test waits for the bound to be kept. */
    static Duration withinTheBound() {
        return MAX_STALENESS.plus(SLACK);
    }
}
