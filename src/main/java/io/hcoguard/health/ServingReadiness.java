package io.hcoguard.health;

import io.hcoguard.tls.CertificateReload;
import io.hcoguard.tls.ServingCertificate;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.TreeSet;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means "can answer" (DESIGN "Interface", revised 2026-12-06): the HTTPS server has its
 * certificate (it asks {@link CertificateReload} for it as it starts, and Quarkus does not start
 * when it cannot listen). The cluster view's state is no part of it: the HyperConverged rules need
 * no view, and a Service without endpoints would make the fail-closed HyperConverged webhook refuse
 * every edit, HCO's own included. A view that cannot sync shows in the gate's answers, the
 * metrics, the alert, the report and {@link ClusterViewHealth}.
 */
@Readiness
@ApplicationScoped
public class ServingReadiness implements HealthCheck {

    private final CertificateReload certificates;
    private final String protocols;

    ServingReadiness(@Identifier(CertificateReload.TLS_CONFIGURATION) CertificateReload certificates,
            TlsConfigurationRegistry tls) {
        this.certificates = certificates;
        this.protocols = tls.get(CertificateReload.TLS_CONFIGURATION)
                .map(configuration -> String.join(",", new TreeSet<>(configuration.getSSLOptions().getEnabledSecureTransportProtocols())))
                .orElse("");
    }

    @Override
    public HealthCheckResponse call() {
        ServingCertificate serving = certificates.serving();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("https").status(serving != null)
                .withData("protocols", protocols);
        if (serving != null) {
            response.withData("certificate", serving.describe());
        }
        return response.build();
    }
}
