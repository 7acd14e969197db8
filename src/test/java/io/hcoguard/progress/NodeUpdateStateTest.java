package io.hcoguard.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.drain.LabelSelector;
import io.hcoguard.drain.MachineConfigPoolSnapshot;
import io.hcoguard.placement.NodeSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeUpdateStateTest {

    private static final MachineConfigPoolSnapshot ROLLING_OUT = pool("rendered-worker-new", "rendered-worker-old");
    private static final MachineConfigPoolSnapshot NOTHING_RENDERED = pool("", "");

    static Stream<Arguments> nodes() {
        return Stream.of(
                Arguments.of("runs the target", ROLLING_OUT, "rendered-worker-new", "rendered-worker-new", "Done", false,
                        NodeUpdateState.UPDATED),
                Arguments.of("handed the target, applying it", ROLLING_OUT, "rendered-worker-old", "rendered-worker-new", "Working",
                        false, NodeUpdateState.UPDATING),
                Arguments.of("not handed the target yet", ROLLING_OUT, "rendered-worker-old", "rendered-worker-old", "Done", false,
                        NodeUpdateState.WAITING),
                Arguments.of("the daemon is degraded", ROLLING_OUT, "rendered-worker-old", "rendered-worker-new", "Degraded", false,
                        NodeUpdateState.DEGRADED),
                Arguments.of("unreconcilable", ROLLING_OUT, "rendered-worker-old", "rendered-worker-new", "Unreconcilable", false,
                        NodeUpdateState.DEGRADED),
                Arguments.of("being drained, whatever else", ROLLING_OUT, "rendered-worker-old", "rendered-worker-new", "Working",
                        true, NodeUpdateState.DRAINING),
                Arguments.of("nothing rendered for the pool: the node's own desired config", NOTHING_RENDERED, "rendered-a",
                        "rendered-a", "Done", false, NodeUpdateState.UPDATED),
                Arguments.of("never annotated by the machine-config operator", ROLLING_OUT, null, null, null, false,
                        NodeUpdateState.NOT_MANAGED),
                Arguments.of("no pool updates it", null, "rendered-worker-old", "rendered-worker-new", "Working", false,
                        NodeUpdateState.NOT_MANAGED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    void readsWhereTheNodeIsInItsPoolsRollout(String why, MachineConfigPoolSnapshot pool, String current, String desired,
            String state, boolean draining, NodeUpdateState expected) {
        Map<String, String> annotations = new HashMap<>();
        put(annotations, NodeSnapshot.CURRENT_CONFIG, current);
        put(annotations, NodeSnapshot.DESIRED_CONFIG, desired);
        put(annotations, NodeSnapshot.MACHINE_CONFIG_STATE, state);
        NodeSnapshot node = new NodeSnapshot("worker-1", Map.of(), List.of(), false, true, annotations);

        assertThat(NodeUpdateState.of(node, Optional.ofNullable(pool), draining)).as(why).isEqualTo(expected);
    }

    private static void put(Map<String, String> annotations, String key, String value) {
        if (value != null) {
            annotations.put(key, value);
        }
    }

    private static MachineConfigPoolSnapshot pool(String spec, String status) {
        return new MachineConfigPoolSnapshot("worker", Map.of(), false, LabelSelector.NOTHING, LabelSelector.NOTHING, spec, status);
    }
}
