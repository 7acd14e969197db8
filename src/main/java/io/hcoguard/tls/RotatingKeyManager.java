package io.hcoguard.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The HTTPS server's key manager: every TLS handshake asks it for the certificate to present, so
 * switching the certificate is one volatile write, with no server or SSL context to rebuild
 * (rebuilding one through Vert.x's updateSSLOptions drops the connections accepted meanwhile).
 *
 * <p>A handshake first chooses an alias, then asks for that alias's key and chain. Each certificate
 * gets its own alias, and the previous one stays answerable, so a handshake that chose just before a
 * switch still gets a key and chain that belong together.
 */
final class RotatingKeyManager extends X509ExtendedKeyManager {

    private record Issued(String alias, ServingCertificate certificate) {
    }

    private volatile Issued current;
    private volatile Issued previous;
    private int issued;

    RotatingKeyManager(ServingCertificate first) {
        current = new Issued(alias(++issued), first);
    }

    synchronized void serve(ServingCertificate next) {
        Issued now = current;
        previous = now;
        current = new Issued(alias(++issued), next);
    }

    ServingCertificate serving() {
        return current.certificate();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        Issued now = current;
        // The JDK asks once per key type it could use ("RSA", "EC", "RSASSA-PSS", ...).
        return now.certificate().key().getAlgorithm().equals(keyType) ? now.alias() : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = chooseServerAlias(keyType, issuers, null);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServingCertificate certificate = find(alias);
        return certificate == null ? null : certificate.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServingCertificate certificate = find(alias);
        return certificate == null ? null : certificate.key();
    }

    /** A server certificate only: hco-guard never presents a client certificate. */
    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    private ServingCertificate find(String alias) {
        Issued now = current;
        if (now.alias().equals(alias)) {
            return now.certificate();
        }
        Issued before = previous;
        return before != null && before.alias().equals(alias) ? before.certificate() : null;
    }

    private static String alias(int number) {
        return "serving-" + number;
    }
}
