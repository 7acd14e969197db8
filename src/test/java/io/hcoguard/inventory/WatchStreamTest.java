package io.hcoguard.inventory;

import static io.hcoguard.inventory.FakeApiServer.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One watch request read as it streams, against a fake API server: order, backpressure, and abandoning it at any point. */
class WatchStreamTest {

    private static final String PATH = "/api/v1/persistentvolumeclaims";
    private static final URI WATCH = URI.create(FakeApiServer.MASTER + PATH.substring(1) + "?watch=true&resourceVersion=10");
    private static final Duration IDLE = Duration.ofSeconds(90);

    private final FakeApiServer server = new FakeApiServer();
    private final KubernetesClient client = server.client();
    private final HttpClient http = ListWatch.watchClient(client);
    private final AtomicInteger pauses = new AtomicInteger();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void deliversTheAnswerEachLineAndTheEndInOrderWhateverTheChunks() throws InterruptedException {
        try (WatchStream stream = new WatchStream(http, WATCH, IDLE, pauses::incrementAndGet)) {
            FakeApiServer.Exchange exchange = answered();
            exchange.send("{\"n\":1}");
            exchange.sendBytes("{\"n\":2}\n{\"gr\u00fc".getBytes(StandardCharsets.UTF_8));
            byte[] umlaut = "\u00fc\u00df\":3}\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendBytes(new byte[] {umlaut[0]}); // a character split between chunks
            exchange.sendBytes(Arrays.copyOfRange(umlaut, 1, umlaut.length));
            exchange.end();

            assertThat(take(stream, 5)).containsExactly(new WatchStream.Answered(200), new WatchStream.Line("{\"n\":1}"),
                    new WatchStream.Line("{\"n\":2}"), new WatchStream.Line("{\"gr\u00fc\u00fc\u00df\":3}"), new WatchStream.Ended(null));
        }
    }

    @Test
    void aBurstLargerThanTheQueueIsReadOnlyAsFastAsItIsTakenAndNothingIsLost() throws InterruptedException {
        int burst = 3 * WatchStream.QUEUED_LINES + 7;
        try (WatchStream stream = new WatchStream(http, WATCH, IDLE, pauses::incrementAndGet)) {
            FakeApiServer.Exchange exchange = answered();
            assertThat(stream.next(DEADLINE)).isEqualTo(new WatchStream.Answered(200));
            exchange.send(IntStream.range(0, burst).mapToObj(i -> "{\"n\":" + i + "}").toArray(String[]::new));
            exchange.end();

            // Nobody takes: reading pauses with the queue full, the rest stays with the API server.
            await().atMost(DEADLINE).until(() -> pauses.get() == 1 && exchange.delivered() == WatchStream.QUEUED_LINES);
            assertThat(exchange.demand()).isZero();

            List<String> lines = new ArrayList<>();
            WatchStream.Signal signal;
            while (!((signal = stream.next(DEADLINE)) instanceof WatchStream.Ended)) {
                lines.add(((WatchStream.Line) signal).json());
                assertThat(exchange.delivered() - lines.size()).isLessThanOrEqualTo(WatchStream.QUEUED_LINES);
            }
            assertThat(signal).isEqualTo(new WatchStream.Ended(null));
            assertThat(lines).isEqualTo(IntStream.range(0, burst).mapToObj(i -> "{\"n\":" + i + "}").toList());
            assertThat(pauses.get()).isGreaterThanOrEqualTo(1);
            assertThat(exchange.reset()).isFalse();
        }
    }

    @Test
    void closedBeforeTheAnswerTheAnswerIsResetWhenItComesAndNothingIsRead() throws InterruptedException {
        WatchStream stream = new WatchStream(http, WATCH, IDLE, pauses::incrementAndGet);
        FakeApiServer.Exchange exchange = server.nextWatch(PATH);

        stream.close();
        exchange.open(200);
        exchange.send("{\"n\":1}");

        exchange.awaitReset();
        assertThat(exchange.delivered()).isZero();
        WatchStream.Signal ended = stream.next(DEADLINE);
        assertThat(ended).isInstanceOf(WatchStream.Ended.class);
        assertThat(((WatchStream.Ended) ended).error()).isInstanceOf(CancellationException.class);
        assertThat(stream.next(Duration.ZERO)).isNull();
    }

    @Test
    void closedWhileTheBodyStreamsTheConnectionIsReset() throws InterruptedException {
        WatchStream stream = new WatchStream(http, WATCH, IDLE, pauses::incrementAndGet);
        FakeApiServer.Exchange exchange = answered();
        exchange.send("{\"n\":1}");
        assertThat(take(stream, 2)).containsExactly(new WatchStream.Answered(200), new WatchStream.Line("{\"n\":1}"));

        stream.close();

        exchange.awaitReset();
    }

    @Test
    void closedAfterTheApiServerEndedTheBodyTheConnectionIsLeftToThePool() throws InterruptedException {
        WatchStream stream = new WatchStream(http, WATCH, IDLE, pauses::incrementAndGet);
        FakeApiServer.Exchange exchange = server.nextWatch(PATH);
        exchange.respond(200, "{\"n\":1}\n");
        assertThat(take(stream, 3)).containsExactly(new WatchStream.Answered(200), new WatchStream.Line("{\"n\":1}"),
                new WatchStream.Ended(null));

        stream.close();

        assertThat(exchange.reset()).isFalse();
    }

    @Test
    void aRefusedConnectionEndsTheStreamWithItsError() throws InterruptedException {
        try (WatchStream stream = new WatchStream(http, WATCH, IDLE, pauses::incrementAndGet)) {
            server.nextWatch(PATH).refuse(new ConnectException("Connection refused"));

            WatchStream.Signal ended = stream.next(DEADLINE);
            assertThat(ended).isInstanceOf(WatchStream.Ended.class);
            // As fabric8's client passes it on: through the stages of its interceptors, wrapped.
            assertThat(((WatchStream.Ended) ended).error()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(ConnectException.class).hasMessage("Connection refused");
        }
    }

    @Test
    void aBodyBrokenOffEndsTheStreamWithItsErrorAfterWhatWasRead() throws InterruptedException {
        try (WatchStream stream = new WatchStream(http, WATCH, IDLE, pauses::incrementAndGet)) {
            FakeApiServer.Exchange exchange = answered();
            exchange.send("{\"n\":1}");
            exchange.breakOff(new IOException("Connection reset"));

            List<WatchStream.Signal> signals = take(stream, 3);
            assertThat(signals).startsWith(new WatchStream.Answered(200), new WatchStream.Line("{\"n\":1}"));
            assertThat(((WatchStream.Ended) signals.get(2)).error()).hasMessage("Connection reset");
        }
    }

    /** The stream's request, answered 200 with its body left open. */
    private FakeApiServer.Exchange answered() {
        FakeApiServer.Exchange exchange = server.nextWatch(PATH);
        exchange.open(200);
        return exchange;
    }

    private static List<WatchStream.Signal> take(WatchStream stream, int count) throws InterruptedException {
        List<WatchStream.Signal> signals = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WatchStream.Signal signal = stream.next(DEADLINE);
            assertThat(signal).as("signal %d of %d, after %s", i + 1, count, signals).isNotNull();
            signals.add(signal);
        }
        return signals;
    }
}
