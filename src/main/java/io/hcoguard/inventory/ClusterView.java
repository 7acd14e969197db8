package io.hcoguard.inventory;

import io.hcoguard.config.EnvironmentConfig;
import io.hcoguard.config.GuardConfig;
import io.hcoguard.hyperconverged.RunningWorkloadsSource;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.WorkloadForecast;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** What the webhooks and the report read: the index, qualified by whether the watches are current. */
@ApplicationScoped
public class ClusterView implements RunningWorkloadsSource {

    private final ClusterIndex index;
    private final ClusterWatches watches;

    ClusterView(ClusterIndex index, ClusterWatches watches) {
        this.index = index;
        this.watches = watches;
    }

    /** Costs no API call: a read of the index kept current by the watches. */
    public VerdictSnapshot verdicts() {
        return index.verdicts(watches.synced());
    }

    @Override
    public Optional<WorkloadForecast> current() {
        return watches.synced() ? Optional.of(index.verdicts(true).forecast()) : Optional.empty();
    }

    /** Kept current by each event: reading it builds no snapshot (metrics read it at every scrape). */
    public int count(DrainOutcome outcome) {
        return index.count(outcome);
    }

    public int count(WorkloadUpdateOutcome outcome) {
        return index.count(outcome);
    }

    public int runningVmis() {
        return index.runningVmis();
    }

    public boolean synced() {
        return watches.synced();
    }

    public Map<WatchedKind, String> watchState() {
        return watches.state();
    }

    public int size(WatchedKind kind) {
        return index.size(kind);
    }

    @Produces
    @Singleton
    static ClusterIndex index(GuardConfig config) {
        return new ClusterIndex(EnvironmentConfig.policy(config.migratability()), Clock.systemUTC());
    }
}
