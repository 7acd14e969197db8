package io.hcoguard.migratability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VmiMovementTest {

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("{phase: Running}", VmiMovement.NONE),
                Arguments.of("{evacuationNodeName: worker-1}", new VmiMovement("worker-1", false, "")),
                Arguments.of("{evacuationNodeName: worker-1, migrationState: {sourceNode: worker-1, targetNode: worker-2,"
                        + " startTimestamp: '2025-11-03T10:00:00Z'}}", new VmiMovement("worker-1", true, "worker-2")),
                Arguments.of("{migrationState: {sourceNode: worker-1}}", new VmiMovement("", true, "")),
                Arguments.of("{migrationState: {targetNode: worker-2, completed: true}}", VmiMovement.NONE),
                Arguments.of("{migrationState: {targetNode: worker-2, completed: true, failed: true}}", VmiMovement.NONE),
                Arguments.of("{migrationState: {targetNode: worker-2, failed: true}}", VmiMovement.NONE),
                Arguments.of("{migrationState: not-a-map, evacuationNodeName: 7}", new VmiMovement("7", false, "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void readsTheEvacuationAndTheMigrationInFlightFromTheStatus(String status, VmiMovement expected) {
        assertThat(KubeObjects.ownedVmi("{domain: {}}", status).movement()).isEqualTo(expected);
    }
}
