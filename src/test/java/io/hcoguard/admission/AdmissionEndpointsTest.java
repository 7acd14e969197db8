package io.hcoguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP face answers and counts, for a webhook whose rule fails: a 500 with the short JSON
 * error (a webhook error for the API server, not a denial), an error counted, its time measured in
 * the latency histogram; and for a webhook that decides: the decision counted and timed.
 */
class AdmissionEndpointsTest {

    private static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** A rule with a bug: every request it sees makes it throw. */
    private final AdmissionWebhook failing = new AdmissionWebhook() {
        @Override
        public String name() {
            return "validate-upgrade";
        }

        @Override
        public Decision decide(AdmissionInput input) {
            throw new IllegalStateException("no cluster view for " + input.uid());
        }
    };

    private final AdmissionWebhook allowing = new AdmissionWebhook() {
        @Override
        public String name() {
            return "validate-hyperconverged";
        }

        @Override
        public Decision decide(AdmissionInput input) {
            return Decision.allow();
        }
    };

    private final AdmissionEndpoints endpoints = new AdmissionEndpoints(List.of(failing, allowing), new AdmissionMetrics(registry));

    @Test
    void aFailingRuleIsAnswered500AndCountedAsAnErrorNotADenial() {
        AdmissionEndpoints.Answer answer = endpoints.review("validate-upgrade", review("u-1"));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"hco-guard could not judge this request"
                + " (internal error in validate-upgrade: IllegalStateException); see the hco-guard logs\",\"status\":500}");
        assertThat(samples("hco_guard_admission_errors_total")).containsExactly(
                "hco_guard_admission_errors_total{webhook=\"validate-upgrade\",} 1.0");
        assertThat(samples("hco_guard_admission_decisions_total")).isEmpty();
        assertThat(samples("hco_guard_admission_duration_seconds_count")).containsExactly(
                "hco_guard_admission_duration_seconds_count{webhook=\"validate-upgrade\",} 1.0");
    }

    @Test
    void aDecisionIsCountedAndTimedInHistogramBucketsUpToTheApiServersTimeout() {
        AdmissionEndpoints.Answer answer = endpoints.review("validate-hyperconverged", review("u-2"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(samples("hco_guard_admission_decisions_total")).containsExactly(
                "hco_guard_admission_decisions_total{allowed=\"true\",dry_run=\"false\",webhook=\"validate-hyperconverged\",} 1.0");
        assertThat(samples("hco_guard_admission_errors_total")).isEmpty();
        assertThat(samples("hco_guard_admission_duration_seconds_bucket").stream()
                .map(sample -> sample.replaceFirst(".*le=\"([^\"]+)\".*", "$1")))
                .containsExactly("2.5E-4", "5.0E-4", "0.001", "0.002", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
                        "1.0", "2.5", "5.0", "10.0", "+Inf");
        assertThat(samples("hco_guard_admission_duration_seconds_bucket")).last().isEqualTo(
                "hco_guard_admission_duration_seconds_bucket{webhook=\"validate-hyperconverged\",le=\"+Inf\",} 1.0");
    }

    @Test
    void aBodyThatIsNotAnAdmissionReviewIsCountedAsInvalid() {
        AdmissionEndpoints.Answer answer = endpoints.review("validate-upgrade", "[]".getBytes(StandardCharsets.UTF_8));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(samples("hco_guard_admission_invalid_requests_total")).containsExactly(
                "hco_guard_admission_invalid_requests_total{webhook=\"validate-upgrade\",} 1.0");
        assertThat(samples("hco_guard_admission_duration_seconds_count")).isEmpty();
    }

    private static byte[] review(String uid) {
        return AdmissionReviews.request(uid, "", "v1", "ConfigMap", "configmaps", "CREATE", CONFIG_MAP, null).toString()
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The scraped sample lines of one metric family, as Prometheus reads them. */
    private List<String> samples(String name) {
        return registry.scrape().lines().filter(line -> line.startsWith(name + "{")).toList();
    }
}
