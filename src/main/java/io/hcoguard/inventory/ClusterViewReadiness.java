package io.hcoguard.inventory;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while every watch has synced, is watching and has proved within the staleness bound that
 * the API server is there. Otherwise gated upgrade requests are denied as not verifiable, so a
 * replica that cannot see the cluster should not get traffic. The data names each kind's state
 * ("synced", "absent", "syncing", "not watching", "catching up", "stale").
 */
@Readiness
@ApplicationScoped
public class ClusterViewReadiness implements HealthCheck {

    private final ClusterView view;

    ClusterViewReadiness(ClusterView view) {
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
