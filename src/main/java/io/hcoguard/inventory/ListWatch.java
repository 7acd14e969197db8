package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One kind's list-then-watch loop, as client-go's reflector runs it, with the API server's proof
 * of life built in: it lists every object (in pages), then watches from the list's
 * resourceVersion in watch requests the API server ends after {@link StalenessBound#watchTimeoutSeconds()},
 * each resumed at once from the last resourceVersion seen. A watch that fails, or that brings
 * nothing at all (no answer, no event, no end) within the bound, is abandoned and resumed the
 * same way, in short catch-up watches until what the API server replays is known to be through
 * ({@link WatchHealth}); only when the API server answers that the resourceVersion is too old (410 Gone: an
 * etcd compaction, an API server restart) is the kind listed again, and the list compared with
 * what was passed on, so that objects deleted meanwhile are deleted from the view too.
 *
 * <p>Nothing is lost between the API server and the view: an object counts as passed on only once
 * the view has taken it. One the view refuses (it throws) is held, in its latest version, and
 * handed over again after a backoff, or when a relist brings it again; until every refused object
 * has gone through, the kind is {@link WatchState#INCOMPLETE}, not synced, so that a gated request
 * is denied as not verifiable rather than decided without it.
 *
 * <p>Why not a fabric8 informer: its watch asks for a 10-minute server timeout and closes it
 * itself after 5 to 10, neither of which can be set, and through the Vert.x client a silently
 * dropped connection shows nothing before that.
 *
 * @param <T> the object type the list and the watch events are read as
 */
final class ListWatch<T extends HasMetadata> {

    /** Where the objects go, in the order the API server reported them. Called on the watch's thread. */
    interface Events<T> {
        void upsert(T object);

        void remove(HasMetadata object);

        /** Runs the hand-offs as one (a page of the list, the watch events already queued): the view publishes once for them. */
        default <E extends Exception> void batch(InventorySink.Batch<E> handOffs) throws E {
            handOffs.run();
        }
    }

    /** What the loop counts, for the metrics. Called on the watch's thread. */
    interface Counters {
        /** A watch request ended and another is made, for this cause. */
        void reestablished(WatchEnd cause);

        /** The view refused an object (once per object and resourceVersion, not per retry). */
        void refused();

        /** Reading a watch paused because {@link WatchStream#QUEUED_LINES} lines waited for the view. */
        void readingPaused();
    }

    /** A hand-off the view refused, kept to be done again; {@code object} is the version it was tried with. */
    private record Refused(HasMetadata object, boolean deletion, Runnable handOver) {
    }

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(ListWatch.class);

    private final String kind;
    private final String path;
    private final Class<T> type;
    private final Function<ListOptions, ? extends KubernetesResourceList<T>> lister;
    private final Events<T> events;
    private final StalenessBound bound;
    private final KubernetesClient client;
    private final HttpClient http;
    private final KubernetesSerialization serialization;
    private final Clock clock;
    private final WatchHealth health;
    private final KnownObjects known = new KnownObjects();
    /** By key, the latest refused hand-off of each object, in the order they were refused. */
    private final Map<String, Refused> refused = new LinkedHashMap<>();
    /** refused.size() for readers on other threads. */
    private volatile int refusedCount;
    private final Counters counters;
    private final Executor fetcher;
    private final Thread thread;

    private volatile boolean stopped;
    private volatile WatchStream current;
    private String resourceVersion;
    /** When the current watch's last event arrived; null before its first. */
    private Instant lastEvent;
    private Duration backoff = FIRST_BACKOFF;
    private boolean failing;
    /** When the refused objects are handed over again (System.nanoTime()), and the pause after that. */
    private long retryAt;
    private Duration retryBackoff = FIRST_BACKOFF;

    /**
     * @param kind the kind's name, for logs and the metric
     * @param path the API path of the collection, e.g. {@code /apis/kubevirt.io/v1/virtualmachineinstances}
     * @param http sends the watch requests: the client's own, but without its retries (see {@link #watchClient})
     * @param counters told each time a watch request ends and another is made, and why; of each refusal; of each pause in reading
     * @param fetcher runs the (blocking) list calls, so that the next page arrives while one is passed on
     */
    ListWatch(String kind, String path, Class<T> type, Function<ListOptions, ? extends KubernetesResourceList<T>> lister,
            Events<T> events, StalenessBound bound, KubernetesClient client, HttpClient http, Clock clock,
            Counters counters, Executor fetcher) {
        this.kind = kind;
        this.path = path;
        this.type = type;
        this.lister = lister;
        this.events = events;
        this.bound = bound;
        this.client = client;
        this.http = http;
        this.serialization = client.getKubernetesSerialization();
        this.clock = clock;
        this.health = new WatchHealth(clock);
        this.counters = counters;
        this.fetcher = fetcher;
        this.thread = new Thread(this::run, "watch-" + kind);
        thread.setDaemon(true);
    }

    /**
     * The client's HTTP client (its TLS, credentials and interceptors) for watch requests, minus
     * fabric8's own retries: those re-send a request that failed to connect, for up to minutes,
     * and a watch waiting on them would look healthy while its API server is unreachable.
     */
    static HttpClient watchClient(KubernetesClient client) {
        RequestConfig noRetries = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
                .withRequestRetryBackoffLimit(0).build();
        return client.getHttpClient().newBuilder().tag(noRetries).build();
    }

    void start() {
        thread.start();
    }

    /** Stops the loop and abandons the request in flight; returns at once. */
    void stop() {
        stopped = true;
        WatchStream stream = current;
        if (stream != null) {
            stream.close();
        }
        thread.interrupt();
    }

    /** Waits (a bounded time) until the loop has passed on its last event; true when it has. */
    boolean awaitStopped(Duration atMost) throws InterruptedException {
        thread.join(Math.max(1, atMost.toMillis()));
        return !thread.isAlive();
    }

    /** Synced only while no object the view refused is still waiting to go through. */
    WatchState state() {
        WatchState state = health.state(bound);
        return state == WatchState.SYNCED && refusedCount > 0 ? WatchState.INCOMPLETE : state;
    }

    /** Time since the API server last proved this watch alive. */
    Duration staleness() {
        return health.staleness();
    }

    String kind() {
        return kind;
    }

    private void run() {
        while (!stopped) {
            try {
                if (resourceVersion == null) {
                    relist();
                }
                WatchEnd cause = watchOnce();
                counters.reestablished(cause);
                if (cause == WatchEnd.GONE) {
                    LOG.infof("watch of %s: the API server no longer has resourceVersion %s, listing again", kind, resourceVersion);
                    resourceVersion = null;
                }
            } catch (InterruptedException e) {
                return; // stopped
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                health.interrupted();
                counters.reestablished(WatchEnd.FAILED);
                trouble("failed, retrying with backoff: " + e.getMessage());
                if (!pause()) {
                    return;
                }
            }
        }
    }

    /**
     * Lists every object in pages, passes on what changed, and deletes what the list no longer
     * has. The next page is fetched while this one is passed on, as an informer's list overlaps
     * with its handlers: at 10,000 VMIs the view is complete seconds sooner.
     */
    private void relist() throws InterruptedException {
        health.listing();
        long started = System.nanoTime();
        Set<String> listed = new HashSet<>();
        CompletableFuture<? extends KubernetesResourceList<T>> next = page(null);
        KubernetesResourceList<T> page;
        String continueToken;
        do {
            page = await(next);
            health.proved();
            continueToken = page.getMetadata().getContinue();
            boolean more = continueToken != null && !continueToken.isEmpty();
            next = more ? page(continueToken) : null;
            List<T> items = page.getItems();
            events.batch(() -> {
                for (T object : items) {
                    if (stopped) {
                        throw new InterruptedException();
                    }
                    listed.add(KnownObjects.key(object));
                    if (known.changed(object)) {
                        upsert(object);
                    }
                }
            });
        } while (next != null);
        known.retainOnly(listed).forEach(this::remove);
        // A refused object the list no longer has, and the view never took: nothing to hand over any more.
        refused.entrySet().removeIf(entry -> !entry.getValue().deletion() && !listed.contains(entry.getKey()));
        refusedCount = refused.size();
        resourceVersion = page.getMetadata().getResourceVersion();
        health.listed();
        recovered();
        LOG.debugf("listed %d %s at resourceVersion %s in %d ms", known.size(), kind, resourceVersion,
                (System.nanoTime() - started) / 1_000_000);
    }

    private CompletableFuture<? extends KubernetesResourceList<T>> page(String continueToken) {
        ListOptions options = new ListOptionsBuilder().withLimit(ClusterWatches.LIST_PAGE).withContinue(continueToken).build();
        return CompletableFuture.supplyAsync(() -> lister.apply(options), fetcher);
    }

    /** The page, or the list call's own failure (a KubernetesClientException) as it would have been thrown. */
    private static <P> P await(CompletableFuture<P> page) throws InterruptedException {
        try {
            return page.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new KubernetesClientException("list failed: " + e.getCause(), e.getCause());
        }
    }

    /** One watch request, read until the API server ends it, it fails or it goes silent. */
    private WatchEnd watchOnce() throws InterruptedException {
        if (stopped) {
            throw new InterruptedException(); // stopped during the list: no request to abandon
        }
        WatchHealth.Phase phase = health.phase();
        long timeoutSeconds = phase == WatchHealth.Phase.INTERRUPTED || phase == WatchHealth.Phase.CATCHING_UP
                ? bound.catchUpTimeoutSeconds() : bound.watchTimeoutSeconds();
        lastEvent = null;
        try (WatchStream stream = new WatchStream(http, watchUri(timeoutSeconds), bound.maxStaleness().plusSeconds(timeoutSeconds),
                counters::readingPaused)) {
            current = stream;
            if (stopped) {
                throw new InterruptedException();
            }
            long silentUntil = System.nanoTime() + bound.maxStaleness().toNanos();
            while (true) {
                long now = System.nanoTime();
                if (refusedCount > 0 && now - retryAt >= 0) {
                    handOverRefused();
                }
                long wait = silentUntil - now;
                if (refusedCount > 0) {
                    wait = Math.min(wait, retryAt - now);
                }
                WatchStream.Signal signal = stream.next(Duration.ofNanos(Math.max(0, wait)));
                if (signal == null) {
                    if (System.nanoTime() - silentUntil < 0) {
                        continue; // woken to hand refused objects over again
                    }
                    health.interrupted();
                    trouble("nothing from the API server for " + bound.maxStaleness().toSeconds() + " s, not synced; re-establishing");
                    return WatchEnd.STALE;
                }
                silentUntil = System.nanoTime() + bound.maxStaleness().toNanos();
                if (signal instanceof WatchStream.Answered answered) {
                    if (answered.code() == 410) {
                        return WatchEnd.GONE;
                    }
                    if (answered.code() != 200) {
                        throw new KubernetesClientException("watch answered HTTP " + answered.code(), answered.code(), null);
                    }
                    health.answered();
                    LOG.debugf("watch of %s answered, from resourceVersion %s", kind, resourceVersion);
                    recovered();
                } else if (signal instanceof WatchStream.Line line) {
                    if (!applyQueued(line, stream)) {
                        return WatchEnd.GONE;
                    }
                } else if (signal instanceof WatchStream.Ended ended) {
                    if (ended.error() != null) {
                        throw new KubernetesClientException("watch stream ended: " + ended.error().getMessage(), ended.error());
                    }
                    health.endedByServer(lastEvent);
                    LOG.debugf("watch of %s ended by the API server", kind);
                    return WatchEnd.TIMEOUT;
                }
            }
        } finally {
            current = null;
        }
    }

    /**
     * Passes on this event and those already queued behind it, up to {@link WatchStream#QUEUED_LINES},
     * as one batch: a burst of events makes one publication of the view, not one each. False when an
     * event is the API server's 410 Gone (the events before it are passed on).
     */
    private boolean applyQueued(WatchStream.Line first, WatchStream stream) {
        boolean[] gone = {false};
        events.batch(() -> {
            WatchStream.Line line = first;
            for (int applied = 1; line != null; applied++) {
                if (!apply(line.json())) {
                    gone[0] = true;
                    return;
                }
                line = applied < WatchStream.QUEUED_LINES ? stream.queuedLine() : null;
            }
        });
        return !gone[0];
    }

    /** Passes one watch event on; false when it is the API server's 410 Gone. */
    private boolean apply(String json) {
        health.proved();
        WatchEvent event = serialization.unmarshal(json, WatchEvent.class);
        if ("ERROR".equals(event.getType())) {
            Status status = event.getObject() instanceof Status s ? s : serialization.convertValue(event.getObject(), Status.class);
            if (status.getCode() != null && status.getCode() == 410) {
                return false;
            }
            throw new KubernetesClientException(status);
        }
        T object = type.isInstance(event.getObject()) ? type.cast(event.getObject())
                : serialization.convertValue(event.getObject(), type);
        switch (event.getType()) {
            case "ADDED", "MODIFIED" -> {
                lastEvent = clock.instant();
                upsert(object);
            }
            case "DELETED" -> {
                lastEvent = clock.instant();
                remove(object);
            }
            case "BOOKMARK" -> health.bookmarked();
            default -> throw new KubernetesClientException("unknown watch event type " + event.getType());
        }
        resourceVersion = object.getMetadata().getResourceVersion();
        return true;
    }

    /** Hands the object to the view and, once the view has it, records it as passed on. */
    private void upsert(T object) {
        handOver(object, false, () -> {
            events.upsert(object);
            known.put(object);
        });
    }

    /** Deletes the object from the view and, once the view has let it go, from what was passed on. */
    private void remove(HasMetadata object) {
        handOver(object, true, () -> {
            events.remove(object);
            known.remove(object);
        });
    }

    /**
     * Does one hand-off; a refusal is held, replacing any earlier one of the same object, and done
     * again later. Logged and counted once per object and resourceVersion: a retry that fails again
     * is not news.
     */
    private void handOver(HasMetadata object, boolean deletion, Runnable handOver) {
        String key = KnownObjects.key(object);
        try {
            handOver.run();
            refused.remove(key);
        } catch (RuntimeException e) {
            if (refused.isEmpty()) {
                retryBackoff = FIRST_BACKOFF;
                retryAt = System.nanoTime() + retryBackoff.toNanos();
            }
            Refused earlier = refused.remove(key);
            refused.put(key, new Refused(object, deletion, handOver));
            if (earlier == null || earlier.deletion() != deletion
                    || !Objects.equals(earlier.object().getMetadata().getResourceVersion(), object.getMetadata().getResourceVersion())) {
                counters.refused();
                LOG.warnf(e, "watch of %s: the view could not take %s%s at resourceVersion %s, so %s is not synced until it can;"
                        + " retrying", kind, deletion ? "the deletion of " : "", key, object.getMetadata().getResourceVersion(), kind);
            }
        }
        refusedCount = refused.size();
    }

    /** Every refused hand-off once more, in the order they were refused; those that fail again wait twice as long. */
    private void handOverRefused() {
        for (Refused again : new ArrayList<>(refused.values())) {
            handOver(again.object(), again.deletion(), again.handOver());
        }
        if (!refused.isEmpty()) {
            Duration doubled = retryBackoff.multipliedBy(2);
            retryBackoff = doubled.compareTo(bound.longestBackoff()) < 0 ? doubled : bound.longestBackoff();
            retryAt = System.nanoTime() + retryBackoff.toNanos();
        }
    }

    private URI watchUri(long timeoutSeconds) {
        String master = client.getMasterUrl().toString();
        return URI.create((master.endsWith("/") ? master.substring(0, master.length() - 1) : master) + path
                + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=" + timeoutSeconds
                + "&resourceVersion=" + URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8));
    }

    /** Logs the first trouble of a streak, not every retry. */
    private void trouble(String what) {
        if (!failing) {
            failing = true;
            LOG.warnf("watch of %s: %s", kind, what);
        }
    }

    /** The API server answered: the next trouble starts a new streak, with the shortest pause. */
    private void recovered() {
        if (failing) {
            failing = false;
            LOG.infof("watching %s again", kind);
        }
        backoff = FIRST_BACKOFF;
    }

    /** Waits before the next attempt, doubling the pause up to the bound's longest; false when stopped meanwhile. */
    private boolean pause() {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            return false;
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(bound.longestBackoff()) < 0 ? doubled : bound.longestBackoff();
        return !stopped;
    }
}
