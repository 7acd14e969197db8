package io.hcoguard.upgrade;

import io.hcoguard.inventory.ClusterView;
import io.hcoguard.migratability.VerdictSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * One series per MachineConfigPool, as the readiness report counts them
 * ({@link ReadinessReport#pools}): whether it is paused, whether a configuration waits to be rolled
 * out to it, and the running VMIs on its nodes that stall a drain. Pools come and go, so the series
 * are set anew every {@link #PERIOD} from the view (a series goes with its pool); an unsynced view
 * keeps the last values, as the drain gauge does. No series where the kind is not served.
 */
@ApplicationScoped
public class PoolMetrics {

    static final Duration PERIOD = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(PoolMetrics.class);

    private final ClusterView view;
    private final GatePolicy policy;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hco-guard-pool-metrics");
        thread.setDaemon(true);
        return thread;
    });
    private MultiGauge paused;
    private MultiGauge pending;
    private MultiGauge blocking;

    PoolMetrics(ClusterView view, GatePolicy policy) {
        this.view = view;
        this.policy = policy;
    }

    void start(@Observes StartupEvent startup, MeterRegistry registry) {
        paused = MultiGauge.builder("hco_guard_pool_paused")
                .description("1 while the MachineConfigPool is paused: a cluster update does not drain its nodes, unpausing it does")
                .register(registry);
        pending = MultiGauge.builder("hco_guard_pool_configuration_pending")
                .description("1 while the MachineConfigPool's rendered configuration is not yet on its nodes (spec differs from status)")
                .register(registry);
        blocking = MultiGauge.builder("hco_guard_pool_blocking_vmis")
                .description("Running VMIs on the MachineConfigPool's nodes that stall a drain of them")
                .register(registry);
        ticker.scheduleWithFixedDelay(this::refreshSafely, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        ticker.shutdownNow();
    }

    /** Sets every series from the view now. */
    public void refresh() {
        VerdictSnapshot snapshot = view.verdicts();
        if (!snapshot.synced()) {
            return;
        }
        List<ReadinessReport.Pool> pools = ReadinessReport.pools(snapshot, policy);
        set(paused, pools, pool -> pool.paused() ? 1 : 0);
        set(pending, pools, pool -> pool.pendingConfiguration() ? 1 : 0);
        set(blocking, pools, ReadinessReport.Pool::blocking);
    }

    private static void set(MultiGauge gauge, List<ReadinessReport.Pool> pools, ToDoubleFunction<ReadinessReport.Pool> value) {
        gauge.register(pools.stream().map(pool -> MultiGauge.Row.of(Tags.of("pool", pool.name()), value.applyAsDouble(pool))).toList(),
                true);
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) { // a failed look must not end the schedule
            LOG.warnf(e, "could not set the pool metrics; trying again in %s", PERIOD);
        }
    }
}
