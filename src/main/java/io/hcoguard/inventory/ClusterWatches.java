package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.hcoguard.config.GuardConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The watches behind the cluster view, one {@link ListWatch} per kind. Nothing here blocks
 * start-up: each lists and watches on its own thread and retries with backoff while the API
 * server is away. Custom kinds are watched only while their CRD is established; an absent CRD
 * means "none of them", which the CRD watch vouches for. Every watch, the CRD watch included,
 * must keep proving within {@code guard.inventory.max-staleness} that the API server is there,
 * or the view is not synced.
 */
@ApplicationScoped
public class ClusterWatches {

    /** The CRD watch's name in the readiness data and the metrics. */
    public static final String CRDS = "CustomResourceDefinition";
    /**
     * Objects per page of a watch's list (client-go's reflector pages the same way). Unpaged, every
     * VMI of the cluster arrives in one response that is parsed whole, and that transient peak, not
     * the view, would set the heap the guard needs.
     */
    static final long LIST_PAGE = 500;
    private static final Duration STOPPING = Duration.ofSeconds(5);
    private static final Logger LOG = Logger.getLogger(ClusterWatches.class);

    private final KubernetesClient client;
    private final HttpClient watchHttp;
    private final InventorySink sink;
    private final StalenessBound bound;
    private final Clock clock = Clock.systemUTC();

