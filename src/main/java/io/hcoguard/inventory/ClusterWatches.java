package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The fabric8 informers behind the cluster view. Nothing here blocks start-up: each informer
 * lists and watches in the background and retries with backoff while the API server is away.
 * Custom kinds are watched only while their CRD is established; an absent CRD means "none of them".
 */
@ApplicationScoped
public class ClusterWatches {

    private static final Logger LOG = Logger.getLogger(ClusterWatches.class);

    private final KubernetesClient client;
    private final InventorySink sink;
    /**
     * Objects per page of an informer's initial list (client-go's reflector pages the same way).
     * Unpaged, every VMI of the cluster arrives in one response that is parsed whole, and that
     * transient peak, not the slim caches, would set the heap the guard needs.
     */
    static final long LIST_PAGE = 500;

    private final Map<WatchedKind, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, WatchedKind> customKindsByCrd = Arrays.stream(WatchedKind.values())
            .filter(WatchedKind::custom)
            .collect(Collectors.toUnmodifiableMap(WatchedKind::crdName, k -> k));
    private volatile SharedIndexInformer<CustomResourceDefinition> crds;

    ClusterWatches(KubernetesClient client, ClusterIndex index) {
        this.client = client;
        this.sink = index;
    }

    void start(@Observes StartupEvent startup) {
        watch(WatchedKind.PERSISTENT_VOLUME_CLAIM, client.persistentVolumeClaims().inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0)
                .itemStore(new SlimItemStore<>(PersistentVolumeClaim::new)));
        watch(WatchedKind.STORAGE_CLASS, client.storage().v1().storageClasses().runnableInformer(0)
                .itemStore(new SlimItemStore<>(StorageClass::new)));
        SharedIndexInformer<CustomResourceDefinition> crdInformer =
                client.apiextensions().v1().customResourceDefinitions().runnableInformer(0);
        crdInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(CustomResourceDefinition crd) {
                crdChanged(crd);
            }

            @Override
            public void onUpdate(CustomResourceDefinition old, CustomResourceDefinition crd) {
                crdChanged(crd);
            }

            @Override
            public void onDelete(CustomResourceDefinition crd, boolean finalStateUnknown) {
                WatchedKind kind = customKindsByCrd.get(crd.getMetadata().getName());
                if (kind != null) {
                    stopWatching(kind);
                }
            }
        });
        crdInformer.exceptionHandler((started, error) -> retry("CustomResourceDefinitions", error));
        crds = crdInformer;
        crdInformer.start().whenComplete((ok, error) -> {
            if (error == null) {
                failing.remove("CustomResourceDefinitions"); // so the next streak of failures is logged again
            }
        });
    }

    void stop(@Observes ShutdownEvent shutdown) {
        informers.keySet().forEach(this::stopWatching);
        if (crds != null) {
            crds.stop();
        }
    }

    /**
     * True when every watch has listed and is watching: the view is complete and current. A kind
     * whose CRD does not exist counts as synced (there is nothing of it to see).
     */
    public boolean synced() {
        SharedIndexInformer<CustomResourceDefinition> crdInformer = crds;
        if (crdInformer == null || !current(crdInformer)) {
            return false;
        }
        for (WatchedKind kind : WatchedKind.values()) {
            boolean expected = !kind.custom() || crdEstablished(crdInformer, kind);
            SharedIndexInformer<? extends HasMetadata> informer = informers.get(kind);
            if (expected && (informer == null || !current(informer))) {
                return false;
            }
        }
        return true;
    }

    /** Per kind: "synced", "absent" (no CRD), "syncing" or "not watching", for the report and logs. */
    public Map<WatchedKind, String> state() {
        Map<WatchedKind, String> state = new EnumMap<>(WatchedKind.class);
        SharedIndexInformer<CustomResourceDefinition> crdInformer = crds;
        for (WatchedKind kind : WatchedKind.values()) {
            SharedIndexInformer<? extends HasMetadata> informer = informers.get(kind);
            if (informer != null) {
                state.put(kind, current(informer) ? "synced" : informer.hasSynced() ? "not watching" : "syncing");
            } else if (crdInformer != null && current(crdInformer)) {
                state.put(kind, "absent");
            } else {
                state.put(kind, "syncing");
            }
        }
        return state;
    }

    private void crdChanged(CustomResourceDefinition crd) {
        WatchedKind kind = customKindsByCrd.get(crd.getMetadata().getName());
        if (kind != null && established(crd) && !informers.containsKey(kind)) {
            LOG.infof("CRD %s is established: watching %s", crd.getMetadata().getName(), kind.kind());
            watch(kind, client.genericKubernetesResources(kind.context()).inAnyNamespace().withLimit(LIST_PAGE)
                    .runnableInformer(0)
                    .itemStore(new SlimItemStore<>(() -> slimGeneric(kind))));
        }
    }

    private <T extends HasMetadata> void watch(WatchedKind kind, SharedIndexInformer<T> informer) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                sink.upsert(kind, object);
            }

            @Override
            public void onUpdate(T old, T object) {
                sink.upsert(kind, object);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                sink.remove(kind, object);
            }
        });
        informer.exceptionHandler((started, error) -> retry(kind.kind(), error));
        if (informers.putIfAbsent(kind, informer) == null) {
            informer.start().whenComplete((ok, error) -> {
                if (error == null) {
                    failing.remove(kind.kind());
                    LOG.infof("watching %s: synced", kind.kind());
                }
            });
        }
    }

    private void stopWatching(WatchedKind kind) {
        SharedIndexInformer<? extends HasMetadata> informer = informers.remove(kind);
        if (informer != null) {
            informer.stop();
            sink.clear(kind);
            LOG.infof("stopped watching %s", kind.kind());
        }
    }

    /** Always retry (the informer backs off); log the first failure of a streak, not every retry. */
    private boolean retry(String what, Throwable error) {
        if (failing.add(what)) {
            LOG.warnf("watch of %s failed, retrying with backoff: %s", what, error.getMessage());
        }
        return true;
    }

    private static GenericKubernetesResource slimGeneric(WatchedKind kind) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setKind(kind.kind());
        return resource;
    }

    private static boolean current(SharedIndexInformer<?> informer) {
        return informer.hasSynced() && informer.isWatching();
    }

    private static boolean crdEstablished(SharedIndexInformer<CustomResourceDefinition> crdInformer, WatchedKind kind) {
        CustomResourceDefinition crd = crdInformer.getStore().getByKey(kind.crdName());
        return crd != null && established(crd);
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
