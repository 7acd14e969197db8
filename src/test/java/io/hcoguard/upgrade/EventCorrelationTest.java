package io.hcoguard.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EventCorrelationTest {

    private static final EventCorrelation.Key VERSION =
            new EventCorrelation.Key(null, "config.openshift.io/v1", "ClusterVersion", "version", "uid-1", "Warning", "UpgradeBlocked");

    private final EventCorrelation correlation = new EventCorrelation();
    private final AtomicInteger named = new AtomicInteger();
    private final Supplier<String> names = () -> "event-" + named.incrementAndGet();

    @Test
    void aRepeatedDenialCountsInTheEventOfTheFirst() {
        assertThat(correlation.observe(VERSION, "T1", names)).isEqualTo(new EventCorrelation.Occurrence("event-1", 1, "T1"));
        assertThat(correlation.observe(VERSION, "T2", names)).isEqualTo(new EventCorrelation.Occurrence("event-1", 2, "T1"));
        assertThat(correlation.observe(VERSION, "T3", names)).isEqualTo(new EventCorrelation.Occurrence("event-1", 3, "T1"));
    }

    @Test
    void anotherObjectTypeOrReasonOrARecreatedObjectGetsItsOwnEvent() {
        correlation.observe(VERSION, "T1", names);

        assertThat(correlation.observe(new EventCorrelation.Key(null, "config.openshift.io/v1", "ClusterVersion", "version",
                "uid-2", "Warning", "UpgradeBlocked"), "T2", names).eventName()).isEqualTo("event-2");
        assertThat(correlation.observe(new EventCorrelation.Key("openshift-cnv", "operators.coreos.com/v1alpha1", "InstallPlan",
                "install-abc", "uid-3", "Warning", "UpgradeBlocked"), "T3", names).eventName()).isEqualTo("event-3");
        assertThat(correlation.observe(new EventCorrelation.Key(null, "config.openshift.io/v1", "ClusterVersion", "version",
                "uid-1", "Warning", "OverrideRefused"), "T4", names).eventName()).isEqualTo("event-4");
        assertThat(correlation.observe(new EventCorrelation.Key(null, "config.openshift.io/v1", "ClusterVersion", "version",
                "uid-1", "Normal", "UpgradeBlocked"), "T4", names).eventName()).isEqualTo("event-5");
        assertThat(correlation.observe(VERSION, "T5", names)).isEqualTo(new EventCorrelation.Occurrence("event-1", 2, "T1"));
    }

    @Test
    void anEventTheApiServerNoLongerHasStartsAgainAtOne() {
        correlation.observe(VERSION, "T1", names);
        correlation.observe(VERSION, "T2", names);

        correlation.forget(VERSION);

        assertThat(correlation.observe(VERSION, "T3", names)).isEqualTo(new EventCorrelation.Occurrence("event-2", 1, "T3"));
    }

    @Test
    void remembersTheMostRecentObjectsOnly() {
        correlation.observe(VERSION, "T0", names);
        for (int i = 0; i < EventCorrelation.MAX_REMEMBERED; i++) {
            correlation.observe(new EventCorrelation.Key("ns", "v1", "Object", "o" + i, "u" + i, "Warning", "UpgradeBlocked"), "T1", names);
        }

        assertThat(correlation.observe(VERSION, "T2", names).count()).isEqualTo(1);
    }
}
