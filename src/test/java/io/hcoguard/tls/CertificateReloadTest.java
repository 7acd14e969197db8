package io.hcoguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.tls.KeyStoreAndKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload decisions, driven by hand (check() is what the timer runs); the HTTPS side is CertificateRotationTest. */
class CertificateReloadTest {

    @TempDir
    Path dir;

    @Test
    void servesTheConfiguredPairThroughOneKeyManager() throws Exception {
        Path[] pair = KeyPairs.rsaPkcs8(dir, "first");
        CertificateReload reload = reload(pair);

        KeyStoreAndKeyCertOptions store = reload.getKeyStore(null);

        X509KeyManager manager = (X509KeyManager) store.options.getKeyManagerFactory(null).getKeyManagers()[0];
        String alias = manager.chooseServerAlias("RSA", null, null);
        assertThat(manager.getCertificateChain(alias)[0]).isEqualTo(leaf(pair));
        assertThat(store.keyStore.getCertificate("serving")).isEqualTo(leaf(pair));
        assertThat(reload.getKeyStore(null).options.getKeyManagerFactory(null).getKeyManagers()[0]).isSameAs(manager);
    }

    @Test
    void refusesToStartWithoutAReadablePair() {
        Path[] pair = KeyPairs.rsaPkcs8(dir, "first");
        CertificateReload reload = new CertificateReload(pair[0], dir.resolve("missing.key"), Duration.ofSeconds(1), Clock.systemUTC());

        assertThatThrownBy(() -> reload.getKeyStore(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot serve HTTPS: " + dir.resolve("missing.key") + ": no such file (set GUARD_TLS_CERT and GUARD_TLS_KEY to a PEM"
                        + " certificate and its key; certs/generate.sh makes a pair)");
    }

    @Test
    void switchesToARenewedPair() throws Exception {
        Path[] served = KeyPairs.rsaPkcs8(dir, "first");
        CertificateReload reload = serving(served);
        Path[] renewal = KeyPairs.ecSec1(dir, "renewal");

        replace(served, renewal);
        reload.check();

        assertThat(reload.serving().leaf()).isEqualTo(leaf(renewal));
        assertThat(reload.getKeyStore(null).keyStore.getCertificate("serving")).isEqualTo(leaf(renewal));
    }

    @Test
    void keepsTheSameCertificateWhenTheFilesDidNotChange() throws Exception {
        Path[] served = KeyPairs.rsaPkcs8(dir, "first");
        CertificateReload reload = serving(served);
        ServingCertificate before = reload.serving();

        reload.check();
        reload.check();

        assertThat(reload.serving()).isSameAs(before);
    }

    @Test
    void keepsServingThePreviousPairWhileTheFilesDoNotMatchThenTakesTheRenewal() throws Exception {
        Path[] served = KeyPairs.rsaPkcs8(dir, "first");
        CertificateReload reload = serving(served);
        X509Certificate original = leaf(served);
        Path[] renewal = KeyPairs.rsaPkcs8(dir, "renewal");

        // A renewal half written: the new key beside the old certificate.
        Files.copy(renewal[1], served[1], StandardCopyOption.REPLACE_EXISTING);
        reload.check();
        assertThat(reload.serving().leaf()).isEqualTo(original);

        Files.copy(renewal[0], served[0], StandardCopyOption.REPLACE_EXISTING);
        reload.check();
        assertThat(reload.serving().leaf()).isEqualTo(leaf(renewal));
    }

    @Test
    void keepsServingWhenTheFilesDisappear() throws Exception {
        Path[] served = KeyPairs.rsaPkcs8(dir, "first");
        CertificateReload reload = serving(served);
        X509Certificate before = leaf(served);

        Files.delete(served[0]);
        reload.check();

        assertThat(reload.serving().leaf()).isEqualTo(before);
    }

    private static CertificateReload reload(Path[] pair) {
        return new CertificateReload(pair[0], pair[1], Duration.ofSeconds(1), Clock.systemUTC());
    }

    /** A reload whose HTTPS server has asked for its key store, as at start-up: it serves {@code pair}. */
    private static CertificateReload serving(Path[] pair) {
        CertificateReload reload = reload(pair);
        reload.getKeyStore(null);
        return reload;
    }

    private static void replace(Path[] target, Path[] source) throws Exception {
        Files.copy(source[0], target[0], StandardCopyOption.REPLACE_EXISTING);
        Files.copy(source[1], target[1], StandardCopyOption.REPLACE_EXISTING);
    }

    private static X509Certificate leaf(Path[] pair) throws Exception {
        return ServingCertificate.read(pair[0], pair[1]).leaf();
    }
}
