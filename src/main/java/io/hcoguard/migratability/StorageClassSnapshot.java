package io.hcoguard.migratability;

import io.fabric8.kubernetes.api.model.storage.StorageClass;

/** What the guard keeps of a StorageClass: who provisions its volumes. */
public record StorageClassSnapshot(String name, String provisioner) {

    public StorageClassSnapshot {
        name = name == null ? "" : name;
        provisioner = provisioner == null ? "" : provisioner;
    }

    public static StorageClassSnapshot from(StorageClass storageClass) {
        String name = storageClass.getMetadata() == null ? null : storageClass.getMetadata().getName();
        return new StorageClassSnapshot(name, storageClass.getProvisioner());
    }
}
