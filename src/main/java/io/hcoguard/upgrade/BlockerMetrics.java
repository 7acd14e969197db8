package io.hcoguard.upgrade;

import io.hcoguard.inventory.ClusterView;
import io.hcoguard.migratability.Blocker;
import io.hcoguard.migratability.Impact;
import io.hcoguard.migratability.NotMigratableReason;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gauges read from the cluster view at scrape time: blocking VMIs by reason and by impact, running
 * VMIs, and whether the view is synced. An alert on hco_guard_blocking_vmis > 0 warns before anyone
 * tries to upgrade.
 */
@ApplicationScoped
public class BlockerMetrics {

    private final ClusterView view;

    BlockerMetrics(ClusterView view) {
        this.view = view;
    }

    void register(@Observes StartupEvent startup, MeterRegistry registry) {
        Gauge.builder("hco_guard_blocking_vmis", view, v -> v.blockers().blockers().size())
                .description("Running VMIs that block upgrades").register(registry);
        for (NotMigratableReason reason : NotMigratableReason.values()) {
            Gauge.builder("hco_guard_blocking_vmis_by_reason", view, v -> countWith(v, reason))
                    .description("Blocking VMIs that cannot migrate for this reason (a VMI may have several)")
                    .tag("reason", reason.name()).register(registry);
        }
        for (Impact impact : Impact.values()) {
            Gauge.builder("hco_guard_blocking_vmis_by_impact", view, v -> v.blockers().count(impact))
                    .description("Blocking VMIs by what a drain would do to them")
                    .tag("impact", impact.name()).register(registry);
        }
        Gauge.builder("hco_guard_running_vmis", view, v -> v.blockers().runningVmis())
                .description("Running VMIs in the cluster view").register(registry);
        Gauge.builder("hco_guard_cluster_view_synced", view, v -> v.synced() ? 1 : 0)
                .description("1 when every watch has synced and is watching").register(registry);
    }

    private static long countWith(ClusterView view, NotMigratableReason reason) {
        long count = 0;
        for (Blocker blocker : view.blockers().blockers()) {
            if (blocker.reasons().stream().anyMatch(r -> r.kind() == reason)) {
                count++;
            }
        }
        return count;
    }
}
