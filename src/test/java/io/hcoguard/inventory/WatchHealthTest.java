package io.hcoguard.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchHealthTest {

    private static final StalenessBound BOUND = new StalenessBound(Duration.ofSeconds(10));

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final WatchHealth health = new WatchHealth(clock);

    @Test
    void isSyncingUntilTheFirstListCompletes() {
        health.proved(); // a first page
        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCING);

        health.listed();
        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCED);
    }

    @Test
    void growsStaleFromItsStartWhenTheApiServerNeverAnswers() {
        clock.advance(Duration.ofSeconds(11));

        assertThat(health.staleness()).isEqualTo(Duration.ofSeconds(11));
        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCING);
    }

    @Test
    void turnsStaleWhenTheApiServerProvesNothingWithinTheBound() {
        health.listed();
        clock.advance(Duration.ofSeconds(10));
        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCED);

        clock.advance(Duration.ofMillis(1));
        assertThat(health.state(BOUND)).isEqualTo(WatchState.STALE);

        health.proved(); // an event
        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCED);
        assertThat(health.staleness()).isZero();
    }

    @Test
    void isTrustedAgainAfterAnInterruptionAtTheFirstBookmark() {
        health.listed();
        health.interrupted();
        assertThat(health.state(BOUND)).isEqualTo(WatchState.NOT_WATCHING);

        health.answered(); // the new watch request is answered; the missed events follow
        health.proved();
        assertThat(health.state(BOUND)).isEqualTo(WatchState.CATCHING_UP);

        health.bookmarked(); // sent after every event before it
        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCED);
    }

    @Test
    void isTrustedAgainAfterAnInterruptionWhenTheApiServerEndsAQuietWatch() {
        health.listed();
        health.interrupted();
        health.answered();
        clock.advance(Duration.ofMillis(300));
        Instant lastEvent = clock.instant();
        clock.advance(Duration.ofMillis(499));

        health.endedByServer(lastEvent); // events up to the end: the timeout may have cut the replay short
        assertThat(health.state(BOUND)).isEqualTo(WatchState.CATCHING_UP);

        health.answered(); // the next watch resumes the replay
        clock.advance(Duration.ofSeconds(1));
        health.endedByServer(clock.instant().minus(WatchHealth.QUIET_TAIL));
        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCED);
    }

    @Test
    void aWatchThatBringsNothingAndIsEndedHasCaughtUp() {
        health.listed();
        health.interrupted();
        health.answered();

        health.endedByServer(null);
        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCED);
    }

    @Test
    void anAnswerWithoutAnInterruptionKeepsTheWatchTrusted() {
        Instant lastEvent = clock.instant();
        health.listed();
        health.endedByServer(lastEvent); // the API server ended the watch at its timeout, right after an event
        health.answered(); // and answered the next one

        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCED);
    }

    @Test
    void aFailedRelistStaysSyncing() {
        health.listed();
        health.listing(); // the API server said the resourceVersion is too old
        health.interrupted(); // and the list failed

        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCING);
        health.listed();
        assertThat(health.state(BOUND)).isEqualTo(WatchState.SYNCED);
    }
}
