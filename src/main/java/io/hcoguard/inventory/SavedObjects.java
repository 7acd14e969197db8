package io.hcoguard.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Routes the objects of a saved {@code kubectl get ... -o json} to the kinds the cluster view reads,
 * by apiVersion and kind, and counts what it read and what it skipped. Pure: the parsed JSON trees
 * come in, the sink gets the objects.
 */
final class SavedObjects {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final InventorySink sink;
    private final Map<WatchedKind, Integer> read = new EnumMap<>(WatchedKind.class);
    private final Map<String, Integer> ignored = new TreeMap<>();

    SavedObjects(InventorySink sink) {
        this.sink = sink;
        for (WatchedKind kind : WatchedKind.values()) {
            read.put(kind, 0);
        }
    }

    /**
     * One object (the saved file's Lists are already taken apart, see {@link SavedFile}).
     *
     * @throws IllegalArgumentException an object of a watched kind that does not parse as one
     */
    void accept(JsonNode node) {
        if (!node.isObject()) {
            ignore("(not an object)");
            return;
        }
        String apiVersion = SavedFile.text(node, "apiVersion");
        String kind = SavedFile.text(node, "kind");
        Optional<WatchedKind> watched = WatchedKind.of(apiVersion, kind);
        if (watched.isEmpty()) {
            ignore(kind == null ? "(no kind)" : apiVersion == null ? kind : kind + " " + apiVersion);
            return;
        }
        sink.upsert(watched.get(), parse(watched.get(), node));
        read.merge(watched.get(), 1, Integer::sum);
    }

    /** Objects read per watched kind, every kind present (0 when none was seen). */
    Map<WatchedKind, Integer> read() {
        return Collections.unmodifiableMap(new EnumMap<>(read));
    }

    /** Objects skipped, by "Kind apiVersion" (e.g. "Pod v1"), sorted. */
    Map<String, Integer> ignored() {
        return Collections.unmodifiableMap(new TreeMap<>(ignored));
    }

    /** The model class the index reads for the kind: the informers' types (typed for built-in kinds). */
    static Class<? extends HasMetadata> modelType(WatchedKind kind) {
        return switch (kind) {
            case PERSISTENT_VOLUME_CLAIM -> PersistentVolumeClaim.class;
            case STORAGE_CLASS -> StorageClass.class;
            case NODE -> Node.class;
            case PERSISTENT_VOLUME -> PersistentVolume.class;
            default -> GenericKubernetesResource.class;
        };
    }

    private static HasMetadata parse(WatchedKind kind, JsonNode node) {
        try {
            return SERIALIZATION.convertValue(node, modelType(kind));
        } catch (IllegalArgumentException e) {
            JsonNode meta = node.path("metadata");
            String name = meta.path("namespace").isTextual()
                    ? meta.path("namespace").asText() + "/" + meta.path("name").asText()
                    : meta.path("name").asText();
            throw new IllegalArgumentException(kind.kind() + " " + name + " is not a valid " + kind.kind() + ": "
                    + SavedFile.firstLine(e.getMessage()), e);
        }
    }

    private void ignore(String what) {
        ignored.merge(what, 1, Integer::sum);
    }

}
