package io.hcoguard.inventory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Objects in the cluster view per watched kind, read at scrape time: what the guard's memory grows
 * with (README "Sizing"), and a way to see from outside that a watch has caught up with the cluster.
 */
@ApplicationScoped
class InventoryMetrics {

    void register(@Observes StartupEvent startup, MeterRegistry registry, ClusterView view) {
        for (WatchedKind kind : WatchedKind.values()) {
            Gauge.builder("hco_guard_watched_objects", view, v -> v.size(kind))
                    .description("Objects of this kind in the cluster view")
                    .tag("kind", kind.kind()).register(registry);
        }
    }
}
