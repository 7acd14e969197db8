package io.hcoguard.hyperconverged;

import java.util.Optional;

/** Where each field the rules read lives, per served HyperConverged version. */
public enum HyperConvergedLayout {
    V1BETA1("hco.kubevirt.io/v1beta1", FieldPath.of("spec")),
    V1("hco.kubevirt.io/v1", FieldPath.of("spec", "virtualization"));

    private final String apiVersion;
    private final FieldPath workloadUpdateStrategy;
    private final FieldPath evictionStrategy;
    private final FieldPath liveMigrationConfig;

    HyperConvergedLayout(String apiVersion, FieldPath parent) {
        this.apiVersion = apiVersion;
        this.workloadUpdateStrategy = parent.field("workloadUpdateStrategy");
        this.evictionStrategy = parent.field("evictionStrategy");
        this.liveMigrationConfig = parent.field("liveMigrationConfig");
    }

    /** The layout of a served version; empty for a version these rules do not know. */
    public static Optional<HyperConvergedLayout> of(String apiVersion) {
        for (HyperConvergedLayout layout : values()) {
            if (layout.apiVersion.equals(apiVersion)) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }

    public String apiVersion() {
        return apiVersion;
    }

    public FieldPath workloadUpdateStrategy() {
        return workloadUpdateStrategy;
    }

    public FieldPath workloadUpdateMethods() {
        return workloadUpdateStrategy.field("workloadUpdateMethods");
    }

    public FieldPath batchEvictionSize() {
        return workloadUpdateStrategy.field("batchEvictionSize");
    }

    public FieldPath batchEvictionInterval() {
        return workloadUpdateStrategy.field("batchEvictionInterval");
    }

    public FieldPath evictionStrategy() {
        return evictionStrategy;
    }

    public FieldPath parallelMigrationsPerCluster() {
        return liveMigrationConfig.field("parallelMigrationsPerCluster");
    }

    public FieldPath parallelOutboundMigrationsPerNode() {
        return liveMigrationConfig.field("parallelOutboundMigrationsPerNode");
    }
}
