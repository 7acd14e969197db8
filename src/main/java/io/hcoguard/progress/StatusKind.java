package io.hcoguard.progress;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds {@code hco-guard status} reads besides the cluster view's, once per look (the webhook
 * does not watch them). Any may be missing from a cluster: no OLM, not OpenShift.
 */
public enum StatusKind {
    CLUSTER_SERVICE_VERSION("operators.coreos.com", "v1alpha1", "ClusterServiceVersion", "clusterserviceversions", true),
    HYPER_CONVERGED("hco.kubevirt.io", "v1beta1", "HyperConverged", "hyperconvergeds", true),
    CLUSTER_VERSION("config.openshift.io", "v1", "ClusterVersion", "clusterversions", false),
    MIGRATION("kubevirt.io", "v1", "VirtualMachineInstanceMigration", "virtualmachineinstancemigrations", true);

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final boolean namespaced;

    StatusKind(String group, String version, String kind, String plural, boolean namespaced) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.namespaced = namespaced;
    }

    /** The kind of a saved or listed object, by its apiVersion's group and its kind (any version). */
    public static Optional<StatusKind> of(JsonNode object) {
        String apiVersion = Texts.text(object, "apiVersion");
        String objectKind = Texts.text(object, "kind");
        String objectGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return Arrays.stream(values()).filter(k -> k.group.equals(objectGroup) && k.kind.equals(objectKind)).findFirst();
    }

    public String kind() {
        return kind;
    }

    /** As kubectl names it, e.g. clusterserviceversions.operators.coreos.com. */
    public String resource() {
        return plural + "." + group;
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(namespaced).build();
    }
}
