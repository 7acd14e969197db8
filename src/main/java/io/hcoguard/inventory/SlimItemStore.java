package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The informer's own cache, keeping only what the informer needs of each object (its identity and
 * resourceVersion, to tell real updates and deletions from relists). The cluster view keeps its
 * compact snapshots elsewhere, so the full objects, most of the memory of a large cluster, are not
 * held twice. Not a full-state store: the informer hands every object to the handlers as it arrives.
 */
final class SlimItemStore<T extends HasMetadata> implements ItemStore<T> {

    private final Map<String, T> items = new ConcurrentHashMap<>();
    private final Supplier<T> empty;

    SlimItemStore(Supplier<T> empty) {
        this.empty = empty;
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        return items.put(key, slim(object));
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }

    @Override
    public boolean isFullState() {
        return false;
    }

    private T slim(T object) {
        ObjectMeta meta = object.getMetadata();
        T slim = empty.get();
        slim.setApiVersion(object.getApiVersion());
        slim.setMetadata(new ObjectMetaBuilder()
                .withName(meta.getName())
                .withNamespace(meta.getNamespace())
                .withUid(meta.getUid())
                .withResourceVersion(meta.getResourceVersion())
                .build());
        return slim;
    }
}
