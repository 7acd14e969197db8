package io.hcoguard.inventory;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every watch has synced and is watching. Until then gated upgrade requests are denied
 * as not verifiable, so a replica that cannot see the cluster should not get traffic.
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
        view.watchState().forEach((kind, state) -> response.withData(kind.kind(), state));
        return response.build();
    }
}
