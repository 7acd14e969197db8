package io.hcoguard.e2e;

import static io.hcoguard.e2e.DirectReviews.CLUSTER_UPGRADE_NOT_VERIFIABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.hcoguard.inventory.WatchEnd;
import io.hcoguard.inventory.WatchState;
import io.hcoguard.inventory.WatchedKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A silent partition between the app and its API server: the proxy stops forwarding without
 * closing either side, so no connection breaks and only the API server's missing proofs of life
 * can tell. Within the staleness bound the view is not synced (its health group DOWN, readiness
 * still UP, a cluster upgrade denied as not verifiable); after the partition heals, a blocking VM
 * created during it is in the view and blocks within the bound, without a restart, and the view
 * equals a fresh list.
 */
@QuarkusTest
@TestProfile(FaultsProfile.class)
class SilentPartitionE2ETest extends BehindFaultedLink {

    static final String NS = "partition-e2e";
    private static final String VMI_STALENESS = "hco_guard_watch_staleness_seconds{kind=\"VirtualMachineInstance\"}";

    @BeforeAll
    static void cluster() {
        namespaceWithHostpathPvcs(NS, "late-root");
    }

    @Test
    void aSilentPartitionIsDetectedWithinTheBoundAndHealsWithoutARestart() {
        await().atMost(Duration.ofSeconds(60)).until(view::synced);
        ManagementPort.health("ready").statusCode(200).body("status", equalTo("UP"));
        long staleBefore = view.reestablished(WatchedKind.VIRTUAL_MACHINE_INSTANCE, WatchEnd.STALE);
        double blockingBefore = view.meter("hco_guard_blocking_vmis", "upgrade", "cluster");

        long partitioned = System.nanoTime();
        RestartableControlPlane.appLink().blackhole();

        await().atMost(FaultsProfile.withinTheBound()).pollInterval(Duration.ofMillis(50))
                .until(() -> ManagementPort.healthStatus("group/cluster-view") == 503);
        Duration detection = since(partitioned);
        assertThat(view.synced()).isFalse();
        // Still ready: it can answer, and the HyperConverged rules need no view (DESIGN, revised 2026-12-06).
        ManagementPort.health("ready").statusCode(200).body("status", equalTo("UP"));
        // Each watch finds out on its own, within the bound of its own last proof.
        await().atMost(FaultsProfile.withinTheBound().minus(since(partitioned))).pollInterval(Duration.ofMillis(50))
                .until(() -> view.watchState().values().stream().noneMatch(WatchState::trusted)
                        && !view.crdWatchState().trusted());
        assertThat(ManagementPort.metric(VMI_STALENESS)).isGreaterThan(FaultsProfile.MAX_STALENESS.toSeconds());
        DirectReviews.requestClusterUpgrade("partitioned", "4.16.1").statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", equalTo(CLUSTER_UPGRADE_NOT_VERIFIABLE));
        ManagementPort.health("live").statusCode(200).body("status", equalTo("UP"));

        // Behind the partition: a VM that blocks upgrades starts.
        workloads.runningVm(NS, "late", "Manual", "LiveMigrate", "late-root");
        // The view keeps what it saw last; the report that names VMIs needs the API server to check its
        // caller's token, the metrics do not.
        assertThat(view.meter("hco_guard_blocking_vmis", "upgrade", "cluster")).isEqualTo(blockingBefore);

        long healed = System.nanoTime();
        RestartableControlPlane.appLink().heal();

        await().atMost(FaultsProfile.withinTheBound()).pollInterval(Duration.ofMillis(50))
                .until(() -> view.synced() && blockingVmis().contains(NS + "/late"));
        Duration recovery = since(healed);
        DirectReviews.requestClusterUpgrade("healed", "4.16.1").statusCode(200)
                .body("response.allowed", equalTo(false))
                .body("response.status.message", startsWith("Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the"
                        + " drain.\nBy node: worker-1: 1\n- partition-e2e/late (VM partition-e2e/late) on worker-1: refuses eviction"
                        + " (LiveMigrate, not migratable): the drain of worker-1 waits forever\n"));
        ManagementPort.health("ready").statusCode(200).body("status", equalTo("UP"));
        // The watches re-established themselves: the same app, never restarted.
        assertThat(view.reestablished(WatchedKind.VIRTUAL_MACHINE_INSTANCE, WatchEnd.STALE)).isGreaterThan(staleBefore);
        assertThat(ManagementPort.metric(VMI_STALENESS)).isLessThanOrEqualTo(FaultsProfile.MAX_STALENESS.toSeconds());
        assertThat(view.comparedWithFreshList()).isEqualTo("consistent");

        System.out.printf("SilentPartitionE2ETest: bound %d ms; blackhole -> view not synced in %d ms; "
                + "heal -> VM created during the partition in the view and blocking in %d ms%n",
                FaultsProfile.MAX_STALENESS.toMillis(), detection.toMillis(), recovery.toMillis());
    }

    private List<String> blockingVmis() {
        return view.clusterBlockers();
    }
}
