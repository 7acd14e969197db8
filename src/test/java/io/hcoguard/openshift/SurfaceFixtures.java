package io.hcoguard.openshift;

import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.NotMigratableReason;
import io.hcoguard.migratability.RunStrategy;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.Verdicts;
import io.hcoguard.migratability.WorkloadUpdateStrategy;
import java.time.Instant;

/** VMIs and snapshots the OpenShift surface tests share: what KubeVirt would see, judged by the real simulation. */
final class SurfaceFixtures {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    /** Under [LiveMigrate, Evict]: the workload update evicts what cannot migrate. */
    static final ClusterSettings EVICTING = ClusterSettings.DEFAULTS.withWorkloadUpdate(new WorkloadUpdateStrategy(true, true, 10));

    private SurfaceFixtures() {
    }

    /** LiveMigrate, not migratable: refuses eviction, the drain stalls. */
    static Verdicts stallsDrain(String namespace, String name, String node) {
        return Verdicts.vmi(namespace, name).on(node).strategy(EvictionStrategy.LIVE_MIGRATE)
                .notMigratable("DisksNotLiveMigratable", new NotMigratable(NotMigratableReason.NON_RWX_PVC, name + "-data"));
    }

    /** None, not migratable, a Manual VM: shut down at a drain and by an evicting workload update, not restarted. */
    static Verdicts shutDown(String namespace, String name, String node) {
        return Verdicts.vmi(namespace, name).on(node).strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL)
                .notMigratable("DisksNotLiveMigratable", new NotMigratable(NotMigratableReason.NON_RWX_PVC, name + "-data"));
    }

    /** Migrates at a drain and in a workload update. */
    static Verdicts migrates(String namespace, String name, String node) {
        return Verdicts.vmi(namespace, name).on(node).strategy(EvictionStrategy.LIVE_MIGRATE);
    }

    static VerdictSnapshot synced(Verdicts... vmis) {
        return Verdicts.snapshot(EVICTING, T0, vmis);
    }
}
