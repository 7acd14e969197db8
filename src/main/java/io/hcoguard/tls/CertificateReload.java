package io.hcoguard.tls;

import io.hcoguard.config.GuardConfig;
import io.hcoguard.tls.ServingCertificate.PemFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.KeyStoreProvider;
import io.smallrye.common.annotation.Identifier;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Serves the certificate in {@code guard.tls.cert} / {@code guard.tls.key} and a renewed one without
 * a restart. It is the key store of the HTTPS server's TLS configuration (named {@value #TLS_CONFIGURATION},
 * see application.properties): the server gets a {@link RotatingKeyManager} once, and every
 * {@code guard.tls.reload-period} the files are read; only when they changed and hold a matching pair
 * does the key manager switch. New handshakes get the new certificate, open connections keep theirs,
 * and no handshake fails during the switch. A pair that cannot be read or does not match is logged
 * and the previous certificate stays.
 */
@ApplicationScoped
@Identifier(CertificateReload.TLS_CONFIGURATION)
public class CertificateReload implements KeyStoreProvider {

    /** The named TLS configuration of the HTTPS server (application.properties: quarkus.http.tls-configuration-name). */
    public static final String TLS_CONFIGURATION = "webhook";
    private static final String ALIAS = "serving";
    private static final char[] NO_PASSWORD = new char[0];

    private static final Logger LOG = Logger.getLogger(CertificateReload.class);

    private final Path cert;
    private final Path key;
    private final Duration period;
    private final Clock clock;
    /** Set once, when the HTTPS server asks for its key store; read by the metrics and the timer. */
    private volatile RotatingKeyManager keyManager;
    /** The key store Quarkus exposes for this TLS configuration; kept holding the served certificate. */
    private KeyStore keyStore;
    private ScheduledExecutorService checker;
    private String unreadable;
    private Counter renewals;
    private Counter failures;

    @Inject
    CertificateReload(GuardConfig config) {
        this(Path.of(config.tls().cert()), Path.of(config.tls().key()), config.tls().reloadPeriod(), Clock.systemUTC());
    }

    CertificateReload(Path cert, Path key, Duration period, Clock clock) {
        this.cert = cert;
        this.key = key;
        this.period = period;
        this.clock = clock;
    }

    /** Called by the TLS registry when the HTTPS server starts: the first certificate must be readable. */
    @Override
    public synchronized KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
        if (keyManager == null) {
            ServingCertificate first;
            try {
                first = ServingCertificate.read(cert, key);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot serve HTTPS: " + e.getMessage()
                        + " (set GUARD_TLS_CERT and GUARD_TLS_KEY to a PEM certificate and its key; certs/generate.sh makes a pair)", e);
            }
            keyManager = new RotatingKeyManager(first);
            keyStore = emptyKeyStore();
            remember(first);
            warnIfNotValidNow(first);
        }
        return new KeyStoreAndKeyCertOptions(keyStore, KeyCertOptions.wrap(keyManager));
    }

    void start(@Observes StartupEvent startup, MeterRegistry registry) {
        String reloads = "Checks of the certificate files that switched to a renewal (renewed) or found no usable pair (failed)";
        renewals = Counter.builder("hco_guard_certificate_reloads_total").tag("outcome", "renewed").description(reloads).register(registry);
        failures = Counter.builder("hco_guard_certificate_reloads_total").tag("outcome", "failed").description(reloads).register(registry);
        Gauge.builder("hco_guard_serving_certificate_expiry_timestamp_seconds", this,
                        reload -> reload.serving() == null ? Double.NaN : reload.serving().leaf().getNotAfter().getTime() / 1000.0)
                .description("When the served certificate expires (Unix time)").register(registry);
        if (keyManager == null) {
            // No HTTPS server asked for the key store (it cannot happen with the shipped configuration).
            LOG.warnf("the HTTPS server does not use TLS configuration %s; certificate renewals are not watched", TLS_CONFIGURATION);
            return;
        }
        LOG.infof("serving certificate %s; checking %s for renewals every %ss", serving().describe(), cert, period.toMillis() / 1000.0);
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

    /** The certificate new handshakes get, or null before the HTTPS server started. */
    public ServingCertificate serving() {
        RotatingKeyManager manager = keyManager;
        return manager == null ? null : manager.serving();
    }

    /**
     * One check: switch when the files hold a different, matching pair. Unchanged files are only read
     * and digested, not parsed. Never throws (it runs on a timer).
     */
    synchronized void check() {
        ServingCertificate next;
        try {
            PemFiles files = PemFiles.read(cert, key);
            if (files.digest().equals(serving().digest())) {
                unreadable = null;
                return; // the files served now: nothing to parse
            }
            next = ServingCertificate.parse(files);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String problem = String.valueOf(e.getMessage());
            // Once per distinct problem: a Secret mid-update or a broken renewal should not flood the log.
            if (!problem.equals(unreadable)) {
                LOG.warnf("cannot load the certificate files (%s); still serving %s", problem, serving().describe());
            }
            unreadable = problem;
            count(failures);
            return;
        }
        unreadable = null;
        keyManager.serve(next);
        remember(next);
        count(renewals);
        LOG.infof("serving renewed certificate %s", next.describe());
        warnIfNotValidNow(next);
    }

    private void remember(ServingCertificate certificate) {
        try {
            keyStore.setKeyEntry(ALIAS, certificate.key(), NO_PASSWORD, certificate.chain().toArray(X509Certificate[]::new));
        } catch (GeneralSecurityException e) {
            // Only the copy Quarkus exposes goes stale; the key manager serves the new certificate regardless.
            LOG.debugf(e, "cannot update the exposed key store");
        }
    }

    private void warnIfNotValidNow(ServingCertificate certificate) {
        X509Certificate leaf = certificate.leaf();
        Instant now = clock.instant();
        if (now.isAfter(leaf.getNotAfter().toInstant()) || now.isBefore(leaf.getNotBefore().toInstant())) {
            LOG.warnf("the serving certificate %s is not valid now (valid from %s); the API server will refuse it",
                    certificate.describe(), leaf.getNotBefore().toInstant());
        }
    }

    private static void count(Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }

    private static KeyStore emptyKeyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create an in-memory key store", e);
        }
    }
}
