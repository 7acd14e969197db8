package io.hcoguard.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.e2e.ApiServerRequests;
import io.hcoguard.e2e.ControlPlane;
import io.hcoguard.inventory.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Against the real API server: a client sending unknown bearer tokens to the readiness report costs
 * at most {@value ReportAccess#FAILED_REVIEWS_PER_CLIENT} TokenReviews a minute; beyond that it gets
 * 429 without an API call, while other clients and tokens already known are served as before.
 * Its own ReportAccess on made-up client addresses, so the app under test keeps its own budget.
 */
@QuarkusTest
class ReportAccessE2ETest {

    private static final String TOKEN_REVIEWS = "POST authentication.k8s.io/tokenreviews";
    private static final String NOT_VALID = "the bearer token is not valid";

    private final KubernetesClient admin = ControlPlane.admin();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final ReportAccess access = new ReportAccess(admin, clock);

    @Test
    void unknownTokensCostAClientAtMostItsBudgetOfTokenReviewsPerMinute() {
        String valid = "Bearer " + serviceAccountToken();
        String attacker = "203.0.113.9";
        long reviewsBefore = tokenReviews();

        assertThat(access.check(valid, attacker).status()).isEqualTo(403); // a real user, without the right to list VMIs
        for (int i = 0; i < ReportAccess.FAILED_REVIEWS_PER_CLIENT; i++) {
            assertThat(access.check("Bearer " + UUID.randomUUID(), attacker)).isEqualTo(new ReportAccess.Verdict(401, NOT_VALID));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(access.check("Bearer " + UUID.randomUUID(), attacker)).isEqualTo(new ReportAccess.Verdict(429,
                    "too many invalid bearer tokens from " + attacker + "; retry in 60 s", Duration.ofSeconds(60)));
        }
        assertThat(access.check(valid, attacker).status()).as("a token already reviewed costs nothing").isEqualTo(403);
        assertThat(access.check("Bearer " + UUID.randomUUID(), "192.0.2.1")).isEqualTo(new ReportAccess.Verdict(401, NOT_VALID));

        assertThat(tokenReviews() - reviewsBefore).isEqualTo(1 + ReportAccess.FAILED_REVIEWS_PER_CLIENT + 1);
        clock.advance(ReportAccess.FAILED_REVIEWS_INTERVAL);
        assertThat(access.check("Bearer " + UUID.randomUUID(), attacker)).isEqualTo(new ReportAccess.Verdict(401, NOT_VALID));
    }

    @Test
    void anInvalidTokenRepeatedIsReviewedOnceWhileRemembered() {
        String stale = "Bearer " + UUID.randomUUID();
        long reviewsBefore = tokenReviews();

        for (int i = 0; i < 50; i++) {
            assertThat(access.check(stale, "198.51.100.7")).isEqualTo(new ReportAccess.Verdict(401, NOT_VALID));
        }

        assertThat(tokenReviews() - reviewsBefore).isEqualTo(1);
    }

    private long tokenReviews() {
        Map<String, Long> counts = ApiServerRequests.count(admin);
        return counts.getOrDefault(TOKEN_REVIEWS, 0L);
    }

    private String serviceAccountToken() {
        admin.resource(new ServiceAccountBuilder().withNewMetadata().withName("report-budget").withNamespace("default").endMetadata()
                .build()).serverSideApply();
        return admin.serviceAccounts().inNamespace("default").withName("report-budget")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
    }
}
