package io.hcoguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hcoguard.admission.AdmissionReviews;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/**
 * The webhook speaks TLS 1.3 and TLS 1.2, for an API server held to 1.2 (a FIPS policy, OpenShift's
 * Intermediate profile); for 1.2 only ECDHE key exchange with AES-GCM or ChaCha20-Poly1305. TLS 1.1,
 * and TLS 1.2 without those suites, get no connection.
 */
@QuarkusTest
class TlsVersionsHttpsTest {

    /** Forward secrecy and AEAD: the TLS 1.2 suites of OpenShift's Intermediate profile, without DHE. */
    static final Set<String> TLS12_SUITES = Set.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}";

    @TestHTTPResource(value = "/validate-upgrade", tls = true)
    URL endpoint;

    @Test
    void aTls12OnlyClientIsAnsweredOverAnEcdheAeadSuite() throws Exception {
        HttpResponse<String> response = post(client("TLSv1.2"));

        assertThat(response.statusCode()).isEqualTo(200);
        SSLSession session = response.sslSession().orElseThrow();
        assertThat(session.getProtocol()).isEqualTo("TLSv1.2");
        assertThat(session.getCipherSuite()).isIn(TLS12_SUITES);
    }

    @Test
    void aTls13ClientIsAnswered() throws Exception {
        HttpResponse<String> response = post(client("TLSv1.3"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void aTls12ClientWithoutForwardSecrecyOrAeadGetsNoConnection() {
        HttpClient cbcOrStaticRsa = client("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
                "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384");

        assertThatThrownBy(() -> post(cbcOrStaticRsa)).isInstanceOf(SSLHandshakeException.class);
    }

    /**
     * A TLS 1.1 ClientHello, written by hand: the JDK's own client refuses to send one (TLS 1.1 is
     * disabled in java.security), so it could not tell the server's refusal from its own. The server
     * answers with a fatal protocol_version alert (RFC 5246, 7.2.2: description 70).
     */
    @Test
    void aTls11ClientGetsAProtocolVersionAlert() throws IOException {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(tls11ClientHello());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] record = new byte[7];
            in.readFully(record);

            assertThat(record[0]).as("record type: alert").isEqualTo((byte) 21);
            assertThat(record[5]).as("alert level: fatal").isEqualTo((byte) 2);
            assertThat(record[6]).as("alert description: protocol_version").isEqualTo((byte) 70);
        }
    }

    /** The minimum a TLS 1.1 server would accept: version 3.2, a random, two TLS 1.1 suites, no compression. */
    static byte[] tls11ClientHello() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 2 + 4 + 2)
                .put((byte) 3).put((byte) 2)                    // client_version TLS 1.1
                .put(random)
                .put((byte) 0)                                  // no session id
                .putShort((short) 4).putShort((short) 0xc013).putShort((short) 0x002f) // ECDHE-RSA-AES128-SHA, AES128-SHA
                .put((byte) 1).put((byte) 0);                   // compression: null
        ByteBuffer record = ByteBuffer.allocate(5 + 4 + body.capacity())
                .put((byte) 22).put((byte) 3).put((byte) 2).putShort((short) (4 + body.capacity())) // handshake record, TLS 1.1
                .put((byte) 1).put((byte) 0).putShort((short) body.capacity())                   // ClientHello
                .put(body.array());
        return record.array();
    }

    private static HttpClient client(String protocol, String... suites) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        if (suites.length > 0) {
            parameters.setCipherSuites(suites);
        }
        return HttpClient.newBuilder().sslContext(Trusting.testCa()).sslParameters(parameters).build();
    }

    private HttpResponse<String> post(HttpClient client) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(endpoint.toString())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(AdmissionReviews.request("tls", "", "v1", "ConfigMap", "configmaps",
                        "CREATE", CONFIG_MAP, null).toString())).build(), BodyHandlers.ofString());
    }
}
