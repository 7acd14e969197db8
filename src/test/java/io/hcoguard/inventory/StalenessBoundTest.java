package io.hcoguard.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StalenessBoundTest {

    @ParameterizedTest(name = "a bound of {0} s asks the API server to end each watch after {1} s and backs off to {2} ms")
    @CsvSource({
            "60, 30, 30000",
            "120, 60, 30000",
            "3, 1, 1500",
            "2, 1, 1000",
            "61, 30, 30000",
    })
    void derivesTheWatchTimeoutAndTheLongestBackoffFromTheBound(long boundSeconds, long watchTimeoutSeconds, long backoffMillis) {
        StalenessBound bound = new StalenessBound(Duration.ofSeconds(boundSeconds));

        assertThat(bound.watchTimeoutSeconds()).isEqualTo(watchTimeoutSeconds);
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
