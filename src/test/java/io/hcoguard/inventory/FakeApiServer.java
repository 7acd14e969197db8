package io.hcoguard.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.StandardWebSocketBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The API server's side of fabric8's HTTP client, played by the test: a {@link HttpClient.Factory}
 * whose clients send nothing anywhere. Each request (a list page through the client's DSL, a watch
 * through {@link ListWatch#watchClient}) waits as an {@link Exchange} until the test takes it and
 * answers: a whole body, or a streamed one line per chunk. Chunks go out only as the client asks
 * for them ({@link AsyncBody#consume()}, as fabric8's Vert.x client reads), on one I/O thread of
 * its own, so a test sees the client's backpressure and its resets exactly.
 */
final class FakeApiServer implements HttpClient.Factory, AutoCloseable {

    static final String MASTER = "https://api.fake.test:6443/";
    static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** How long a test waits for the client to make its next request or reach a state. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final ExecutorService io = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-api-server-io");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Exchange> waiting = new ArrayList<>();

    /** A fabric8 client of this server: its lists and, through {@link ListWatch#watchClient}, its watches come here. */
    KubernetesClient client() {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(MASTER).withNamespace("default").build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(this).build();
    }

    /** The next list request (not a watch) for the collection at {@code path}, once the client has made it. */
    Exchange nextList(String path) {
        return next(exchange -> exchange.path().equals(path) && !exchange.isWatch(), "a list of " + path);
    }

    /** The next watch request for the collection at {@code path}, once the client has made it. */
    Exchange nextWatch(String path) {
        return next(exchange -> exchange.path().equals(path) && exchange.isWatch(), "a watch of " + path);
    }

    /** The requests made and not taken yet, as "GET path?query". */
    synchronized List<String> pending() {
        return waiting.stream().map(Exchange::toString).toList();
    }

    private Exchange next(Predicate<Exchange> wanted, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        synchronized (this) {
            while (true) {
                Optional<Exchange> found = waiting.stream().filter(wanted).findFirst();
                if (found.isPresent()) {
                    waiting.remove(found.get());
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no request for " + what + " within " + DEADLINE.toSeconds() + " s; waiting: " + pending());
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }

    private synchronized void arrived(Exchange exchange) {
        waiting.add(exchange);
        notifyAll();
    }

    @Override
    public HttpClient.Builder newBuilder() {
        return new ClientBuilder(this);
    }

    @Override
    public void close() {
        io.shutdownNow();
    }

    // --- payloads ----------------------------------------------------------------------------------

    /** A list page as the API server writes it. */
    static String listPage(String apiVersion, String listKind, String resourceVersion, String continueToken, List<? extends HasMetadata> items) {
        String cont = continueToken == null ? "" : ",\"continue\":\"" + continueToken + "\"";
        return "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + listKind + "\",\"metadata\":{\"resourceVersion\":\""
                + resourceVersion + "\"" + cont + "},\"items\":[" + items.stream().map(JSON::asJson).collect(Collectors.joining(","))
                + "]}";
    }

    /** One watch event line: ADDED, MODIFIED, DELETED or BOOKMARK. */
    static String event(String type, HasMetadata object) {
        return "{\"type\":\"" + type + "\",\"object\":" + JSON.asJson(object) + "}";
    }

    /** The API server's 410 Gone Status, as a response body or as the object of a watch's ERROR event. */
    static String gone(String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + message
                + "\",\"reason\":\"Expired\",\"code\":410}";
    }

    /** A watch's ERROR event carrying 410 Gone: the watch's resourceVersion is older than the API server keeps. */
    static String goneEvent() {
        return "{\"type\":\"ERROR\",\"object\":" + gone("too old resource version: 5 (40)") + "}";
    }

    // --- one request -------------------------------------------------------------------------------

    /** One request, answered by the test; the body's chunks go out as the client asks for them. */
    final class Exchange {

        private final StandardHttpRequest request;
        private final AsyncBody.Consumer<List<ByteBuffer>> consumer;
        private final CompletableFuture<HttpResponse<AsyncBody>> answer = new CompletableFuture<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Deque<byte[]> chunks = new ArrayDeque<>();
        private final AsyncBody body = new AsyncBody() {
            @Override
            public void consume() {
                synchronized (Exchange.this) {
                    demand++;
                }
                io.execute(Exchange.this::pump);
            }

            @Override
            public CompletableFuture<Void> done() {
                return done;
            }

            @Override
            public void cancel() {
                synchronized (Exchange.this) {
                    reset = true;
                }
                done.cancel(false);
            }
        };
        private int demand;
        private int delivered;
        private boolean ended;
        private Throwable broken;
        private boolean reset;

        private Exchange(StandardHttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            this.request = request;
            this.consumer = consumer;
        }

        String path() {
            return request.uri().getPath();
        }

        /** The query parameters, decoded. */
        Map<String, String> query() {
            Map<String, String> query = new LinkedHashMap<>();
            String raw = request.uri().getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
            return query;
        }

        boolean isWatch() {
            return "true".equals(query().get("watch"));
        }

        /** Answers with a whole body, which then ends. */
        void respond(int code, String json) {
            synchronized (this) {
                chunks.add(json.getBytes(StandardCharsets.UTF_8));
                ended = true;
            }
            open(code);
        }

        /** Answers with this status; the body streams what {@link #send} gives it until {@link #end} or {@link #breakOff}. */
        void open(int code) {
            io.execute(() -> answer.complete(new Response(code)));
        }

        /** Streams lines, each in a chunk of its own. */
        void send(String... lines) {
            synchronized (this) {
                Arrays.stream(lines).forEach(line -> chunks.add((line + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            io.execute(this::pump);
        }

        /** Streams raw bytes as one chunk (a line may span chunks). */
        void sendBytes(byte[] chunk) {
            synchronized (this) {
                chunks.add(chunk);
            }
            io.execute(this::pump);
        }

        /** Ends the body gracefully once what was sent has been read: as the API server ends a watch at its timeout. */
        void end() {
            synchronized (this) {
                ended = true;
            }
            io.execute(this::pump);
        }

        /** Breaks the body off with an error once what was sent has been read: a connection reset. */
        void breakOff(Throwable error) {
            synchronized (this) {
                broken = error;
            }
            io.execute(this::pump);
        }

        /** Fails the request before any answer: the connection was refused. */
        void refuse(Throwable error) {
            io.execute(() -> answer.completeExceptionally(error));
        }

        /** Chunks the client has read so far. */
        synchronized int delivered() {
            return delivered;
        }

        /** Chunks the client asked for and did not get yet (0 while its reading is paused). */
        synchronized int demand() {
            return demand;
        }

        /**
         * The client abandoned the request: it reset the body, or, had it cancelled the request before
         * the answer, fabric8 reset the body of the answer when it came.
         */
        synchronized boolean reset() {
            return reset;
        }

        void awaitReset() {
            await().atMost(DEADLINE).until(this::reset);
            assertThat(reset()).isTrue();
        }

        /** Hands the client the chunks it asked for, then the end; on the I/O thread only. */
        private void pump() {
            while (true) {
                byte[] chunk;
                synchronized (this) {
                    if (reset || done.isDone() || !answer.isDone()) {
                        return;
                    }
                    if (demand > 0 && !chunks.isEmpty()) {
                        demand--;
                        delivered++;
                        chunk = chunks.poll();
                    } else {
                        if (chunks.isEmpty() && broken != null) {
                            done.completeExceptionally(broken);
                        } else if (chunks.isEmpty() && ended) {
                            done.complete(null);
                        }
                        return;
                    }
                }
                try {
                    consumer.consume(List.of(ByteBuffer.wrap(chunk)), body);
                } catch (Exception e) {
                    done.completeExceptionally(e);
                    return;
                }
            }
        }

        @Override
        public String toString() {
            return request.method() + " " + path() + (request.uri().getRawQuery() == null ? "" : "?" + request.uri().getRawQuery());
        }

        private final class Response implements HttpResponse<AsyncBody> {
            private final int code;

            Response(int code) {
                this.code = code;
            }

            @Override
            public int code() {
                return code;
            }

            @Override
            public AsyncBody body() {
                return body;
            }

            @Override
            public HttpRequest request() {
                return request;
            }

            @Override
            public Optional<HttpResponse<?>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public List<String> headers(String name) {
                return "Content-Type".equalsIgnoreCase(name) ? List.of("application/json") : List.of();
            }

            @Override
            public Map<String, List<String>> headers() {
                return Map.of("Content-Type", List.of("application/json"));
            }
        }
    }

    // --- fabric8's client plumbing -------------------------------------------------------------------

    static final class ClientBuilder extends StandardHttpClientBuilder<Client, FakeApiServer, ClientBuilder> {

        ClientBuilder(FakeApiServer server) {
            super(server);
        }

        @Override
        public Client build() {
            return new Client(this);
        }

        @Override
        protected ClientBuilder newInstance(FakeApiServer server) {
            return new ClientBuilder(server);
        }
    }

    static final class Client extends StandardHttpClient<Client, FakeApiServer, ClientBuilder> {

        Client(ClientBuilder builder) {
            super(builder, new AtomicBoolean());
        }

        @Override
        public CompletableFuture<HttpResponse<AsyncBody>> consumeBytesDirect(StandardHttpRequest request,
                AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            FakeApiServer server = builder.getClientFactory();
            Exchange exchange = server.new Exchange(request, consumer);
            server.arrived(exchange);
            return exchange.answer;
        }

        @Override
        public CompletableFuture<WebSocketResponse> buildWebSocketDirect(StandardWebSocketBuilder builder, WebSocket.Listener listener) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("the fake API server speaks no WebSocket"));
        }

        @Override
        protected void doClose() {
        }
    }
}
