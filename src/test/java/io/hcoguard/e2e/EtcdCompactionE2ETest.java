package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hcoguard.inventory.WatchEnd;
import io.hcoguard.inventory.WatchedKind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * While a silent partition keeps the app away (long enough for its watches to be abandoned), PVCs
 * change and etcd is compacted past the PVC watch's resourceVersion (PVCs are served without the watch cache here, see
 * {@link RestartableControlPlane}): after the partition heals the API server answers 410 Gone,
 * the PVCs are listed again, and a PVC deleted meanwhile, whose deletion no watch can replay any
 * more, is gone from the view too. The view ends equal to a fresh list.
 */
@QuarkusTest
@TestProfile(FaultsProfile.class)
class EtcdCompactionE2ETest extends BehindFaultedLink {

    static final String NS = "compaction-e2e";

    @BeforeAll
    static void cluster() {
        namespaceWithHostpathPvcs(NS, "keeps-root", "loses-root");
    }

    @Test
    void afterACompactionPastTheWatchesResourceVersionTheViewEqualsAFreshList() {
        workloads.runningVm(NS, "keeps", "Manual", "LiveMigrate", "keeps-root");
        workloads.runningVm(NS, "loses", "Manual", "LiveMigrate", "loses-root");
        await().atMost(Duration.ofSeconds(60)).until(() -> view.synced() && hostpathBlockers().equals(List.of(NS + "/keeps", NS + "/loses")));
        long relistsBefore = view.reestablished(WatchedKind.PERSISTENT_VOLUME_CLAIM, WatchEnd.GONE);

        RestartableControlPlane.appLink().blackhole();
        workloads.deletePvc(NS, "loses-root"); // its VMI no longer sits on hostpath storage
        workloads.hostpathPvc(NS, "new-root");
        workloads.runningVm(NS, "new", "Manual", "LiveMigrate", "new-root");
        long revision = RestartableControlPlane.compactEtcd();
        // Long enough for the watches to be abandoned: those made again carry the resourceVersion from before.
        await().atMost(FaultsProfile.withinTheBound()).until(() -> !view.synced());
        long healed = System.nanoTime();
        RestartableControlPlane.appLink().heal();

        await().atMost(FaultsProfile.withinTheBound()).pollInterval(Duration.ofMillis(50))
                .until(() -> view.synced() && hostpathBlockers().equals(List.of(NS + "/keeps", NS + "/new")));
        Duration recovery = since(healed);
        assertThat(view.reestablished(WatchedKind.PERSISTENT_VOLUME_CLAIM, WatchEnd.GONE)).isGreaterThan(relistsBefore);
        assertThat(view.comparedWithFreshList()).isEqualTo("consistent");

        System.out.printf("EtcdCompactionE2ETest: etcd compacted at revision %d; heal -> PVCs listed again and the view synced in %d ms%n",
                revision, recovery.toMillis());
    }

    /** VMIs of this namespace that block because of a PVC on hostpath storage ("PVC name on hostpath storage"). */
    private List<String> hostpathBlockers() {
        return view.vmis().stream()
                .filter(v -> v.ref().startsWith(NS + "/") && v.blocks().contains("cluster"))
                .filter(v -> v.reasons().stream().anyMatch(reason -> reason.endsWith(" on hostpath storage")))
                .map(ReportedVmi::ref).sorted().toList();
    }
}
