package io.hcoguard.inventory;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The kinds the cluster view watches. Custom kinds are watched only while their CRD exists. */
public enum WatchedKind {
    VIRTUAL_MACHINE_INSTANCE("kubevirt.io", "v1", "VirtualMachineInstance", "virtualmachineinstances", true),
    VIRTUAL_MACHINE("kubevirt.io", "v1", "VirtualMachine", "virtualmachines", true),
    KUBEVIRT("kubevirt.io", "v1", "KubeVirt", "kubevirts", true),
    HYPER_CONVERGED("hco.kubevirt.io", "v1beta1", "HyperConverged", "hyperconvergeds", true),
    PERSISTENT_VOLUME_CLAIM("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", false),
    STORAGE_CLASS("storage.k8s.io", "v1", "StorageClass", "storageclasses", false);

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final boolean custom;

    WatchedKind(String group, String version, String kind, String plural, boolean custom) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.custom = custom;
    }

    /** Served by a CustomResourceDefinition that may come and go. */
    public boolean custom() {
        return custom;
    }

    public String kind() {
        return kind;
    }

    /** The CRD's name, e.g. virtualmachineinstances.kubevirt.io. */
    public String crdName() {
        return plural + "." + group;
    }

    /** The collection's API path, e.g. /apis/kubevirt.io/v1/virtualmachineinstances or /api/v1/persistentvolumeclaims. */
    public String apiPath() {
        return (group.isEmpty() ? "/api/" : "/apis/" + group + "/") + version + "/" + plural;
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group).withVersion(version).withKind(kind).withPlural(plural).withNamespaced(this != STORAGE_CLASS)
                .build();
    }
}
