package io.hcoguard.inventory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.config.GuardConfig;
import io.hcoguard.hyperconverged.RunningWorkloads;
import io.hcoguard.hyperconverged.RunningWorkloadsSource;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.upgrade.BlockerSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        this.policy = policy(config);
    }

    /** Costs no API call: a read of the index kept current by the watches. */
    public BlockerSnapshot blockers() {
        return index.blockers(watches.synced());
    }

    @Override
    public Optional<RunningWorkloads> current() {
        return watches.synced() ? Optional.of(index.runningWorkloads()) : Optional.empty();
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
        return new ClusterIndex(policy(config), Clock.systemUTC());
    }

    static MigratabilityPolicy policy(GuardConfig config) {
        return new MigratabilityPolicy(Set.copyOf(config.migratability().hostpathProvisioners()),
                config.migratability().sriovBlocks());
    }
}
