package io.hcoguard.migratability;

import java.util.Optional;

/** The volumes of a VMI the classifier cares about; other volume types never block migration. */
public sealed interface VmiVolume {

    /** The volume's name in {@code spec.volumes}. */
    String name();

    /** The PVC that backs the volume, if any: a DataVolume's PVC has the DataVolume's name. */
    Optional<String> backingClaim();

    record Claim(String name, String claimName) implements VmiVolume {
        @Override
        public Optional<String> backingClaim() {
            return Optional.of(claimName);
        }
    }

    record DataVolume(String name, String dataVolumeName) implements VmiVolume {
        @Override
        public Optional<String> backingClaim() {
            return Optional.of(dataVolumeName);
        }
    }

    /** {@code shared: true} tells KubeVirt the path is on storage every node sees, so it migrates. */
    record HostDisk(String name, boolean shared) implements VmiVolume {
        @Override
        public Optional<String> backingClaim() {
            return Optional.empty();
        }
    }
}
