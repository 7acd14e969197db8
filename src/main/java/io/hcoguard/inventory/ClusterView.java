package io.hcoguard.inventory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.config.EnvironmentConfig;
import io.hcoguard.config.GuardConfig;
import io.hcoguard.hyperconverged.RunningWorkloadsSource;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.MigratabilityPolicy;
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
    private final KubernetesClient client;
    private final MigratabilityPolicy policy;

    ClusterView(ClusterIndex index, ClusterWatches watches, KubernetesClient client, GuardConfig config) {
        this.index = index;
        this.watches = watches;
        this.client = client;
        this.policy = EnvironmentConfig.policy(config.migratability());
    }

    /**
     * Costs no API call and takes no lock: the snapshot the watches last published, qualified by
     * whether they are current now (their own state, apart from the index).
     */
    public VerdictSnapshot verdicts() {
        return index.verdicts(watches.synced());
    }

    @Override
    public Optional<WorkloadForecast> current() {
        return watches.synced() ? Optional.of(index.verdicts(true).forecast()) : Optional.empty();
    }

    /** From the published snapshot: reading it builds nothing and waits for no write (metrics read it at every scrape). */
    public int count(DrainOutcome outcome) {
        return index.count(outcome);
    }

    public int count(WorkloadUpdateOutcome outcome) {
        return index.count(outcome);
    }

    public int runningVmis() {
        return index.runningVmis();
    }

    /**
     * True when every watch can be trusted: listed, watching, and proved alive by the API server
     * within {@code guard.inventory.max-staleness}. Costs no API call: it reads when each watch last
     * heard from the API server.
     */
    public boolean synced() {
        return watches.synced();
    }

    public Map<WatchedKind, WatchState> watchState() {
        return watches.state();
    }

    /** The CRD watch, through which custom kinds are watched or known absent. */
    public WatchState crdWatchState() {
        return watches.crdState();
    }

    public int size(WatchedKind kind) {
        return index.size(kind);
    }

    /**
     * Debug, for tests after a fault: the view against a one-off full list of every watched kind
     * through the same client (many API calls; never per request). Throws when the list fails.
     */
    public ViewComparison compareWithFreshList() {
        ClusterListing.Result result = ClusterListing.fromCluster(client, policy, Clock.systemUTC(), progress -> { });
        if (result instanceof ClusterListing.Failed failed) {
            throw new IllegalStateException("cannot list the cluster: " + failed.reason());
        }
        return ViewComparison.between(index, ((ClusterListing.Listed) result).index());
    }

    @Produces
    @Singleton
    static ClusterIndex index(GuardConfig config) {
        return new ClusterIndex(EnvironmentConfig.policy(config.migratability()), Clock.systemUTC());
    }
}
