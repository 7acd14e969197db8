package io.hcoguard.admission;

import io.hcoguard.config.GuardConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Serves a renewed certificate without a restart. Every {@code guard.tls.reload-period} the PEM
 * files are read, and only when they changed is the TLS configuration reloaded and the HTTPS server
 * switched to it (new connections get the new certificate, open ones keep theirs), with one log line
 * naming the new certificate. Quarkus' own {@code quarkus.tls.<name>.reload-period} reloads and logs
 * on every tick, changed or not.
 */
@ApplicationScoped
public class CertificateReload {

    /** The named TLS configuration of the HTTPS server (application.properties: quarkus.tls.webhook.*). */
    static final String TLS_CONFIGURATION = "webhook";

    private static final Logger LOG = Logger.getLogger(CertificateReload.class);

    private final TlsConfigurationRegistry registry;
    private final Event<CertificateUpdatedEvent> updated;
    private final Path cert;
    private final Path key;
    private final Duration period;
    private ScheduledExecutorService checker;
    /** Digest of the files as last loaded; empty when what is served may not match them. */
    private Optional<byte[]> loaded = Optional.empty();
    private boolean unreadable;

    CertificateReload(TlsConfigurationRegistry registry, Event<CertificateUpdatedEvent> updated, GuardConfig config) {
        this.registry = registry;
        this.updated = updated;
        this.cert = Path.of(config.tls().cert());
        this.key = Path.of(config.tls().key());
        this.period = config.tls().reloadPeriod();
    }

    void start(@Observes StartupEvent startup) {
        TlsConfiguration tls = tls();
        try {
            byte[] files = digest();
            X509Certificate onDisk = leaf(Files.readAllBytes(cert));
            X509Certificate served = served(tls.getKeyStore());
            LOG.infof("serving certificate %s; checking %s for renewals every %ss", describe(served), cert, period.toMillis() / 1000.0);
            // Renewed between Quarkus loading the files and now: the first check reloads.
            loaded = onDisk.equals(served) ? Optional.of(files) : Optional.empty();
        } catch (IOException | GeneralSecurityException e) {
            LOG.warnf("cannot read the serving certificate files yet (%s); retrying every %s", e.getMessage(), period);
        }
        checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hco-guard-certificate-reload");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    /** One check: reload when the files differ from what was last loaded. Never throws (it runs on a timer). */
    void check() {
        try {
            byte[] files = digest();
            unreadable = false;
            if (loaded.isPresent() && Arrays.equals(loaded.get(), files)) {
                return;
            }
            TlsConfiguration tls = tls();
            if (!tls.reload()) {
                LOG.warnf("could not reload the serving certificate from %s and %s; still serving the previous one", cert, key);
                return;
            }
            loaded = Optional.of(files);
            // The HTTPS server observes this event and applies the reloaded configuration to new connections.
            updated.fire(new CertificateUpdatedEvent(TLS_CONFIGURATION, tls));
            LOG.infof("serving renewed certificate %s", describe(served(tls.getKeyStore())));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (!unreadable) {
                LOG.warnf("cannot read the serving certificate files (%s); still serving the previous certificate", e.getMessage());
            }
            unreadable = true;
        }
    }

    private TlsConfiguration tls() {
        return registry.get(TLS_CONFIGURATION)
                .orElseThrow(() -> new IllegalStateException("no TLS configuration named " + TLS_CONFIGURATION));
    }

    private byte[] digest() throws IOException, GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(Files.readAllBytes(cert));
        digest.update(Files.readAllBytes(key));
        return digest.digest();
    }

    private static X509Certificate leaf(byte[] pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
    }

    private static X509Certificate served(KeyStore keyStore) throws GeneralSecurityException {
        for (String alias : Collections.list(keyStore.aliases())) {
            Certificate certificate = keyStore.getCertificate(alias);
            if (certificate instanceof X509Certificate x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the TLS configuration holds no certificate");
    }

    private static String describe(X509Certificate certificate) {
        return "\"" + certificate.getSubjectX500Principal().getName() + "\" (serial " + certificate.getSerialNumber().toString(16)
                + ", valid until " + certificate.getNotAfter().toInstant() + ")";
    }
}
