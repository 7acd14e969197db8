package io.hcoguard.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StalenessBoundTest {

    @ParameterizedTest(name = "a bound of {0} s: watches end after {1} s, {2} s while catching up; backoff up to {3} ms")
    @CsvSource({
            "60, 30, 3, 30000",
            "120, 60, 3, 30000",
            "5, 2, 2, 2500",
            "3, 1, 1, 1500",
            "2, 1, 1, 1000",
            "61, 30, 3, 30000",
    })
    void derivesTheWatchTimeoutsAndTheLongestBackoffFromTheBound(long boundSeconds, long watchTimeoutSeconds,
            long catchUpTimeoutSeconds, long backoffMillis) {
        StalenessBound bound = new StalenessBound(Duration.ofSeconds(boundSeconds));

        assertThat(bound.watchTimeoutSeconds()).isEqualTo(watchTimeoutSeconds);
        assertThat(bound.catchUpTimeoutSeconds()).isEqualTo(catchUpTimeoutSeconds);
        assertThat(bound.longestBackoff()).isEqualTo(Duration.ofMillis(backoffMillis));
    }

    @Test
    void isExceededOnlyPastTheBound() {
        StalenessBound bound = new StalenessBound(Duration.ofSeconds(60));

        assertThat(bound.exceededBy(Duration.ofSeconds(60))).isFalse();
        assertThat(bound.exceededBy(Duration.ofMillis(60_001))).isTrue();
    }

    @Test
    void refusesABoundNoWatchCouldKeep() {
        assertThatThrownBy(() -> new StalenessBound(Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("guard.inventory.max-staleness must be at least 2s, got 1500ms");
    }
}
