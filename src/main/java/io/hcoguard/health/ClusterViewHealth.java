package io.hcoguard.health;

import io.hcoguard.inventory.ClusterView;
import io.hcoguard.inventory.ClusterWatches;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The cluster view's state for people diagnosing it ({@code /q/health/group/cluster-view}): UP while
 * every watch has synced, is watching and has proved within the staleness bound that the API server
 * is there; the data names each kind's state ("synced", "absent", "syncing", "not watching",
 * "catching up", "stale", "incomplete"). A health group, not a probe: the kubelet never asks it, so a view that
 * cannot sync takes no replica out of the Service ({@link ServingReadiness}).
 */
@HealthGroup("cluster-view")
@ApplicationScoped
public class ClusterViewHealth implements HealthCheck {

    private final ClusterView view;

    ClusterViewHealth(ClusterView view) {
        this.view = view;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cluster-view").status(view.synced());
        view.watchState().forEach((kind, state) -> response.withData(kind.kind(), state.toString()));
        response.withData(ClusterWatches.CRDS, view.crdWatchState().toString());
        return response.build();
    }
}
