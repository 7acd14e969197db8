package io.hcoguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * The minimum is configurable as docs/tls.md says: QUARKUS_TLS_WEBHOOK_PROTOCOLS=TLSv1.3 (OpenShift's
 * Modern profile) leaves a TLS 1.2 client without a connection.
 */
@QuarkusTest
@TestProfile(TlsMinimumHttpsTest.Tls13Only.class)
class TlsMinimumHttpsTest {

    public static class Tls13Only implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.tls.webhook.protocols", "TLSv1.3");
        }
    }

    @TestHTTPResource(value = "/upgrade-readiness", tls = true)
    URL report;

    @Test
    void aTls12ClientGetsNoConnectionAndATls13ClientAnAnswer() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(report.toString())).build();

        assertThatThrownBy(() -> client("TLSv1.2").send(request, BodyHandlers.discarding()))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(client("TLSv1.3").send(request, BodyHandlers.discarding()).statusCode()).isEqualTo(401);
    }

    private static HttpClient client(String protocol) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder().sslContext(Trusting.testCa()).sslParameters(parameters).build();
    }
}
