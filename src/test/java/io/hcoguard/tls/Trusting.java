package io.hcoguard.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS clients that trust one CA, as the API server trusts the caBundle of a webhook configuration. */
public final class Trusting {

    /** The CA of the test certificates (certs/generate.sh writes it with them). */
    public static final Path TEST_CA = Path.of("target/test-certs/ca.crt");

    private Trusting() {
    }

    /** Trusts the test CA only. */
    public static SSLContext testCa() {
        return ca(TEST_CA);
    }

    /** Trusts the CA certificate in this PEM file only. */
    public static SSLContext ca(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caPem, e);
        }
    }
}
