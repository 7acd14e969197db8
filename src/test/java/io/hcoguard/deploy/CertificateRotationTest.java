package io.hcoguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hcoguard.e2e.AppView;
import io.hcoguard.e2e.ControlPlane;
import io.hcoguard.tls.Trusting;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * A renewed serving certificate is served without a restart: the certificate files are swapped the
 * way the kubelet updates a mounted Secret (service-ca, cert-manager and the self-signed overlay all
 * renew through one), while clients keep making requests, each on a new TLS connection that
 * verifies the server against the CA and the name "localhost". A broken renewal (a key that is not
 * the certificate's) is refused and the previous certificate stays; the good one then takes over.
 */
@QuarkusTest
@TestProfile(CertificateRotationTest.ReloadEverySecond.class)
class CertificateRotationTest {

    public static class ReloadEverySecond implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RotatingCertificates.class));
        }
    }

    private static final String REVIEW = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
            + "{\"uid\":\"rotation\",\"operation\":\"CREATE\",\"name\":\"c\",\"dryRun\":false,"
            + "\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"ConfigMap\"},"
            + "\"resource\":{\"group\":\"\",\"version\":\"v1\",\"resource\":\"configmaps\"},"
            + "\"userInfo\":{\"username\":\"admin\"},"
            + "\"object\":{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}}}";

    private static final Path CA = ControlPlane.PROJECT.resolve("target/test-certs/ca.crt");

    private static final int CLIENTS = 3;

    final AppView app = AppView.of(this);

    @Test
    void servesRenewedCertificateOnNewConnectionsWithoutRestartOrFailedRequest() throws Exception {
        BigInteger first = serial(RotatingCertificates.CERT);
        assertThat(answer().serial()).isEqualTo(first);

        // A connection opened before the renewal: it must outlive it (nothing restarts, nothing is dropped).
        HttpClient keptAlive = HttpClient.newBuilder().sslContext(Trusting.ca(CA)).version(HttpClient.Version.HTTP_1_1).build();
        assertThat(keptAliveAnswer(keptAlive)).isEqualTo(Map.entry(200, first));

        Path renewal = RotatingCertificates.issue();
        CertificateScript.rewriteAsPkcs1(renewal.resolve("tls.key"));
        BigInteger second = serial(renewal.resolve("tls.crt"));
        assertThat(second).isNotEqualTo(first);
        // A broken renewal first: the new certificate beside a key that is not its own.
        Path broken = RotatingCertificates.issue();
        Files.copy(renewal.resolve("tls.crt"), broken.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);

        List<BigInteger> served = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            // Several clients at once, so new connections are being accepted at the moment of the switch.
            Thread client = new Thread(() -> {
                while (running.get()) {
                    try {
                        Answer answer = answer();
                        served.add(answer.serial());
                        if (answer.status() != 200 || !answer.body().contains("\"uid\":\"rotation\"")) {
                            failures.add(answer.status() + " " + answer.body());
                        }
                    } catch (IOException | RuntimeException e) {
                        failures.add(e.toString());
                    }
                }
            }, "rotation-client-" + i);
            client.start();
            clients.add(client);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> served.size() >= 20);
        double renewedBefore = reloads("renewed");
        double failedBefore = reloads("failed");

        RotatingCertificates.publish(broken);
        await().atMost(Duration.ofSeconds(30)).until(() -> reloads("failed") > failedBefore);
        int seenWhileBroken = served.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> served.size() >= seenWhileBroken + 30);

        long swapped = System.nanoTime();
        RotatingCertificates.publish(renewal);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> served.contains(second));
        long newCertificateAfterMillis = (System.nanoTime() - swapped) / 1_000_000;
        int seenAtSwitch = served.size();
        // A few more reload periods: re-reading the unchanged new files must not disturb anything either.
        await().atMost(Duration.ofSeconds(30)).until(() -> served.size() >= seenAtSwitch + 100);
        Thread.sleep(2_000);
        running.set(false);
        for (Thread client : clients) {
            client.join(10_000);
        }

        System.out.printf("certificate rotation: new certificate served %d ms after the swap (reload period 1s); "
                + "%d requests from %d clients, %d failed%n", newCertificateAfterMillis, served.size(), CLIENTS, failures.size());
        assertThat(failures).isEmpty();
        assertThat(runs(served)).containsExactly(first, second);
        // Several reload periods passed, but the files changed once to a good pair: one switch, not one per period.
        assertThat(reloads("renewed") - renewedBefore).isEqualTo(1.0);
        assertThat(app.meter("hco_guard_serving_certificate_expiry_timestamp_seconds"))
                .isEqualTo(certificate(renewal.resolve("tls.crt")).getNotAfter().getTime() / 1000.0);
        assertThat(keptAliveAnswer(keptAlive)).isEqualTo(Map.entry(200, first));
        assertThat(answer().serial()).isEqualTo(second);
    }

    private double reloads(String outcome) {
        return app.meter("hco_guard_certificate_reloads_total", "outcome", outcome);
    }

    private record Answer(int status, String body, BigInteger serial) {
    }

    /**
     * One request on a new connection (Connection: close) with a new SSLContext, so each makes a full
     * TLS handshake and sees the certificate served now: a cached session would be resumed with the
     * old one (the API server's Go client does not resume either).
     */
    private static Answer answer() throws IOException {
        try (SSLSocket socket = (SSLSocket) Trusting.ca(CA).getSocketFactory().createSocket("localhost", ControlPlane.webhookPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            BigInteger serial = serial(socket.getSession());
            byte[] body = REVIEW.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /validate-upgrade HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            return new Answer(status, response.substring(response.indexOf("\r\n\r\n") + 4), serial);
        }
    }

    private static Map.Entry<Integer, BigInteger> keptAliveAnswer(HttpClient client) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + ControlPlane.webhookPort() + "/validate-upgrade"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REVIEW)).build(), HttpResponse.BodyHandlers.ofString());
        return Map.entry(response.statusCode(), serial(response.sslSession().orElseThrow()));
    }

    /** The serials in the order they were served, repeats collapsed: [old, new] means one clean switch. */
    private static List<BigInteger> runs(List<BigInteger> served) {
        List<BigInteger> runs = new ArrayList<>();
        synchronized (served) {
            for (BigInteger serial : served) {
                if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(serial)) {
                    runs.add(serial);
                }
            }
        }
        return runs;
    }

    private static BigInteger serial(SSLSession session) {
        try {
            return ((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial(Path pem) throws IOException, GeneralSecurityException {
        return certificate(pem).getSerialNumber();
    }

    private static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
