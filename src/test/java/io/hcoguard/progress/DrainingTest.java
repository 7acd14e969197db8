package io.hcoguard.progress;

import static io.hcoguard.progress.Drains.T0;
import static io.hcoguard.progress.Drains.cluster;
import static io.hcoguard.progress.Drains.migratable;
import static io.hcoguard.progress.Drains.migratingTo;
import static io.hcoguard.progress.Drains.stalling;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.drain.NodeMaintenanceSnapshot.Phase;
import org.junit.jupiter.api.Test;

class DrainingTest {

    @Test
    void listsEveryVmiTheDrainWaitsOnAndCountsThoseThatWillNotLeave() {
        Draining draining = Draining.of(cluster().node("worker-1", "desiredDrain=drain-rendered-worker-new")
                .vmi(stalling("db", "pg-0", "worker-1"))
                .vmi(migratable("web", "front", "worker-1"), migratingTo("worker-1", "worker-2"))
                .drains().get(0), T0);

        assertThat(draining).isEqualTo(new Draining("2025-11-03T10:00:00Z",
                "the machine-config operator (drain-rendered-worker-new)", 1, java.util.List.of(
                        new Draining.Waiting("db", "pg-0", "WILL_NOT_LEAVE", "STALLS_DRAIN", ""),
                        new Draining.Waiting("web", "front", "MIGRATING", "MIGRATES", "worker-2"))));
        assertThat(draining.summary()).isEqualTo("draining since 2025-11-03T10:00:00Z (first seen by hco-guard), by the"
                + " machine-config operator (drain-rendered-worker-new); waits on 1 VMI that will not leave: db/pg-0");
    }

    @Test
    void saysWhenNothingIsStuckOrNothingIsLeft() {
        Drains drains = cluster().node("worker-1").node("worker-2")
                .maintenance("nm-1", "worker-1", Phase.RUNNING).maintenance("nm-2", "worker-2", Phase.RUNNING)
                .vmi(migratable("web", "front", "worker-1"));

        assertThat(drains.drains()).extracting(d -> Draining.of(d, T0).summary()).containsExactly(
                "draining since 2025-11-03T10:00:00Z (first seen by hco-guard), by NodeMaintenance nm-1; 1 VMI still on it,"
                        + " none stuck",
                "draining since 2025-11-03T10:00:00Z (first seen by hco-guard), by NodeMaintenance nm-2; no running VMI"
                        + " left on it");
    }
}
