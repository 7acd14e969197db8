package io.hcoguard.drain;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.unstructured.Unstructured;
import java.util.Map;

/**
 * What the guard keeps of a MachineConfigPool ({@code machineconfiguration.openshift.io/v1}): which
 * nodes and MachineConfigs it selects, whether it is paused, and the rendered configuration it
 * targets ({@code spec.configuration.name}) beside the one all its nodes reached
 * ({@code status.configuration.name}).
 */
public record MachineConfigPoolSnapshot(String name, Map<String, String> labels, boolean paused,
        LabelSelector nodeSelector, LabelSelector machineConfigSelector,
        String specConfiguration, String statusConfiguration) {

    public MachineConfigPoolSnapshot {
        name = name == null ? "" : name;
        labels = LabelSelector.copyOfLabels(labels);
        nodeSelector = nodeSelector == null ? LabelSelector.NOTHING : nodeSelector;
        machineConfigSelector = machineConfigSelector == null ? LabelSelector.NOTHING : machineConfigSelector;
        specConfiguration = specConfiguration == null ? "" : specConfiguration;
        statusConfiguration = statusConfiguration == null ? "" : statusConfiguration;
    }

    /**
     * A rendered configuration the pool's nodes have not all reached: the render controller sets
     * {@code spec.configuration} whether or not the pool is paused, and the node controller copies it
     * to {@code status.configuration} only once every node is updated (pkg/controller/node/status.go
     * {@code calculateStatus}). An empty status with a rendered spec (a pool created paused) is pending
     * too; an empty spec (nothing rendered yet) is not.
     */
    public boolean pendingConfiguration() {
        return !specConfiguration.isEmpty() && !specConfiguration.equals(statusConfiguration);
    }

    /** Reads a MachineConfigPool; total: odd or missing fields read as absent, never an exception. */
    public static MachineConfigPoolSnapshot from(GenericKubernetesResource pool) {
        if (pool == null) {
            return new MachineConfigPoolSnapshot("", Map.of(), false, null, null, "", "");
        }
        Unstructured body = Unstructured.of(pool.getAdditionalProperties());
        Unstructured spec = body.path("spec");
        return new MachineConfigPoolSnapshot(
                pool.getMetadata() == null ? "" : pool.getMetadata().getName(),
                pool.getMetadata() == null ? Map.of() : pool.getMetadata().getLabels(),
                spec.path("paused").isTrue(),
                LabelSelector.from(spec.path("nodeSelector")),
                LabelSelector.from(spec.path("machineConfigSelector")),
                spec.path("configuration", "name").string().map(String::trim).orElse(""),
                body.path("status", "configuration", "name").string().map(String::trim).orElse(""));
    }
}
