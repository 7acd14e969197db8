package io.hcoguard.migratability;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A StorageView over fixed snapshots, as the inventory would keep them. */
final class InMemoryStorage implements StorageView {

    private final Map<String, PvcSnapshot> pvcs = new HashMap<>();
    private final Map<String, StorageClassSnapshot> classes = new HashMap<>();

    InMemoryStorage storageClass(String name, String provisioner) {
        classes.put(name, new StorageClassSnapshot(name, provisioner));
        return this;
    }

    InMemoryStorage pvc(String namespace, String name, String storageClass, String... accessModes) {
        pvcs.put(namespace + "/" + name,
                new PvcSnapshot(namespace, name, Optional.ofNullable(storageClass), Set.of(accessModes)));
        return this;
    }

    @Override
    public Optional<PvcSnapshot> pvc(String namespace, String name) {
        return Optional.ofNullable(pvcs.get(namespace + "/" + name));
    }

    @Override
    public Optional<StorageClassSnapshot> storageClass(String name) {
        return Optional.ofNullable(classes.get(name));
    }
}
