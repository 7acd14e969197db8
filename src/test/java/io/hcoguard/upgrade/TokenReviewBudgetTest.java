package io.hcoguard.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenReviewBudgetTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final TokenReviewBudget budget = new TokenReviewBudget(3, Duration.ofMinutes(1), 100);

    @Test
    void aClientMayCauseAsManyReviewsAsItsBudgetPerInterval() {
        for (int i = 0; i < 3; i++) {
            assertThat(budget.take("10.0.0.1", T0.plusSeconds(i))).isZero();
        }

        assertThat(budget.take("10.0.0.1", T0.plusSeconds(20))).isEqualTo(Duration.ofSeconds(40));
        assertThat(budget.take("10.0.0.1", T0.plusSeconds(59))).isEqualTo(Duration.ofSeconds(1));
        assertThat(budget.take("10.0.0.1", T0.plusSeconds(60))).isZero();
    }

    @Test
    void eachClientHasItsOwnBudget() {
        for (int i = 0; i < 3; i++) {
            budget.take("10.0.0.1", T0);
        }

        assertThat(budget.take("10.0.0.1", T0)).isPositive();
        assertThat(budget.take("10.0.0.2", T0)).isZero();
    }

    @Test
    void aReviewThatFoundAValidTokenIsGivenBack() {
        for (int i = 0; i < 3; i++) {
            budget.take("10.0.0.1", T0);
        }
        budget.refund("10.0.0.1", T0);

        assertThat(budget.take("10.0.0.1", T0)).isZero();
        assertThat(budget.take("10.0.0.1", T0)).isPositive();
    }

    @Test
    void forgetsTheLeastRecentClientsBeyondItsBound() {
        TokenReviewBudget small = new TokenReviewBudget(1, Duration.ofMinutes(1), 2);
        small.take("a", T0);
        small.take("b", T0);
        small.take("c", T0);

        assertThat(small.take("b", T0)).isPositive();
        assertThat(small.take("a", T0)).isZero();
    }
}
