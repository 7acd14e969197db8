package io.hcoguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
    void refusesEd25519KeyWhichTheHttpsServerCannotLoad() {
        Path[] pair = KeyPairs.ed25519(dir, "ed");

        assertThatThrownBy(() -> ServingCertificate.read(pair[0], pair[1]))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("cannot load " + pair[0] + " and " + pair[1] + ": Unsupported algorithm identifier");
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
                .hasMessage("cannot load " + rsa[0] + " and " + ec[1] + ": private key algorithm does not match algorithm of public key"
                        + " in end entity certificate (at index 0)");
    }

    @Test
    void refusesFilesThatAreNotPem() throws Exception {
        Path cert = Files.writeString(dir.resolve("tls.crt"), "not a certificate\n");
        Path key = Files.writeString(dir.resolve("tls.key"), "not a key\n");

        assertThatThrownBy(() -> ServingCertificate.read(cert, key))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessage("cannot load " + cert + " and " + key + ": Missing " + KeyPairs.pemBegin("PRIVATE KEY")
                        + " or " + KeyPairs.pemBegin("RSA PRIVATE KEY") + " or " + KeyPairs.pemBegin("EC PRIVATE KEY") + " delimiter");
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
