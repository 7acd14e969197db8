package io.hcoguard.openshift;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Which replica writes to the cluster: the holder of a coordination.k8s.io Lease, elected with
 * fabric8's LeaderElector (client-go's algorithm: the holder renews every retry period; it stops
 * writing when it has not renewed within the renew deadline; another replica takes the Lease once
 * it has not been renewed for the lease duration). A LeaderElector runs once: when it ends (the
 * lease lost, the API server away too long) a new one runs for the Lease again. On stop, a leader
 * releases the Lease, so the next replica takes over at once instead of after the lease duration.
 */
final class LeaseElection {

    private static final Logger LOG = Logger.getLogger(LeaseElection.class);

    /**
     * @param namespace where the Lease lives
     * @param name the Lease's name
     */
    record Settings(String namespace, String name, Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final String identity;
    private final Runnable changed;
    private volatile boolean leading;
    private volatile String leader = "";
    private boolean stopped;
    /** Why the Lease cannot be read or written, as last said; null while it can. */
    private volatile String failing;
    private CompletableFuture<?> running;

    /**
     * @param client the app's client; the election talks through a copy that gives up on a call
     *     within the retry period instead of retrying for minutes, so a leader cut off from the API
     *     server reaches its renew deadline, and stops writing, on time
     * @param changed called (on the elector's thread) when this replica starts or stops leading
     */
    LeaseElection(KubernetesClient client, Settings settings, String identity, Runnable changed) {
        this.client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0)
                .withRequestTimeout((int) settings.retryPeriod().toMillis())
                .withConnectionTimeout((int) settings.retryPeriod().toMillis())
                .build()).build();
        this.settings = settings;
        this.identity = identity;
        this.changed = changed;
    }

    synchronized void start() {
        if (stopped) {
            return;
        }
        running = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("hco-guard")
                .withLock(new SaidOnce(new LeaseLock(settings.namespace(), settings.name(), identity)))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(() -> leading(true), () -> leading(false), this::newLeader))
                .build()).build().start();
        running.whenComplete((result, failure) -> {
            leading(false); // also when the elector failed before it could say so
            if (failure != null && !(failure instanceof CancellationException)) {
                LOG.warnf("leader election on Lease %s/%s ended: %s", settings.namespace(), settings.name(), failure.getMessage());
            }
            CompletableFuture.delayedExecutor(settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS).execute(this::start);
        });
    }

    /** Stops running for the Lease; a leader releases it. */
    void stop() {
        CompletableFuture<?> current;
        synchronized (this) {
            stopped = true;
            current = running;
        }
        if (current != null) {
            current.cancel(true); // a leader releases the Lease here, through the client
        }
        leading(false);
        client.close();
    }

    boolean leading() {
        return leading;
    }

    /** The Lease holder's identity as last seen, "" when none. */
    String leader() {
        return leader;
    }

    String identity() {
        return identity;
    }

    private void leading(boolean now) {
        if (leading != now) {
            leading = now;
            LOG.infof(now ? "%s holds Lease %s/%s: this replica writes to the cluster"
                    : "%s no longer holds Lease %s/%s: this replica stops writing", identity, settings.namespace(), settings.name());
            changed.run();
        }
    }

    private void newLeader(String holder) {
        leader = holder == null ? "" : holder;
    }

    /**
     * fabric8's LeaseLock, saying in one line when the Lease cannot be read or written and when it
     * can again. The elector itself would log a stack trace at every retry (every 2 s) while the API
     * server is away; its logger is set to errors only (application.properties).
     */
    private final class SaidOnce implements Lock {

        private final Lock lease;

        SaidOnce(Lock lease) {
            this.lease = lease;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            return said(() -> lease.get(client));
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            said(() -> {
                lease.create(client, record);
                return null;
            });
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            said(() -> {
                lease.update(client, record);
                return null;
            });
        }

        @Override
        public String identity() {
            return lease.identity();
        }

        @Override
        public String describe() {
            return lease.describe();
        }

        private <T> T said(Supplier<T> call) {
            try {
                T result = call.get();
                if (failing != null) {
                    LOG.infof("%s can read and write Lease %s/%s again", identity, settings.namespace(), settings.name());
                    failing = null;
                }
                return result;
            } catch (KubernetesClientException e) {
                // A conflict is another replica's renewal or takeover: the election's normal course.
                String problem = e.getCode() == 409 ? null : e.getCode() + ": " + e.getMessage();
                if (problem != null && !problem.equals(failing)) {
                    LOG.warnf("%s cannot read or write Lease %s/%s, retrying every %d ms: %s", identity, settings.namespace(),
                            settings.name(), settings.retryPeriod().toMillis(), problem);
                    failing = problem;
                }
                throw e;
            }
        }
    }
}
