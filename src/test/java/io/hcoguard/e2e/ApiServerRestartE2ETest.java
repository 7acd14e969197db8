package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.hcoguard.inventory.WatchEnd;
import io.hcoguard.inventory.WatchedKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API server is killed and started again on the same etcd, after changes the app did not see:
 * its watch cache starts afresh, the watches' resourceVersion is older than anything it holds, so
 * it answers 410 Gone and the kinds are listed again. The view ends equal to a fresh list.
 */
@QuarkusTest
@TestProfile(FaultsProfile.class)
class ApiServerRestartE2ETest extends BehindFaultedLink {

    static final String NS = "restart-e2e";
    /** A killed API server comes back in seconds; the watches retry at most every half bound. */
    static final Duration BACK = Duration.ofSeconds(60);

    @BeforeAll
    static void cluster() {
        namespaceWithHostpathPvcs(NS, "stays-root", "goes-root", "comes-root");
    }

    @Test
    void afterAnApiServerRestartTheViewEqualsAFreshList() {
        workloads.runningVm(NS, "stays", "Manual", "LiveMigrate", "stays-root");
        workloads.runningVm(NS, "goes", "Manual", "LiveMigrate", "goes-root");
        await().atMost(Duration.ofSeconds(60)).until(() -> view.synced() && blockingVmis().equals(List.of(NS + "/goes", NS + "/stays")));
        long relistsBefore = view.reestablished(WatchedKind.VIRTUAL_MACHINE_INSTANCE, WatchEnd.GONE);

        RestartableControlPlane.appLink().cut(); // the app misses what follows
        workloads.deleteVmi(NS, "goes");
        workloads.runningVm(NS, "comes", "Always", "LiveMigrate", "comes-root"); // restarted after eviction: blocks by stalling only
        long restarting = System.nanoTime();
        RestartableControlPlane.restartApiServer();
        Duration restart = since(restarting);
        RestartableControlPlane.appLink().restore();

        long restored = System.nanoTime();
        await().atMost(BACK).pollInterval(Duration.ofMillis(100)).until(view::synced);
        Duration recovery = since(restored);
        assertThat(blockingVmis()).containsExactly(NS + "/comes", NS + "/stays");
        assertThat(view.reestablished(WatchedKind.VIRTUAL_MACHINE_INSTANCE, WatchEnd.GONE)).isGreaterThan(relistsBefore);
        assertThat(view.comparedWithFreshList()).isEqualTo("consistent");
        ManagementPort.health("group/cluster-view").statusCode(200).body("status", equalTo("UP"));

        System.out.printf("ApiServerRestartE2ETest: API server killed and ready again in %d ms; link restored -> view synced in %d ms%n",
                restart.toMillis(), recovery.toMillis());
    }

    private List<String> blockingVmis() {
        return view.clusterBlockers().stream().filter(ref -> ref.startsWith(NS + "/")).sorted().toList();
    }
}
