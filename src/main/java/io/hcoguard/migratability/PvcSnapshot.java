package io.hcoguard.migratability;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the guard keeps of a PersistentVolumeClaim: its StorageClass and access modes. */
public record PvcSnapshot(String namespace, String name, Optional<String> storageClassName, Set<String> accessModes) {

    /** Kubernetes still honours it, and before {@code spec.storageClassName}. */
    public static final String LEGACY_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";
    public static final String READ_WRITE_MANY = "ReadWriteMany";

    public PvcSnapshot {
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        storageClassName = storageClassName.filter(s -> !s.isBlank());
        accessModes = Set.copyOf(accessModes);
    }

    public static PvcSnapshot from(PersistentVolumeClaim pvc) {
        ObjectMeta meta = pvc.getMetadata() == null ? new ObjectMeta() : pvc.getMetadata();
        Optional<String> legacyClass = Optional.ofNullable(meta.getAnnotations())
                .map(a -> a.get(LEGACY_STORAGE_CLASS_ANNOTATION))
                .filter(s -> !s.isBlank());
        Optional<String> specClass = Optional.ofNullable(pvc.getSpec()).map(s -> s.getStorageClassName());
        List<String> specModes = pvc.getSpec() == null ? null : pvc.getSpec().getAccessModes();
        List<String> statusModes = pvc.getStatus() == null ? null : pvc.getStatus().getAccessModes();
        return new PvcSnapshot(
                meta.getNamespace(),
                meta.getName(),
                legacyClass.or(() -> specClass),
                modes(specModes != null && !specModes.isEmpty() ? specModes : statusModes));
    }

    /** Whether every node can attach the volume at once, which live migration needs. */
    public boolean readWriteMany() {
        return accessModes.contains(READ_WRITE_MANY);
    }

    private static Set<String> modes(List<String> modes) {
        Set<String> set = new LinkedHashSet<>();
        if (modes != null) {
            modes.stream().filter(m -> m != null && !m.isBlank()).forEach(set::add);
        }
        return set;
    }
}
