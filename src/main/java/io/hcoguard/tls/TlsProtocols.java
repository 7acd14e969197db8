package io.hcoguard.tls;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses to start with protocols of the webhook's TLS configuration that no API server could use:
 * Quarkus passes any name through, and a misspelt "TLSv13" would leave a ready replica on which
 * every handshake fails, so the fail-closed webhooks would refuse everything (docs/tls.md).
 */
@ApplicationScoped
class TlsProtocols {

    static final Set<String> SUPPORTED = Set.of("TLSv1.2", "TLSv1.3");

    void check(@Observes StartupEvent startup, TlsConfigurationRegistry registry) {
        registry.get(CertificateReload.TLS_CONFIGURATION)
                .ifPresent(tls -> check(tls.getSSLOptions().getEnabledSecureTransportProtocols()));
    }

    /** @throws IllegalStateException when the protocols are empty or name anything but TLSv1.2 and TLSv1.3 */
    static void check(Set<String> protocols) {
        if (protocols.isEmpty() || !SUPPORTED.containsAll(protocols)) {
            throw new IllegalStateException("quarkus.tls." + CertificateReload.TLS_CONFIGURATION
                    + ".protocols (QUARKUS_TLS_WEBHOOK_PROTOCOLS) must name TLSv1.3, TLSv1.2 or both, got "
                    + new TreeSet<>(protocols));
        }
    }
}
