package io.hcoguard.progress;

import static io.hcoguard.progress.Drains.cluster;
import static io.hcoguard.progress.Drains.migratable;
import static io.hcoguard.progress.Drains.migratingTo;
import static io.hcoguard.progress.Drains.stalling;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.drain.NodeMaintenanceSnapshot.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainNoticeTest {

    @Test
    void aStalledDrainGetsOneEventOnTheNodeAndOneOnEachVmiThatWillNotLeaveWithItsFix() {
        List<DrainNotice> notices = DrainNotice.of(cluster()
                .node("worker-1", "desiredDrain=drain-rendered-worker-new", "lastAppliedDrain=uncordon-rendered-worker-old")
                .node("worker-2")
                .vmi(stalling("db", "pg-0", "worker-1"))
                .vmi(migratable("web", "front", "worker-1"), migratingTo("worker-1", "worker-2"))
                .drains());

        assertThat(notices).extracting(DrainNotice::involved).containsExactly(
                new DrainNotice.Involved("v1", "Node", "", "worker-1"),
                new DrainNotice.Involved("kubevirt.io/v1", "VirtualMachineInstance", "db", "pg-0"));
        assertThat(notices).extracting(DrainNotice::namespace).containsExactly("default", "db");
        assertThat(notices).extracting(DrainNotice::reason).containsOnly("DrainStalled");
        assertThat(notices.get(0).message()).isEqualTo("The drain of worker-1 by the machine-config operator"
                + " (drain-rendered-worker-new) waits on 1 VMI that will not leave: db/pg-0. Each has an Event with its fix;"
                + " `kubectl hco-guard status` shows the whole update.");
        assertThat(notices.get(1).message()).isEqualTo("Stalls the drain of worker-1 by the machine-config operator"
                + " (drain-rendered-worker-new): it refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits"
                + " forever. Fix: Make VM db/pg-0 migratable, or set evictionStrategy LiveMigrateIfPossible with runStrategy"
                + " Always, then restart it so the running VMI picks them up: kubectl patch vm pg-0 -n db --type=merge -p"
                + " '{\"spec\":{\"running\":null,\"runStrategy\":\"Always\",\"template\":{\"spec\":{\"evictionStrategy\":"
                + "\"LiveMigrateIfPossible\"}}}}'; virtctl restart pg-0 -n db.");
    }

    @Test
    void namesEachEventAfterItsObjectAndTheDrainSoEveryReplicaWritesTheSameOne() {
        Drains first = cluster().node("worker-1", "desiredDrain=drain-rendered-worker-new").vmi(stalling("db", "pg-0", "worker-1"));
        Drains again = cluster().node("worker-1", "desiredDrain=drain-rendered-worker-new").vmi(stalling("db", "pg-0", "worker-1"))
                .vmi(stalling("db", "pg-1", "worker-1"));
        Drains nextUpdate = cluster().node("worker-1", "desiredDrain=drain-rendered-worker-newer")
                .vmi(stalling("db", "pg-0", "worker-1"));

        List<String> names = DrainNotice.of(first.drains()).stream().map(DrainNotice::name).toList();
        List<String> later = DrainNotice.of(again.drains()).stream().map(DrainNotice::name).toList();
        List<String> next = DrainNotice.of(nextUpdate.drains()).stream().map(DrainNotice::name).toList();

        assertThat(names).hasSize(2).allMatch(name -> name.matches("(worker-1|pg-0)\\.hco-guard-drain-[0-9a-f]{12}"));
        assertThat(later).hasSize(3).startsWith(names.get(0), names.get(1));
        assertThat(next).hasSize(2).doesNotContainAnyElementsOf(names);
    }

    @Test
    void drainsThatWaitOnNothingStuckCallForNoEvent() {
        assertThat(DrainNotice.of(cluster()
                .node("worker-1", "desiredDrain=drain-rendered-worker-new")
                .node("worker-2").maintenance("nm-worker-2", "worker-2", Phase.RUNNING)
                .vmi(migratable("web", "front", "worker-1"), migratingTo("worker-1", "worker-3"))
                .drains())).isEmpty();
    }

    @Test
    void keepsNamesValidAndMessagesWithinWhatTheApiServerStores() {
        String longName = "n".repeat(250);
        List<DrainNotice> notices = DrainNotice.of(List.of(new NodeDrain(longName, List.of(new DrainCause.Maintenance("m".repeat(900))),
                cluster().node(longName).vmi(stalling("db", "pg-0", longName)).snapshot().running().stream()
                        .map(v -> new DrainedVmi(v, Departure.WILL_NOT_LEAVE)).toList())));

        assertThat(notices.get(0).name()).hasSize(253).matches("n+\\.hco-guard-drain-[0-9a-f]{12}");
        assertThat(notices.get(0).message()).hasSize(1024).endsWith("...");
    }
}
