package io.hcoguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingCertificateTest {

    @TempDir
    Path dir;

    @Test
    void readsRsaKeyInPkcs8() throws Exception {
        Path[] pair = KeyPairs.rsaPkcs8(dir, "pkcs8");

        ServingCertificate certificate = ServingCertificate.read(pair[0], pair[1]);

        assertThat(certificate.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(certificate.chain()).hasSize(1);
        assertThat(certificate.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=pkcs8");
        assertThat(certificate.describe()).startsWith("\"CN=pkcs8\" (serial " + certificate.leaf().getSerialNumber().toString(16)
                + ", valid until ");
    }

    @Test
    void readsRsaKeyInPkcs1AsServiceCaWritesIt() throws Exception {
        Path[] pair = KeyPairs.rsaPkcs1(dir, "pkcs1");
        assertThat(Files.readString(pair[1])).startsWith(KeyPairs.pemBegin("RSA PRIVATE KEY"));

        assertThat(ServingCertificate.read(pair[0], pair[1]).key().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void readsEcKeyInSec1AsCertManagerWritesIt() throws Exception {
        Path[] pair = KeyPairs.ecSec1(dir, "ec");
        assertThat(Files.readString(pair[1])).startsWith(KeyPairs.pemBegin("EC PRIVATE KEY"));

        assertThat(ServingCertificate.read(pair[0], pair[1]).key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void readsEcKeyInPkcs8() throws Exception {
        Path[] pair = KeyPairs.ecPkcs8(dir, "ec-pkcs8");
        assertThat(Files.readString(pair[1])).startsWith(KeyPairs.pemBegin("PRIVATE KEY"));

        ServingCertificate certificate = ServingCertificate.read(pair[0], pair[1]);

        assertThat(certificate.key().getAlgorithm()).isEqualTo("EC");
        assertThat(((ECPrivateKey) certificate.key()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(384);
    }

    @Test
    void readsEcKeyInSec1AfterItsParametersBlock() throws Exception {
        Path[] pair = KeyPairs.ecSec1WithParameters(dir, "ec-params");
        assertThat(Files.readString(pair[1])).startsWith(KeyPairs.pemBegin("EC PARAMETERS"));

        assertThat(ServingCertificate.read(pair[0], pair[1]).key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void readsAChainLeafFirst() throws Exception {
        Path[] leaf = KeyPairs.rsaPkcs8(dir, "leaf");
        Path[] other = KeyPairs.ecSec1(dir, "intermediate");
        Files.writeString(leaf[0], Files.readString(leaf[0]) + Files.readString(other[0]));

        ServingCertificate certificate = ServingCertificate.read(leaf[0], leaf[1]);

        assertThat(certificate.chain()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=leaf", "CN=intermediate");
    }

    @Test
    void refusesEd25519KeyWhichTheHttpsServerCannotLoad() {
        Path[] pair = KeyPairs.ed25519(dir, "ed");

        assertThatThrownBy(() -> ServingCertificate.read(pair[0], pair[1]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("cannot load " + pair[1] + ": the PRIVATE KEY is neither RSA nor EC (the HTTPS server serves RSA and"
                        + " ECDSA keys)");
    }

    @Test
    void refusesKeyOfAnotherCertificate() {
        Path[] one = KeyPairs.rsaPkcs8(dir, "one");
        Path[] other = KeyPairs.rsaPkcs8(dir, "other");

        assertThatThrownBy(() -> ServingCertificate.read(one[0], other[1]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("the private key in " + other[1] + " does not belong to the certificate in " + one[0]);
    }

    @Test
    void refusesKeyOfAnotherAlgorithm() {
        Path[] rsa = KeyPairs.rsaPkcs8(dir, "rsa");
        Path[] ec = KeyPairs.ecSec1(dir, "ec");

        assertThatThrownBy(() -> ServingCertificate.read(rsa[0], ec[1]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("the private key in " + ec[1] + " does not belong to the certificate in " + rsa[0]);
    }

    @Test
    void refusesFilesThatAreNotPem() throws Exception {
        Path[] pair = KeyPairs.rsaPkcs8(dir, "pem");
        Path cert = Files.writeString(dir.resolve("tls.crt"), "not a certificate\n");
        Path key = Files.writeString(dir.resolve("tls.key"), "not a key\n");

        assertThatThrownBy(() -> ServingCertificate.read(cert, pair[1]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("cannot load " + cert + ": No certificate data found");
        assertThatThrownBy(() -> ServingCertificate.read(pair[0], key))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("cannot load " + key + ": no \"PRIVATE KEY\", \"RSA PRIVATE KEY\" or \"EC PRIVATE KEY\" PEM block");
    }

    @Test
    void reportsMissingFile() {
        Path[] pair = KeyPairs.rsaPkcs8(dir, "present");

        assertThatThrownBy(() -> ServingCertificate.read(pair[0], dir.resolve("absent.key")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessage(dir.resolve("absent.key") + ": no such file");
    }

    @Test
    void sameFilesHaveTheSameDigestAndARenewalAnother() throws Exception {
        Path[] first = KeyPairs.rsaPkcs8(dir, "first");
        Path[] second = KeyPairs.rsaPkcs8(dir, "second");

        assertThat(ServingCertificate.read(first[0], first[1]).digest())
                .isEqualTo(ServingCertificate.read(first[0], first[1]).digest())
                .isNotEqualTo(ServingCertificate.read(second[0], second[1]).digest())
                .hasSize(64);
    }
}
