package io.hcoguard.progress;

import io.hcoguard.config.GuardConfig;
import io.hcoguard.inventory.ClusterView;
import io.hcoguard.migratability.VerdictSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Looks at the cluster view every {@link #PERIOD} for nodes being drained: keeps the gauge
 * {@code hco_guard_draining_node_blocking_vmis{node}} (one series per draining node, the VMIs that
 * will not leave it), remembers since when each node drains, and, in the replica that writes,
 * writes one Warning Event on the Node and on each such VMI per drain. Reads the view only (no API
 * call) but for the Events.
 */
@ApplicationScoped
public class DrainWatch {

    /** Well inside the alert's {@code for:}, and cheap: the view's snapshot is rebuilt only after a change. */
    static final Duration PERIOD = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(DrainWatch.class);

    private final ClusterView view;
    private final DrainEventWriter writer;
    private final WriterRole role;
    private final boolean eventsEnabled;
    private final Clock clock = Clock.systemUTC();
    private final DrainTimeline timeline = new DrainTimeline();
    /** Events written (or found written) for the drains under way: never written twice. */
    private final Set<String> written = new HashSet<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hco-guard-drain-watch");
        thread.setDaemon(true);
        return thread;
    });
    private MultiGauge gauge;

    DrainWatch(ClusterView view, DrainEventWriter writer, WriterRole role, GuardConfig config) {
        this.view = view;
        this.writer = writer;
        this.role = role;
        this.eventsEnabled = config.events().enabled();
    }

    void start(@Observes StartupEvent startup, MeterRegistry registry) {
        gauge = MultiGauge.builder("hco_guard_draining_node_blocking_vmis")
                .description("Running VMIs that will not leave a node being drained, per draining node (0: the drain is not stuck)")
                .register(registry);
        ticker.scheduleWithFixedDelay(this::checkSafely, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        ticker.shutdownNow();
    }

    /** The draining nodes of this snapshot, by name, with since when this replica has seen each drain. */
    public Map<String, Draining> draining(VerdictSnapshot snapshot) {
        Instant now = clock.instant();
        Map<String, Draining> draining = new LinkedHashMap<>();
        for (NodeDrain drain : DrainsInProgress.of(snapshot)) {
            draining.put(drain.node(), Draining.of(drain, timeline.since(drain.node(), now)));
        }
        return draining;
    }

    /** One look (every {@link #PERIOD}): the gauge follows the drains; the writing replica writes the Events not yet written. */
    public synchronized void check() {
        VerdictSnapshot snapshot = view.verdicts();
        if (!snapshot.synced()) {
            return; // an incomplete view could show a drain as stuck that is not; keep the last values
        }
        List<NodeDrain> drains = DrainsInProgress.of(snapshot);
        timeline.observe(drains, clock.instant());
        gauge.register(drains.stream()
                .map(drain -> MultiGauge.Row.of(Tags.of("node", drain.node()), drain.willNotLeave().size()))
                .toList(), true);
        List<DrainNotice> notices = DrainNotice.of(drains);
        written.retainAll(notices.stream().map(DrainNotice::name).collect(Collectors.toSet()));
        if (!eventsEnabled || !role.writes()) {
            return;
        }
        for (DrainNotice notice : notices) {
            if (!written.contains(notice.name()) && writer.write(notice, clock.instant())) {
                written.add(notice.name());
            }
        }
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) { // a failed look must not end the schedule
            LOG.warnf(e, "could not check the drains in progress");
        }
    }
}
