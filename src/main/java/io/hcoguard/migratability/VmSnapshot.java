package io.hcoguard.migratability;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.hcoguard.unstructured.Unstructured;

/** What the guard keeps of a VirtualMachine: whether KubeVirt starts its VMI again. */
public record VmSnapshot(String namespace, String name, RunStrategy runStrategy) {

    public VmSnapshot {
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
        runStrategy = runStrategy == null ? RunStrategy.UNKNOWN : runStrategy;
    }

    /**
     * {@code spec.runStrategy}, else the deprecated {@code spec.running} (true: Always, false:
     * Halted), else Halted as KubeVirt does.
     */
    public static VmSnapshot from(GenericKubernetesResource vm) {
        ObjectMeta meta = vm.getMetadata() == null ? new ObjectMeta() : vm.getMetadata();
        Unstructured spec = Unstructured.of(vm.getAdditionalProperties()).path("spec");
        RunStrategy runStrategy = spec.path("runStrategy").text()
                .map(RunStrategy::parse)
                .orElseGet(() -> spec.path("running").bool().orElse(false) ? RunStrategy.ALWAYS : RunStrategy.HALTED);
        return new VmSnapshot(meta.getNamespace(), meta.getName(), runStrategy);
    }
}
