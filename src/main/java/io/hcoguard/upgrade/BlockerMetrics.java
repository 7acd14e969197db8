package io.hcoguard.upgrade;

import io.hcoguard.drain.DrainOperation;
import io.hcoguard.inventory.ClusterView;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gauges read from the cluster view at scrape time: running VMIs by drain outcome and by
 * workload-update outcome (counts kept current by each watch event), the blockers of each upgrade
 * (a cluster upgrade's on the nodes it drains, from the snapshot), and whether the view is synced. An alert on hco_guard_blocking_vmis > 0 warns
 * before anyone tries to upgrade.
 */
@ApplicationScoped
public class BlockerMetrics {

    private final ClusterView view;
    private final GatePolicy policy;

    BlockerMetrics(ClusterView view, GatePolicy policy) {
        this.view = view;
        this.policy = policy;
    }

    void register(@Observes StartupEvent startup, MeterRegistry registry) {
        for (DrainOutcome outcome : DrainOutcome.values()) {
            Gauge.builder("hco_guard_vmis_by_drain_outcome", view, v -> v.count(outcome))
                    .description("Running VMIs by what a node drain does to them")
                    .tag("outcome", outcome.name()).register(registry);
        }
        for (WorkloadUpdateOutcome outcome : WorkloadUpdateOutcome.values()) {
            Gauge.builder("hco_guard_vmis_by_workload_update_outcome", view, v -> v.count(outcome))
                    .description("Running VMIs by what an OKD Virtualization workload update does to them")
                    .tag("outcome", outcome.name()).register(registry);
        }
        Gauge.builder("hco_guard_blocking_vmis", view, this::clusterBlockers)
                .description("VMIs that block an upgrade (for a cluster upgrade, finished VMIs that stall a drain too)").tag("upgrade", "cluster").register(registry);
        Gauge.builder("hco_guard_blocking_vmis", view, v -> v.count(WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD))
                .description("VMIs that block an upgrade (for a cluster upgrade, finished VMIs that stall a drain too)").tag("upgrade", "virtualization").register(registry);
        Gauge.builder("hco_guard_running_vmis", view, ClusterView::runningVmis)
                .description("Running VMIs in the cluster view").register(registry);
        Gauge.builder("hco_guard_cluster_view_synced", view, v -> v.synced() ? 1 : 0)
                .description("1 when every watch has synced and is watching").register(registry);
    }

    /** The cluster upgrade's blockers on the nodes it drains, as the gate counts them (a snapshot built once per change). */
    private double clusterBlockers(ClusterView view) {
        return OperationBlockers.of(new DrainOperation.ClusterUpgrade(false), view.verdicts(), policy, false).blockers().size();
    }
}
