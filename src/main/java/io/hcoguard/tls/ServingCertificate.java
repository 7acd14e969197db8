package io.hcoguard.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * A serving certificate chain and its private key, read together from the two PEM files and checked
 * to belong together. A pair that does not match (a key from one renewal, a certificate from the
 * next) is refused here, so it is never served.
 *
 * @param chain  the leaf certificate first, then any intermediates
 * @param key    the private key of the leaf
 * @param digest SHA-256 (hex) over both files as read, to tell a renewal from a re-read of the same files
 */
public record ServingCertificate(List<X509Certificate> chain, PrivateKey key, String digest) {

    public ServingCertificate {
        chain = List.copyOf(chain);
    }

    /**
     * The two PEM files as read together, and a digest of both: comparing digests tells a renewal from
     * a re-read of the same files without parsing either.
     */
    public record PemFiles(Path certFile, Path keyFile, byte[] cert, byte[] key, String digest) {

        public static PemFiles read(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
            byte[] cert = contents(certFile);
            byte[] key = contents(keyFile);
            // Both files are swapped together (a Secret volume renames one link); if the certificate
            // changed while the key was read, the two may come from different renewals.
            if (!Arrays.equals(cert, contents(certFile))) {
                throw new GeneralSecurityException(certFile + " changed while it was read");
            }
            return new PemFiles(certFile, keyFile, cert, key, sha256(cert, key));
        }
    }

    /** Reads and checks the pair; the message of the exception says what is wrong, for the log. */
    public static ServingCertificate read(Path certFile, Path keyFile) throws IOException, GeneralSecurityException {
        return parse(PemFiles.read(certFile, keyFile));
    }

    /** Parses and checks a pair already read. */
    public static ServingCertificate parse(PemFiles files) throws GeneralSecurityException {
        List<X509Certificate> chain;
        try {
            // The JDK reads PEM certificates itself; the key forms openssl, service-ca and cert-manager write: PemKey.
            chain = x509(CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(files.cert())));
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("cannot load " + files.certFile() + ": " + e.getMessage(), e);
        }
        PrivateKey privateKey;
        try {
            privateKey = PemKey.read(files.key());
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException("cannot load " + files.keyFile() + ": " + e.getMessage(), e);
        }
        requireMatch(chain.get(0), privateKey, files.certFile(), files.keyFile());
        return new ServingCertificate(chain, privateKey, files.digest());
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** How the log names it: subject, serial and expiry, enough to match it with `openssl x509 -text`. */
    public String describe() {
        X509Certificate leaf = leaf();
        return "\"" + leaf.getSubjectX500Principal().getName() + "\" (serial " + leaf.getSerialNumber().toString(16)
                + ", valid until " + leaf.getNotAfter().toInstant() + ")";
    }

    private static byte[] contents(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }

    private static List<X509Certificate> x509(Collection<? extends Certificate> chain) throws GeneralSecurityException {
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate");
        }
        List<X509Certificate> x509 = new ArrayList<>();
        for (Certificate certificate : chain) {
            if (!(certificate instanceof X509Certificate one)) {
                throw new GeneralSecurityException("not an X.509 certificate: " + certificate.getType());
            }
            x509.add(one);
        }
        return x509;
    }

    /** Proves the key belongs to the certificate: a signature made with the key verifies with the certificate. */
    private static void requireMatch(X509Certificate leaf, PrivateKey key, Path certFile, Path keyFile) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new GeneralSecurityException("key algorithm " + key.getAlgorithm() + " in " + keyFile
                    + " is not supported (use RSA or ECDSA)");
        };
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // A key of one algorithm and a certificate of another: reported as a mismatch below.
        }
        throw new GeneralSecurityException("the private key in " + keyFile + " does not belong to the certificate in " + certFile);
    }

    private static String sha256(byte[] cert, byte[] key) throws GeneralSecurityException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(cert);
        digest.update(key);
        return HexFormat.of().formatHex(digest.digest());
    }
}
