package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one watch has passed on to the view: the identity and resourceVersion of each object, no
 * more (the view keeps its own compact snapshots, so the objects themselves are not held twice).
 * A relist compares against it: an object with the same resourceVersion is unchanged, one the list
 * no longer has was deleted while nobody watched. Used by the watch's thread only.
 */
final class KnownObjects {

    private record Known(String namespace, String name, String uid, String resourceVersion) {
    }

    private final Map<String, Known> objects = new HashMap<>();

    /** True when the object is new, or differs from what was passed on (another resourceVersion). */
    boolean changed(HasMetadata object) {
        Known known = objects.get(key(object));
        return known == null || !known.resourceVersion().equals(object.getMetadata().getResourceVersion());
    }

    /** Records the object as passed on; returns its key. */
    String put(HasMetadata object) {
        String key = key(object);
        objects.put(key, new Known(object.getMetadata().getNamespace(), object.getMetadata().getName(),
                object.getMetadata().getUid(), object.getMetadata().getResourceVersion()));
        return key;
    }

    /** Returns the object's key. */
    String remove(HasMetadata object) {
        String key = key(object);
        objects.remove(key);
        return key;
    }

    /**
     * Forgets every object whose key a complete list did not have, and returns them (as bare
     * objects, identity only) so that the view can delete them too.
     */
    List<HasMetadata> retainOnly(Set<String> listed) {
        List<HasMetadata> gone = new ArrayList<>();
        objects.entrySet().removeIf(entry -> {
            if (listed.contains(entry.getKey())) {
                return false;
            }
            Known known = entry.getValue();
            GenericKubernetesResource deleted = new GenericKubernetesResource();
            deleted.setMetadata(new ObjectMetaBuilder().withNamespace(known.namespace()).withName(known.name())
                    .withUid(known.uid()).withResourceVersion(known.resourceVersion()).build());
            gone.add(deleted);
            return true;
        });
        return gone;
    }

    int size() {
        return objects.size();
    }

    /** "namespace/name", or "name" for a cluster-scoped object. */
    static String key(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return namespace == null || namespace.isEmpty() ? object.getMetadata().getName() : namespace + "/" + object.getMetadata().getName();
    }
}
