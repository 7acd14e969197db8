package io.hcoguard.deploy;

import io.quarkus.tls.CertificateUpdatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the certificate updates the HTTPS server is told about, so a test can see when reloads happen. */
@ApplicationScoped
public class CertificateUpdates {

    private final AtomicInteger count = new AtomicInteger();

    void updated(@Observes CertificateUpdatedEvent event) {
        count.incrementAndGet();
    }

    public int count() {
        return count.get();
    }
}
