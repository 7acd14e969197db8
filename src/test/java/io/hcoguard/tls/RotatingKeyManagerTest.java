package io.hcoguard.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingKeyManagerTest {

    @TempDir
    static Path dir;
    static ServingCertificate first;
    static ServingCertificate second;
    static ServingCertificate third;
    static ServingCertificate ec;

    @BeforeAll
    static void certificates() throws Exception {
        first = read(KeyPairs.rsaPkcs8(dir, "first"));
        second = read(KeyPairs.rsaPkcs8(dir, "second"));
        third = read(KeyPairs.rsaPkcs8(dir, "third"));
        ec = read(KeyPairs.ecSec1(dir, "ec"));
    }

    @Test
    void offersTheCertificateOnlyForItsKeyType() {
        RotatingKeyManager manager = new RotatingKeyManager(first);

        assertThat(manager.chooseEngineServerAlias("RSA", null, null)).isEqualTo("serving-1");
        assertThat(manager.chooseEngineServerAlias("EC", null, null)).isNull();
        assertThat(manager.chooseEngineServerAlias("RSASSA-PSS", null, null)).isNull();
        assertThat(manager.getServerAliases("RSA", null)).containsExactly("serving-1");
        assertThat(manager.getPrivateKey("serving-1")).isSameAs(first.key());
        assertThat(manager.getCertificateChain("serving-1")).containsExactly(first.leaf());
    }

    @Test
    void newHandshakesGetTheRenewedCertificate() {
        RotatingKeyManager manager = new RotatingKeyManager(first);

        manager.serve(second);

        assertThat(manager.serving()).isSameAs(second);
        assertThat(manager.chooseServerAlias("RSA", null, null)).isEqualTo("serving-2");
        assertThat(manager.getPrivateKey("serving-2")).isSameAs(second.key());
        assertThat(manager.getCertificateChain("serving-2")).containsExactly(second.leaf());
    }

    @Test
    void handshakeThatChoseBeforeTheSwitchGetsAMatchingKeyAndChain() {
        RotatingKeyManager manager = new RotatingKeyManager(first);
        String chosen = manager.chooseEngineServerAlias("RSA", null, null);

        manager.serve(second);

        assertThat(manager.getPrivateKey(chosen)).isSameAs(first.key());
        assertThat(manager.getCertificateChain(chosen)).containsExactly(first.leaf());
    }

    @Test
    void forgetsCertificatesOlderThanThePreviousOne() {
        RotatingKeyManager manager = new RotatingKeyManager(first);
        manager.serve(second);
        manager.serve(third);

        assertThat(manager.getPrivateKey("serving-1")).isNull();
        assertThat(manager.getCertificateChain("serving-1")).isNull();
        assertThat(manager.getPrivateKey("serving-2")).isSameAs(second.key());
        assertThat(manager.getPrivateKey("serving-3")).isSameAs(third.key());
        assertThat(manager.getPrivateKey("unknown")).isNull();
    }

    @Test
    void switchesKeyTypeWithTheCertificate() {
        RotatingKeyManager manager = new RotatingKeyManager(first);

        manager.serve(ec);

        assertThat(manager.chooseEngineServerAlias("RSA", null, null)).isNull();
        assertThat(manager.chooseEngineServerAlias("EC", null, null)).isEqualTo("serving-2");
    }

    @Test
    void neverOffersAClientCertificate() {
        RotatingKeyManager manager = new RotatingKeyManager(first);

        assertThat(manager.chooseClientAlias(new String[] {"RSA"}, null, null)).isNull();
        assertThat(manager.chooseEngineClientAlias(new String[] {"RSA"}, null, null)).isNull();
        assertThat(manager.getClientAliases("RSA", null)).isNull();
    }

    private static ServingCertificate read(Path[] pair) throws Exception {
        return ServingCertificate.read(pair[0], pair[1]);
    }
}
