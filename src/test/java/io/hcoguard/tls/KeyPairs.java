package io.hcoguard.tls;

import static io.hcoguard.deploy.CertificateScript.openssl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Self-signed certificates and keys in the PEM forms hco-guard meets, made by openssl in a folder. */
final class KeyPairs {

    private KeyPairs() {
    }

    /** RSA, key in PKCS#8 ("BEGIN PRIVATE KEY"), as certs/generate.sh writes it. Returns {cert, key}. */
    static Path[] rsaPkcs8(Path dir, String name) {
        Path[] pair = files(dir, name);
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                "-keyout", pair[1].toString(), "-out", pair[0].toString());
        return pair;
    }

    /** RSA, key in PKCS#1 ("BEGIN RSA PRIVATE KEY"), as OpenShift's service-ca writes it. */
    static Path[] rsaPkcs1(Path dir, String name) {
        Path[] pair = rsaPkcs8(dir, name);
        openssl("rsa", "-in", pair[1].toString(), "-traditional", "-out", pair[1].toString());
        return pair;
    }

    /** ECDSA P-256, key in SEC1 ("BEGIN EC PRIVATE KEY"), as cert-manager writes an ECDSA key. */
    static Path[] ecSec1(Path dir, String name) {
        Path[] pair = files(dir, name);
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", pair[1].toString());
        openssl("req", "-x509", "-key", pair[1].toString(), "-days", "2", "-subj", "/CN=" + name, "-out", pair[0].toString());
        return pair;
    }

    /** ECDSA P-384, key in PKCS#8 ("BEGIN PRIVATE KEY"), as openssl genpkey writes it. */
    static Path[] ecPkcs8(Path dir, String name) {
        Path[] pair = files(dir, name);
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", pair[1].toString());
        openssl("req", "-x509", "-key", pair[1].toString(), "-days", "2", "-subj", "/CN=" + name, "-out", pair[0].toString());
        return pair;
    }

    /** ECDSA P-256 in SEC1 after an "EC PARAMETERS" block, as openssl ecparam -genkey writes it without -noout. */
    static Path[] ecSec1WithParameters(Path dir, String name) {
        Path[] pair = files(dir, name);
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", pair[1].toString());
        openssl("req", "-x509", "-key", pair[1].toString(), "-days", "2", "-subj", "/CN=" + name, "-out", pair[0].toString());
        return pair;
    }

    /** Ed25519, key in PKCS#8: a form the HTTPS server cannot serve. */
    static Path[] ed25519(Path dir, String name) {
        Path[] pair = files(dir, name);
        openssl("genpkey", "-algorithm", "ed25519", "-out", pair[1].toString());
        openssl("req", "-x509", "-key", pair[1].toString(), "-days", "2", "-subj", "/CN=" + name, "-out", pair[0].toString());
        return pair;
    }

    /** The line a PEM block with this label starts with (the tests hold labels, never keys). */
    static String pemBegin(String label) {
        return "-----BEGIN " + label + "-----";
    }

    private static Path[] files(Path dir, String name) {
        try {
            Path folder = Files.createDirectories(dir.resolve(name));
            return new Path[] {folder.resolve("tls.crt"), folder.resolve("tls.key")};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
