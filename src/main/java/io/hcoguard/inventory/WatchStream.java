package io.hcoguard.inventory;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One watch request to the API server (a streamed HTTP GET), read as it arrives: the answer, each
 * event line, the end. The HTTP client's I/O threads only split lines and queue them; the watch's
 * own thread takes them in order, so no event is judged on an I/O thread.
 *
 * <p>The queue is bounded by backpressure, as client-go bounds it (apimachinery's
 * {@code watch.NewStreamWatcher} hands events over an unbuffered channel: its reader waits for the
 * consumer): once {@link #QUEUED_LINES} lines wait, the stream asks the HTTP client for no more
 * body ({@link AsyncBody#consume()} is what asks for the next chunk), so TCP flow control holds
 * the rest at the API server, and reading resumes when the watch's thread has taken half of them.
 * Nothing is dropped and no relist is needed; an API server whose watcher falls too far behind
 * ends the watch itself, and it is resumed from the last resourceVersion as after any end.
 */
final class WatchStream implements AutoCloseable {

    /**
     * Lines queued at most (plus those of the one chunk that reached the bound) before reading
     * pauses: enough to keep the watch's thread busy while the next chunk is read, and at a VMI's
     * event size (5 to 20 KiB) a few MiB at most, where an unbounded queue behind a slow view (a
     * burst after a relist, the index busy) would grow with the burst.
     */
    static final int QUEUED_LINES = 128;

    /** What the stream delivers, in order: one answer, lines, one end. */
    sealed interface Signal permits Answered, Line, Ended {
    }

    /** The API server answered the request with this HTTP status. */
    record Answered(int code) implements Signal {
    }

    /** One watch event, as JSON. */
    record Line(String json) implements Signal {
    }

    /** The response ended: gracefully ({@code error} null: only the API server can end the chunked body so) or not. */
    record Ended(Throwable error) implements Signal {
    }

    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    /** The body whose next chunk was not asked for because the queue was full; null while reading. */
    private final AtomicReference<AsyncBody> paused = new AtomicReference<>();
    private final CompletableFuture<HttpResponse<AsyncBody>> call;
    private volatile boolean closed;
    /** The body ended: its connection went back to the pool, and a reset now would close it under the next request. */
    private volatile boolean ended;

    /**
     * Sends the request. {@code idleTimeout} is the HTTP client's own backstop: it resets the
     * connection when nothing at all arrives for that long. {@code pausing} is told each time
     * reading pauses because {@link #QUEUED_LINES} lines wait.
     */
    WatchStream(HttpClient http, URI uri, Duration idleTimeout, Runnable pausing) {
        HttpRequest request = http.newHttpRequestBuilder().uri(uri).forStreaming()
                .timeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS).build();
        LineSplitter lines = new LineSplitter(line -> signals.add(new Line(line)));
        call = http.consumeBytes(request, (buffers, body) -> {
            buffers.forEach(lines::accept);
            if (signals.size() < QUEUED_LINES) {
                body.consume();
                return;
            }
            paused.set(body);
            // The watch's thread may have emptied the queue before it could see the pause: look again.
            if (signals.size() < QUEUED_LINES && paused.compareAndSet(body, null)) {
                body.consume();
            } else {
                pausing.run();
            }
        });
        call.whenComplete((response, error) -> {
            if (error != null) {
                signals.add(new Ended(error));
                return;
            }
            signals.add(new Answered(response.code()));
            AsyncBody body = response.body();
            body.done().whenComplete((done, failure) -> {
                ended = true;
                signals.add(new Ended(failure));
            });
            if (closed) {
                body.cancel(); // closed while the answer was on its way
            } else {
                body.consume();
            }
        });
    }

    /** The next signal, or null when none arrived within {@code wait}. */
    Signal next(Duration wait) throws InterruptedException {
        Signal signal = signals.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        resumeWhenDrained();
        return signal;
    }

    /** The next signal without waiting, if it is a line already queued; null otherwise (the next signal stays queued). */
    Line queuedLine() {
        // Only the watch's thread takes signals: what it peeked is what it polls.
        if (!(signals.peek() instanceof Line)) {
            return null;
        }
        Line line = (Line) signals.poll();
        resumeWhenDrained();
        return line;
    }

    private void resumeWhenDrained() {
        if (signals.size() <= QUEUED_LINES / 2) {
            AsyncBody body = paused.getAndSet(null);
            if (body != null) {
                body.consume();
            }
        }
    }

    /** Abandons the request: a pending answer is dropped, a body still streaming is reset (its connection closed). */
    @Override
    public void close() {
        closed = true;
        call.cancel(true);
        call.thenAccept(response -> {
            if (!ended) {
                response.body().cancel();
            }
        });
    }

    /** Splits a byte stream into UTF-8 lines; a line, and a character, may span chunks. */
    static final class LineSplitter {
        private final Consumer<String> sink;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineSplitter(Consumer<String> sink) {
            this.sink = sink;
        }

        void accept(ByteBuffer chunk) {
            while (chunk.hasRemaining()) {
                byte b = chunk.get();
                if (b != '\n') {
                    pending.write(b);
                } else if (pending.size() > 0) {
                    sink.accept(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                }
            }
        }
    }
}
