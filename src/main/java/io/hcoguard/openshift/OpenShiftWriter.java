package io.hcoguard.openshift;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.ReadinessReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One replica's part in OpenShift's own surfaces (docs/openshift.md): every second it turns the
 * view into what ClusterOperator hco-guard and the hold should say, and, while this replica holds
 * the Lease, writes what changed; at each resync every replica reads both back (the leader writes
 * again what differs: a deleted ClusterOperator is created again). One thread does it all, so the
 * writes of one replica never race each other; no admission request waits for it.
 */
public final class OpenShiftWriter {

    private static final Logger LOG = Logger.getLogger(OpenShiftWriter.class);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    /** How often the view is compared with what was written: a change shows within about this long. */
    private static final Duration TICK = Duration.ofSeconds(1);

    /**
     * @param clusterOperator write ClusterOperator hco-guard (guard.openshift.cluster-operator)
     * @param holdVirtualizationUpdates guard.upgrade.hold-virtualization-updates
     * @param resyncPeriod guard.openshift.resync-period
     * @param notSyncedBound how long an unsynced view is a restart, not a fault (guard.inventory.max-staleness)
     * @param version the version ClusterOperator hco-guard reports
     * @param namespace where hco-guard runs
     */
    public record Settings(
            boolean clusterOperator,
            boolean holdVirtualizationUpdates,
            Duration resyncPeriod,
            Duration notSyncedBound,
            String version,
            String namespace,
            String leaseNamespace,
            String leaseName,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod) {
    }

    /** Records an Event on an object (io.hcoguard.upgrade.UpgradeEvents in the app). */
    @FunctionalInterface
    public interface Events {
        void record(ObjectReference involved, String type, String reason, String message);
    }

    private final Supplier<VerdictSnapshot> view;
    private final Settings settings;
    private final GatePolicy policy;
    private final Clock clock;
    private final LeaseElection election;
    private final ClusterOperatorWriter clusterOperator;
    private final HoldWriter hold;
    private final AtomicLong writes = new AtomicLong();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "hco-guard-openshift");
        t.setDaemon(true);
        return t;
    });

    private Instant nextResync = Instant.MIN;
    private Instant notSyncedSince;
    private boolean wasLeading;
    private volatile ReadinessReport.OpenShift asserted;

    /**
     * @param identity this replica's name in the Lease (pod name and a random part)
     * @param events where the hold's Events go
     */
    public OpenShiftWriter(KubernetesClient client, Supplier<VerdictSnapshot> view, Settings settings, GatePolicy policy,
            String identity, Events events, Clock clock) {
        this.view = view;
        this.settings = settings;
        this.policy = policy;
        this.clock = clock;
        this.election = new LeaseElection(client, new LeaseElection.Settings(settings.leaseNamespace(), settings.leaseName(),
                settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod()), identity, this::soon);
        this.clusterOperator = new ClusterOperatorWriter(client,
                new ClusterOperatorStatus.Installation(settings.version(), settings.namespace()), writes);
        this.hold = new HoldWriter(client, policy.subscriptionPackages(), events, writes);
        this.asserted = new ReadinessReport.OpenShift("", false,
                new ReadinessReport.ClusterOperator(SurfaceState.NOT_READ_YET.name(), "", "", ""),
                new ReadinessReport.Hold(SurfaceState.NOT_READ_YET.name(), "", ""));
    }

    public void start() {
        election.start();
        thread.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops writing and releases the Lease, so another replica takes over at once. */
    public void stop() {
        thread.shutdownNow();
        election.stop();
    }

    /** This replica holds the Lease and writes. */
    public boolean leading() {
        return election.leading();
    }

    public String identity() {
        return election.identity();
    }

    /** Objects this replica created or changed so far. */
    public long writes() {
        return writes.get();
    }

    /** What the surfaces say, as this replica last read or wrote them. */
    public ReadinessReport.OpenShift asserted() {
        return asserted;
    }

    /** A tick now rather than within the second: leadership changed. */
    private void soon() {
        try {
            thread.execute(this::tick);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // stopped: nothing more to write
        }
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            VerdictSnapshot snapshot = view.get();
            notSyncedSince = snapshot.synced() ? null : notSyncedSince == null ? now : notSyncedSince;
            boolean leading = election.leading();
            boolean resync = !now.isBefore(nextResync) || leading != wasLeading;
            wasLeading = leading;
            if (resync) {
                nextResync = now.plus(settings.resyncPeriod());
            }
            String time = SECONDS.format(now);
            ReadinessReport.ClusterOperator operator = settings.clusterOperator()
                    ? clusterOperator.reconcile(ClusterOperatorStatus.conditions(snapshot,
                            notSyncedSince == null ? Duration.ZERO : Duration.between(notSyncedSince, now),
                            settings.notSyncedBound(), policy), leading, resync, time)
                    : clusterOperator.off();
            ReadinessReport.Hold held = settings.holdVirtualizationUpdates()
                    ? hold.reconcile(wantedHold(snapshot), leading, resync, time)
                    : hold.off(leading, resync, time);
            asserted = new ReadinessReport.OpenShift(leading ? election.identity() : election.leader(), leading, operator, held);
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not update OpenShift's surfaces; trying again in %s", TICK);
        }
    }

    /** What the view asks of the hold. */
    static VirtualizationHold.Wanted wantedHold(VerdictSnapshot snapshot) {
        if (!snapshot.synced()) {
            return new VirtualizationHold.Wanted.CannotTell();
        }
        List<VmiVerdict> blockers = UpgradeBlockers.virtualizationUpdate(snapshot);
        return blockers.isEmpty() ? new VirtualizationHold.Wanted.Release()
                : new VirtualizationHold.Wanted.Hold(UpgradeableMessage.virtualizationUpdate(blockers, snapshot.settings()));
    }
}
