package io.hcoguard.progress;

import static io.hcoguard.progress.Drains.cluster;
import static io.hcoguard.progress.Drains.migratable;
import static io.hcoguard.progress.Drains.migratingTo;
import static io.hcoguard.progress.Drains.stalling;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.drain.NodeMaintenanceSnapshot.Phase;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.RunStrategy;
import io.hcoguard.migratability.Verdicts;
import io.hcoguard.migratability.VmiMovement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class DrainsInProgressTest {

    static Stream<Arguments> machineConfigAnnotations() {
        return Stream.of(
                Arguments.of("asked to drain for a new config, the previous request done",
                        List.of("desiredDrain=drain-rendered-worker-new", "lastAppliedDrain=uncordon-rendered-worker-old"),
                        List.of("worker-2 by the machine-config operator (drain-rendered-worker-new)")),
                Arguments.of("asked to drain, never drained before (no lastAppliedDrain yet)",
                        List.of("desiredDrain=drain-rendered-worker-new"),
                        List.of("worker-2 by the machine-config operator (drain-rendered-worker-new)")),
                Arguments.of("the drain is done: lastAppliedDrain caught up",
                        List.of("desiredDrain=drain-rendered-worker-new", "lastAppliedDrain=drain-rendered-worker-new"),
                        List.of()),
                Arguments.of("asked to uncordon after the update",
                        List.of("desiredDrain=uncordon-rendered-worker-new", "lastAppliedDrain=drain-rendered-worker-new"),
                        List.of()),
                Arguments.of("uncordoned and idle",
                        List.of("desiredDrain=uncordon-rendered-worker-old", "lastAppliedDrain=uncordon-rendered-worker-old"),
                        List.of()),
                Arguments.of("a verb the drain controller does not know",
                        List.of("desiredDrain=drainage-rendered-worker-new", "lastAppliedDrain=uncordon-rendered-worker-old"),
                        List.of()),
                Arguments.of("no machine-config annotations (not an OpenShift node)", List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("machineConfigAnnotations")
    void readsTheMachineConfigOperatorsDrainRequestAsItsDrainControllerDoes(String why, List<String> annotations,
            List<String> drains) {
        List<NodeDrain> found = cluster().node("worker-1").node("worker-2", annotations.toArray(String[]::new)).drains();

        assertThat(found).extracting(d -> d.node() + " by " + d.drainedBy()).as(why).isEqualTo(drains);
    }

    @Test
    void aRunningNodeMaintenanceDrainsItsNodeAndOnlyWhileRunning() {
        List<NodeDrain> found = cluster().node("worker-1").node("worker-2").node("worker-3")
                .maintenance("nm-worker-1", "worker-1", Phase.RUNNING)
                .maintenance("nm-worker-2", "worker-2", Phase.SUCCEEDED)
                .maintenance("nm-worker-3", "worker-3", Phase.NOT_REPORTED)
                .maintenance("nm-gone", "worker-9", Phase.FAILED)
                .drains();

        assertThat(found).extracting(d -> d.node() + " by " + d.drainedBy() + " as " + d.id())
                .containsExactly("worker-1 by NodeMaintenance nm-worker-1 as nodemaintenance/nm-worker-1");
    }

    @Test
    void aCordonedNodeDrainsWhenKubeVirtMarkedAVmiOnItForEvacuation() {
        VmiMovement evacuatedFromWorker1 = new VmiMovement("worker-1", false, "");
        VmiMovement evacuatedFromWorker2 = new VmiMovement("worker-2", false, "");
        List<NodeDrain> found = cluster()
                .cordoned("worker-1").vmi(migratable("web", "a", "worker-1"), evacuatedFromWorker1)
                .node("worker-2").vmi(migratable("web", "b", "worker-2"), evacuatedFromWorker2)
                .cordoned("worker-3").vmi(migratable("web", "c", "worker-3"))
                .drains();

        assertThat(found).extracting(d -> d.node() + " by " + d.drainedBy())
                .containsExactly("worker-1 by an eviction of its pods (cordoned, VMIs marked for evacuation)");
    }

    @Test
    void namesEveryCauseButIsNamedAfterTheFirstAndCountsEvacuationMarksAsTheOtherDrainsDoing() {
        List<NodeDrain> found = cluster()
                .cordoned("worker-1", "desiredDrain=drain-rendered-worker-new", "lastAppliedDrain=uncordon-rendered-worker-old")
                .maintenance("nm-worker-1", "worker-1", Phase.RUNNING)
                .vmi(migratable("web", "a", "worker-1"), new VmiMovement("worker-1", false, ""))
                .drains();

        assertThat(found).hasSize(1);
        assertThat(found.get(0).drainedBy()).isEqualTo("the machine-config operator (drain-rendered-worker-new) and"
                + " NodeMaintenance nm-worker-1");
        assertThat(found.get(0).id()).isEqualTo("mco/drain-rendered-worker-new");
    }

    @Test
    void saysHowEachVmiOnTheDrainingNodeLeavesIt() {
        NodeDrain drain = cluster()
                .node("worker-1", "desiredDrain=drain-rendered-worker-new")
                .node("worker-2")
                .vmi(stalling("db", "pg-0", "worker-1"))
                .vmi(stalling("db", "pg-1", "worker-1"), migratingTo("worker-1", "worker-2"))
                .vmi(migratable("web", "front", "worker-1"), migratingTo("worker-1", "worker-2"))
                .vmi(migratable("web", "queued", "worker-1"))
                .vmi(Verdicts.vmi("capi", "tenant").on("worker-1").strategy(EvictionStrategy.EXTERNAL))
                .vmi(Verdicts.vmi("lab", "scratch").on("worker-1").strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL))
                .vmi(migratable("web", "elsewhere", "worker-2"))
                .drains().get(0);

        assertThat(drain.vmis()).extracting(DrainedVmi::describe).containsExactly(
                "capi/tenant: waits for its external controller (WAITS_FOR_EXTERNAL_CONTROLLER)",
                "db/pg-0: will not leave (STALLS_DRAIN)",
                "db/pg-1: will not leave (STALLS_DRAIN)",
                "lab/scratch: to be shut down",
                "web/front: migrating to worker-2",
                "web/queued: to be migrated");
        assertThat(drain.willNotLeave()).extracting(DrainedVmi::ref).containsExactly("db/pg-0", "db/pg-1");
        assertThat(drain.stalled()).isTrue();
    }

    @Test
    void aDrainWithNothingStuckIsNotStalled() {
        NodeDrain drain = cluster().node("worker-1", "desiredDrain=drain-rendered-worker-new")
                .vmi(migratable("web", "front", "worker-1"), migratingTo("worker-1", ""))
                .drains().get(0);

        assertThat(drain.stalled()).isFalse();
        assertThat(drain.vmis()).extracting(DrainedVmi::describe).containsExactly("web/front: migrating");
    }

    @Test
    void aNodeWithoutDrainIsNotListedWhateverItsVmis() {
        assertThat(cluster().node("worker-1").vmi(stalling("db", "pg-0", "worker-1")).drains()).isEmpty();
    }
}
