package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.hcoguard.inventory.WatchEnd;
import io.hcoguard.inventory.WatchedKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With a bound of a few seconds and nothing wrong, the API server ends every watch each second
 * and each is made again at once: the view never stops being synced, and keeping the bound costs
 * the admission path nothing (the watches and a timer keep it, never a call per request).
 */
@QuarkusTest
@TestProfile(FaultsProfile.class)
class HealthyWatchesE2ETest {

    final AppView view = AppView.of(this, RestartableControlPlane::admin);

    @Test
    void healthyWatchesStaySyncedAcrossTheirServerTimeoutsAndCostNoApiCallPerRequest() {
        await().atMost(Duration.ofSeconds(60)).until(view::synced);
        // Counters since the app started: the fault tests before this one share the app, and made watches stale.
        long endedBefore = view.reestablished(WatchedKind.VIRTUAL_MACHINE_INSTANCE, WatchEnd.TIMEOUT);
        long staleBefore = view.reestablished(WatchedKind.VIRTUAL_MACHINE_INSTANCE, WatchEnd.STALE);
        Map<String, Long> callsBefore = ApiServerRequests.count(RestartableControlPlane.admin());
        long start = System.nanoTime();
        int reviews = 0;

        // Three bounds long: every watch is ended by the API server and made again several times.
        while (BehindFaultedLink.since(start).compareTo(FaultsProfile.MAX_STALENESS.multipliedBy(3)) < 0) {
            assertThat(view.synced()).isTrue();
            DirectReviews.requestClusterUpgradeDryRun("steady-" + reviews++, "4.16.1").statusCode(200)
                    .body("response.allowed", equalTo(true));
        }

        ManagementPort.health("group/cluster-view").statusCode(200).body("status", equalTo("UP"));
        assertThat(ApiServerRequests.count(RestartableControlPlane.admin())).isEqualTo(callsBefore);
        long ended = view.reestablished(WatchedKind.VIRTUAL_MACHINE_INSTANCE, WatchEnd.TIMEOUT) - endedBefore;
        assertThat(ended).isGreaterThanOrEqualTo(FaultsProfile.MAX_STALENESS.multipliedBy(3).toSeconds() / 2);
        assertThat(view.reestablished(WatchedKind.VIRTUAL_MACHINE_INSTANCE, WatchEnd.STALE) - staleBefore).isZero();
        assertThat(ManagementPort.metric("hco_guard_watch_reestablished_total{cause=\"timeout\",kind=\"VirtualMachineInstance\"}"))
                .isGreaterThanOrEqualTo(ended);
        System.out.printf("HealthyWatchesE2ETest: %d gated reviews in %d ms, all decided while synced; "
                + "the VMI watch was ended by the API server and made again %d times; no API call%n",
                reviews, BehindFaultedLink.since(start).toMillis(), ended);
    }
}
