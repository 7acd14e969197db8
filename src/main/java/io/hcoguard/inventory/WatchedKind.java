package io.hcoguard.inventory;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds the cluster view watches. Custom kinds are watched only while their CRD exists; the
 * KubeVirt and HCO kinds are required (without them this is not an OKD Virtualization cluster),
 * the OpenShift and medik8s kinds optional (vanilla Kubernetes has no MachineConfigPool: what rests
 * on them is off, and every node counts).
 */
public enum WatchedKind {
    VIRTUAL_MACHINE_INSTANCE("kubevirt.io", "v1", "VirtualMachineInstance", "virtualmachineinstances", Source.REQUIRED_CRD, true),
    VIRTUAL_MACHINE("kubevirt.io", "v1", "VirtualMachine", "virtualmachines", Source.REQUIRED_CRD, true),
    KUBEVIRT("kubevirt.io", "v1", "KubeVirt", "kubevirts", Source.REQUIRED_CRD, true),
    HYPER_CONVERGED("hco.kubevirt.io", "v1beta1", "HyperConverged", "hyperconvergeds", Source.REQUIRED_CRD, true),
    PERSISTENT_VOLUME_CLAIM("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", Source.BUILT_IN, true),
    STORAGE_CLASS("storage.k8s.io", "v1", "StorageClass", "storageclasses", Source.BUILT_IN, false),
    NODE("", "v1", "Node", "nodes", Source.BUILT_IN, false),
    PERSISTENT_VOLUME("", "v1", "PersistentVolume", "persistentvolumes", Source.BUILT_IN, false),
    MACHINE_CONFIG_POOL("machineconfiguration.openshift.io", "v1", "MachineConfigPool", "machineconfigpools",
            Source.OPTIONAL_CRD, false),
    INFRASTRUCTURE("config.openshift.io", "v1", "Infrastructure", "infrastructures", Source.OPTIONAL_CRD, false),
    NODE_MAINTENANCE("nodemaintenance.medik8s.io", "v1beta1", "NodeMaintenance", "nodemaintenances",
            Source.OPTIONAL_CRD, false);

    /** Where a kind is served from, and what its absence means. */
    private enum Source { BUILT_IN, REQUIRED_CRD, OPTIONAL_CRD }

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final Source source;
    private final boolean namespaced;

    WatchedKind(String group, String version, String kind, String plural, Source source, boolean namespaced) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.source = source;
        this.namespaced = namespaced;
    }

    /** Served by a CustomResourceDefinition that may come and go. */
    public boolean custom() {
        return source != Source.BUILT_IN;
    }

    /** A custom kind a cluster may lack (OpenShift's, medik8s'): its absence switches off what rests on it. */
    public boolean optional() {
        return source == Source.OPTIONAL_CRD;
    }

    public boolean namespaced() {
        return namespaced;
    }

    public String kind() {
        return kind;
    }

    /** The API group, "" for the core group. */
    public String group() {
        return group;
    }

    /** As kubectl names it: plural.group, just the plural for the core group (persistentvolumeclaims). */
    public String resource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /**
     * The kind an object of this apiVersion and kind is, by group and kind: every version a kind is
     * served in has the layout the snapshots read (KubeVirt's versions share one schema, and the
     * HyperConverged snapshot reads both v1beta1 and v1), so a saved list in any of them counts.
     */
    public static Optional<WatchedKind> of(String apiVersion, String kind) {
        if (apiVersion == null || kind == null) {
            return Optional.empty();
        }
        String objectGroup = groupOf(apiVersion);
        return Arrays.stream(values()).filter(k -> k.group.equals(objectGroup) && k.kind.equals(kind)).findFirst();
    }

    /** The API group of an apiVersion: what precedes the slash, "" for the core group ("v1"). */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
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
                .withGroup(group).withVersion(version).withKind(kind).withPlural(plural).withNamespaced(namespaced)
                .build();
    }
}
