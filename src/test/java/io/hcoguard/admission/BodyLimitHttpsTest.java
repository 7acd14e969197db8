package io.hcoguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.e2e.ManagementPort;
import io.hcoguard.tls.Trusting;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The body limit is the largest legitimate AdmissionReview (object and oldObject at the API server's
 * 3 MiB each, plus 1 MiB): such a review is judged, one byte more is answered 413 with the short JSON
 * error, over HTTP/2 (what the API server speaks to webhooks) as over HTTP/1.1, whether the body
 * declares its length or not, and counted as an invalid request.
 */
@QuarkusTest
class BodyLimitHttpsTest {

    private static final int LIMIT = 7 * 1024 * 1024;
    private static final String HCO = "{\"apiVersion\":\"hco.kubevirt.io/v1beta1\",\"kind\":\"HyperConverged\","
            + "\"metadata\":{\"name\":\"kubevirt-hyperconverged\",\"annotations\":{\"pad\":\"%s\"}},"
            + "\"spec\":{\"workloadUpdateStrategy\":{\"workloadUpdateMethods\":[\"LiveMigrate\"]}}}";

    @TestHTTPResource(value = "/validate-hyperconverged", tls = true)
    URL endpoint;

    /** Whether the client says how long the body is (Content-Length) or streams it (chunked, or HTTP/2 DATA frames only). */
    enum Length {
        DECLARED, UNDECLARED;

        BodyPublisher of(byte[] body) {
            return this == DECLARED ? BodyPublishers.ofByteArray(body) : BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        }
    }

    static Stream<Arguments> protocolsAndLengths() {
        return Stream.of(HttpClient.Version.values())
                .flatMap(version -> Stream.of(Length.values()).map(length -> Arguments.of(version, length)));
    }

    @ParameterizedTest(name = "{0}, length {1}")
    @MethodSource("protocolsAndLengths")
    void answers413OneByteOverTheLimit(HttpClient.Version version, Length length) throws Exception {
        byte[] body = new byte[LIMIT + 1];
        Arrays.fill(body, (byte) ' ');
        double invalidBefore = invalidRequests();

        HttpResponse<String> response = post(version, length.of(body));

        assertThat(response.version()).isEqualTo(version);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(length == Length.DECLARED
                ? "{\"error\":\"body of 7340033 bytes exceeds the limit of 7340032 bytes\",\"status\":413}"
                : "{\"error\":\"body exceeds the limit of 7340032 bytes\",\"status\":413}");
        assertThat(invalidRequests()).isEqualTo(invalidBefore + 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Length.class)
    void judgesAReviewOfTheLargestLegitimateSize(Length length) throws Exception {
        byte[] review = reviewOfExactly(LIMIT);

        HttpResponse<String> response = post(HttpClient.Version.HTTP_2, length.of(review));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"uid\":\"largest\"", "\"allowed\":true");
    }

    @Test
    void aClientThatAsksToContinueIsToldToAndJudged() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(Trusting.testCa()).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(endpoint.toString()))
                .header("Content-Type", "application/json").expectContinue(true).timeout(Duration.ofSeconds(60))
                .POST(BodyPublishers.ofByteArray(reviewOfExactly(LIMIT))).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"uid\":\"largest\"", "\"allowed\":true");
    }

    /** An UPDATE whose object and oldObject are padded so that the whole review is {@code size} bytes. */
    private static byte[] reviewOfExactly(int size) {
        String half = HCO.formatted("x".repeat((size - 2048) / 2));
        String review = AdmissionReviews.request("largest", "hco.kubevirt.io", "v1beta1", "HyperConverged", "hyperconvergeds",
                "UPDATE", half, half).toString();
        int missing = size - review.getBytes(StandardCharsets.UTF_8).length;
        assertThat(missing).isBetween(0, 4096);
        // JSON allows whitespace after the document: the review is the same, its size exact.
        return (review + " ".repeat(missing)).getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(HttpClient.Version version, BodyPublisher body) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(version).sslContext(Trusting.testCa())
                .connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create(endpoint.toString())).header("Content-Type", "application/json")
                .POST(body).build(), BodyHandlers.ofString());
    }

    private static double invalidRequests() {
        String sample = "hco_guard_admission_invalid_requests_total{webhook=\"validate-hyperconverged\"} ";
        List<String> lines = ManagementPort.get("/q/metrics").statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(sample)).toList();
        return lines.isEmpty() ? 0 : Double.parseDouble(lines.get(0).substring(sample.length()));
    }
}