    private final Map<WatchedKind, ListWatch<?>> watches = new ConcurrentHashMap<>();
    private final Set<WatchedKind> established = ConcurrentHashMap.newKeySet();
    private final Map<String, WatchedKind> customKindsByCrd = Arrays.stream(WatchedKind.values())
            .filter(WatchedKind::custom)
            .collect(Collectors.toUnmodifiableMap(WatchedKind::crdName, k -> k));
    /** Per kind (a WatchedKind's kind(), or {@link #CRDS}), kept across a custom kind's watches coming and going. */
    private final Map<String, WatchCounts> counts = new ConcurrentHashMap<>();
    private volatile ListWatch<CustomResourceDefinition> crds;
    /** Runs the watches' list calls (a page each); idle threads go after a minute. */
    private final ExecutorService listCalls = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "watch-list");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    ClusterWatches(KubernetesClient client, ClusterIndex index, GuardConfig config) {
        this(client, index, new StalenessBound(config.inventory().maxStaleness()));
    }

    ClusterWatches(KubernetesClient client, InventorySink sink, StalenessBound bound) {
        this.client = client;
        this.watchHttp = ListWatch.watchClient(client);
        this.sink = sink;
        this.bound = bound;
    }

    void start(@Observes StartupEvent startup) {
        watch(WatchedKind.PERSISTENT_VOLUME_CLAIM, PersistentVolumeClaim.class,
                options -> client.persistentVolumeClaims().inAnyNamespace().list(options));
        watch(WatchedKind.STORAGE_CLASS, StorageClass.class, options -> client.storage().v1().storageClasses().list(options));
        watch(WatchedKind.NODE, Node.class, options -> client.nodes().list(options));
        watch(WatchedKind.PERSISTENT_VOLUME, PersistentVolume.class, options -> client.persistentVolumes().list(options));
        ListWatch<CustomResourceDefinition> crdWatch = new ListWatch<>(CRDS, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                CustomResourceDefinition.class, options -> client.apiextensions().v1().customResourceDefinitions().list(options),
                new ListWatch.Events<>() {
                    @Override
                    public void upsert(CustomResourceDefinition crd) {
                        crdChanged(crd);
                    }

                    @Override
                    public void remove(HasMetadata crd) {
                        crdDeleted(crd.getMetadata().getName());
                    }
                }, bound, client, watchHttp, clock, counter(CRDS), listCalls);
        crds = crdWatch;
        crdWatch.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        watches.values().forEach(ListWatch::stop);
        if (crds != null) {
            crds.stop();
        }
        listCalls.shutdownNow();
    }

    /** True when every watch the view rests on can be trusted: listed, watching, and proved alive within the bound. */
    public boolean synced() {
        ListWatch<CustomResourceDefinition> crdWatch = crds;
        if (crdWatch == null || !crdWatch.state().trusted()) {
            return false;
        }
        for (WatchedKind kind : WatchedKind.values()) {
            if (!state(kind, crdWatch).trusted()) {
                return false;
            }
        }
        return true;
    }

    /** Per kind, for the readiness check, the report and logs. */
    public Map<WatchedKind, WatchState> state() {
        ListWatch<CustomResourceDefinition> crdWatch = crds;
        Map<WatchedKind, WatchState> state = new EnumMap<>(WatchedKind.class);
        for (WatchedKind kind : WatchedKind.values()) {
            state.put(kind, state(kind, crdWatch));
        }
        return state;
    }

    /** The CRD watch's own state: custom kinds are watched, or known absent, through it. */
    public WatchState crdState() {
        ListWatch<CustomResourceDefinition> crdWatch = crds;
        return crdWatch == null ? WatchState.SYNCING : crdWatch.state();
    }

    /**
     * Time since the API server last proved the kind's watch alive. A custom kind whose CRD is
     * absent has no watch of its own: the CRD watch vouches for it, so its figure is the CRD watch's.
     */
    public Duration staleness(WatchedKind kind) {
        ListWatch<?> watch = watches.get(kind);
        return watch != null ? watch.staleness() : crdStaleness();
    }

    public Duration crdStaleness() {
        ListWatch<CustomResourceDefinition> crdWatch = crds;
        return crdWatch == null ? Duration.ZERO : crdWatch.staleness();
    }

    /** Watch requests of the kind (a WatchedKind's kind(), or {@link #CRDS}) ended and made again, for this cause. */
    public long reestablished(String kind, WatchEnd cause) {
        WatchCounts kindCounts = counts.get(kind);
        return kindCounts == null ? 0 : kindCounts.reestablishedBy(cause);
    }

    /** Objects of the kind the view refused, each counted once per resourceVersion however often it is retried. */
    public long refused(String kind) {
        WatchCounts kindCounts = counts.get(kind);
        return kindCounts == null ? 0 : kindCounts.refusedObjects();
    }

    /** Times the kind's watch stopped reading because {@link WatchStream#QUEUED_LINES} events waited for the view. */
    public long readingPaused(String kind) {
        WatchCounts kindCounts = counts.get(kind);
        return kindCounts == null ? 0 : kindCounts.pauses();
    }

    public StalenessBound bound() {
        return bound;
    }

    private WatchState state(WatchedKind kind, ListWatch<CustomResourceDefinition> crdWatch) {
        ListWatch<?> watch = watches.get(kind);
        if (watch != null) {
            return watch.state();
        }
        if (!kind.custom() || crdWatch == null) {
            return WatchState.SYNCING;
        }
        WatchState crdState = crdWatch.state();
        if (!crdState.trusted()) {
            return crdState; // whether the CRD exists cannot be trusted either
        }
        return established.contains(kind) ? WatchState.SYNCING : WatchState.ABSENT;
    }

    private void crdChanged(CustomResourceDefinition crd) {
        WatchedKind kind = customKindsByCrd.get(crd.getMetadata().getName());
        if (kind == null) {
            return;
        }
        if (!established(crd)) {
            established.remove(kind);
            return;
        }
        established.add(kind);
        if (!watches.containsKey(kind)) {
            LOG.infof("CRD %s is established: watching %s", crd.getMetadata().getName(), kind.kind());
            watch(kind, GenericKubernetesResource.class, options -> kind.namespaced()
                    ? client.genericKubernetesResources(kind.context()).inAnyNamespace().list(options)
                    : client.genericKubernetesResources(kind.context()).list(options));
        }
    }

    private void crdDeleted(String crdName) {
        WatchedKind kind = customKindsByCrd.get(crdName);
        if (kind == null) {
            return;
        }
        // Until the clear below, the kind is neither watched nor absent: syncing, so the view is not synced.
        ListWatch<?> watch = watches.remove(kind);
        if (watch != null) {
            watch.stop();
            try {
                // Its last hand-off must not land after the clear, however long the view keeps it: until
                // then this (the CRD) watch reads nothing more, goes stale, and the view is not synced.
                while (!watch.awaitStopped(STOPPING)) {
                    LOG.warnf("the watch of %s is still handing an object to the view %d s after it was stopped;"
                            + " waiting for it before clearing %s", kind.kind(), STOPPING.toSeconds(), kind.kind());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sink.clear(kind);
            LOG.infof("stopped watching %s", kind.kind());
        }
        established.remove(kind);
    }

    private <T extends HasMetadata> void watch(WatchedKind kind, Class<T> type,
            Function<ListOptions, ? extends KubernetesResourceList<T>> lister) {
        ListWatch<T> watch = new ListWatch<>(kind.kind(), kind.apiPath(), type, lister, new ListWatch.Events<>() {
            @Override
            public void upsert(T object) {
                sink.upsert(kind, object);
            }

            @Override
            public void remove(HasMetadata object) {
                sink.remove(kind, object);
            }

            @Override
            public <E extends Exception> void batch(InventorySink.Batch<E> handOffs) throws E {
                sink.batch(handOffs);
            }
        }, bound, client, watchHttp, clock, counter(kind.kind()), listCalls);
        if (watches.putIfAbsent(kind, watch) == null) {
            watch.start();
        }
    }

    private WatchCounts counter(String kind) {
        return counts.computeIfAbsent(kind, k -> new WatchCounts());
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
