package io.hcoguard.migratability;

import java.util.Optional;

/**
 * What KubeVirt will do with a running VMI, derived the way KubeVirt derives it: pure, called for
 * each VMI when it or a cluster setting changes, never per request.
 *
 * <ul>
 *   <li>Drain: virt-api's pod eviction admitter ({@code admitLauncherPod}): LiveMigrate refuses the
 *       eviction of a VMI that is not {@code IsMigratable()}; LiveMigrate, LiveMigrateIfPossible
 *       (when migratable) and External mark it for evacuation and the PDB refuses the eviction;
 *       anything else (None, no strategy, an unknown one) lets the pod be evicted. The evacuation
 *       controller migrates LiveMigrate and migratable LiveMigrateIfPossible VMIs
 *       ({@code VMIMigratableOnEviction}), never External ones; a migration that cannot succeed is
 *       retried forever.
 *   <li>Workload update ({@code getUpdateData} in the workload updater): a VMI KubeVirt can
 *       migrate is migrated when LiveMigrate is listed (and stays in that list, never evicted,
 *       when the migration cannot succeed); otherwise it is evicted when Evict is listed and the
 *       batch size is at least 1, through the same admitter; otherwise it keeps its launcher.
 *   <li>An evicted VMI comes back only through its controller ({@link VmiController#restartsAfterEviction()}).
 * </ul>
 */
public final class KubeVirtSimulation {

    private KubeVirtSimulation() {
    }

    public static VmiVerdict judge(VmiFacts vmi, ClusterSettings cluster) {
        EvictionStrategy strategy = effectiveStrategy(vmi, cluster.evictionStrategy());
        Migratability migratability = withClusterSwitch(vmi.migratability(), cluster.liveMigrationOff());
        return new VmiVerdict(
                vmi,
                strategy,
                vmi.ownEvictionStrategy().isEmpty(),
                migratability,
                drain(vmi, strategy, migratability),
                update(vmi, strategy, migratability, cluster.workloadUpdate()),
                Optional.empty());
    }

    /** The VMI's own strategy, else the cluster default, else None (KubeVirt's built-in default). */
    public static EvictionStrategy effectiveStrategy(VmiFacts vmi, Optional<EvictionStrategy> clusterDefault) {
        return vmi.ownEvictionStrategy().or(() -> clusterDefault).orElse(EvictionStrategy.NONE);
    }

    static Migratability withClusterSwitch(Migratability migratability, Optional<String> liveMigrationOff) {
        return liveMigrationOff.map(migratability::withLiveMigrationOff).orElse(migratability);
    }

    /** The drain outcome under an eviction strategy. */
    public static DrainVerdict drain(VmiFacts vmi, EvictionStrategy strategy, Migratability migratability) {
        String node = vmi.nodeText();
        return switch (strategy) {
            case LIVE_MIGRATE -> migratability.kubeVirtWillMigrate()
                    ? evacuate(node, migratability)
                    : new DrainVerdict(DrainOutcome.STALLS_DRAIN,
                            "refuses eviction (LiveMigrate, not migratable): the drain of " + node + " waits forever");
            case LIVE_MIGRATE_IF_POSSIBLE -> migratability.kubeVirtWillMigrate()
                    ? evacuate(node, migratability)
                    : shutDown(vmi.controller(), "is shut down at eviction (LiveMigrateIfPossible, not migratable)");
            case EXTERNAL -> new DrainVerdict(DrainOutcome.WAITS_FOR_EXTERNAL_CONTROLLER,
                    "refuses eviction (External): the drain of " + node + " waits until its external controller removes it");
            case NONE, UNKNOWN -> shutDown(vmi.controller(), "is shut down at eviction (evictionStrategy "
                    + strategy.spelling() + ")");
        };
    }

    private static DrainVerdict evacuate(String node, Migratability migratability) {
        if (migratability.failures().isEmpty()) {
            return new DrainVerdict(DrainOutcome.MIGRATES, "is live migrated off " + node);
        }
        return new DrainVerdict(DrainOutcome.STALLS_DRAIN, "its evacuation migration cannot succeed ("
                + migratability.failuresText() + ") and is retried forever: the drain of " + node + " waits");
    }

    private static DrainVerdict shutDown(VmiController controller, String how) {
        return controller.restartsAfterEviction()
                ? new DrainVerdict(DrainOutcome.RESTARTED, how + " and restarted (" + controller.restartText() + ")")
                : new DrainVerdict(DrainOutcome.SHUT_DOWN_FOR_GOOD, how + " and not restarted: " + controller.restartText());
    }

    /** The workload-update outcome under a workload update strategy. */
    public static UpdateVerdict update(
            VmiFacts vmi, EvictionStrategy strategy, Migratability migratability, WorkloadUpdateStrategy methods) {
        if (migratability.kubeVirtWillMigrate() && methods.liveMigrate()) {
            return migrated(migratability);
        }
        if (!methods.evicts()) {
            String why;
            if (!methods.liveMigrate() && !methods.evict()) {
                why = "no workload update method is listed";
            } else if (methods.evict()) {
                why = "batchEvictionSize " + methods.batchEvictionSize() + " evicts nothing";
            } else {
                why = "it cannot migrate (" + migratability.reasonsText() + ") and Evict is not listed";
            }
            return outdated(why);
        }
        return switch (strategy) {
            case LIVE_MIGRATE -> migratability.kubeVirtWillMigrate()
                    ? migrated(migratability)
                    : outdated("it refuses eviction (LiveMigrate, not migratable)");
            case LIVE_MIGRATE_IF_POSSIBLE -> migratability.kubeVirtWillMigrate()
                    ? migrated(migratability)
                    : evicted(vmi.controller());
            case EXTERNAL -> outdated("it refuses eviction until its external controller removes it (External)");
            case NONE, UNKNOWN -> evicted(vmi.controller());
        };
    }

    private static UpdateVerdict migrated(Migratability migratability) {
        if (migratability.failures().isEmpty()) {
            return new UpdateVerdict(WorkloadUpdateOutcome.UPDATED_BY_MIGRATION, "is migrated to the new launcher");
        }
        return outdated("its migration cannot succeed (" + migratability.failuresText() + ") and is retried");
    }

    private static UpdateVerdict outdated(String why) {
        return new UpdateVerdict(WorkloadUpdateOutcome.STAYS_OUTDATED, "keeps the outdated launcher: " + why);
    }

    private static UpdateVerdict evicted(VmiController controller) {
        return controller.restartsAfterEviction()
                ? new UpdateVerdict(WorkloadUpdateOutcome.RESTARTED,
                        "is evicted and restarted on the new launcher (" + controller.restartText() + ")")
                : new UpdateVerdict(WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD,
                        "is evicted by the workload update and not restarted: " + controller.restartText());
    }
}
