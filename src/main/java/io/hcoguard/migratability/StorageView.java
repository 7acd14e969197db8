package io.hcoguard.migratability;

import java.util.Optional;

/** The PVCs and StorageClasses the classifier looks volumes up in; the inventory implements it. */
public interface StorageView {

    Optional<PvcSnapshot> pvc(String namespace, String name);

    Optional<StorageClassSnapshot> storageClass(String name);
}
