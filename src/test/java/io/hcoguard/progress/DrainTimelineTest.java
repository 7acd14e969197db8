package io.hcoguard.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainTimelineTest {

    private static final Instant T0 = Drains.T0;
    private final DrainTimeline timeline = new DrainTimeline();

    @Test
    void keepsTheFirstSightingWhileTheNodeDrainsAndForgetsItOnceItStops() {
        NodeDrain worker1 = drain("worker-1");
        NodeDrain worker2 = drain("worker-2");

        assertThat(timeline.observe(List.of(worker1), T0)).isEqualTo(Map.of("worker-1", T0));
        assertThat(timeline.observe(List.of(worker1, worker2), T0.plusSeconds(10)))
                .isEqualTo(Map.of("worker-1", T0, "worker-2", T0.plusSeconds(10)));
        assertThat(timeline.observe(List.of(worker2), T0.plusSeconds(20))).isEqualTo(Map.of("worker-2", T0.plusSeconds(10)));
        assertThat(timeline.observe(List.of(worker1, worker2), T0.plusSeconds(30)))
                .isEqualTo(Map.of("worker-1", T0.plusSeconds(30), "worker-2", T0.plusSeconds(10)));
    }

    @Test
    void aReaderSeesTheSameSinceAsTheWatch() {
        timeline.observe(List.of(drain("worker-1")), T0);

        assertThat(timeline.since("worker-1", T0.plusSeconds(60))).isEqualTo(T0);
        assertThat(timeline.since("worker-2", T0.plusSeconds(60))).isEqualTo(T0.plusSeconds(60));
    }

    private static NodeDrain drain(String node) {
        return new NodeDrain(node, List.of(new DrainCause.Maintenance("nm-" + node)), List.of());
    }
}
