package io.hcoguard.progress;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hcoguard.inventory.WatchedKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds {@code hco-guard status} reads besides the cluster view's, once per look (the webhook
 * does not watch them). Any may be missing from a cluster: no OLM, not OpenShift.
 */
public enum StatusKind {
    CLUSTER_SERVICE_VERSION(custom("operators.coreos.com", "v1alpha1", "ClusterServiceVersion", "clusterserviceversions", true)),
    HYPER_CONVERGED(WatchedKind.HYPER_CONVERGED.context()),
    CLUSTER_VERSION(custom("config.openshift.io", "v1", "ClusterVersion", "clusterversions", false)),
    MIGRATION(custom("kubevirt.io", "v1", "VirtualMachineInstanceMigration", "virtualmachineinstancemigrations", true));

    private final ResourceDefinitionContext context;

    StatusKind(ResourceDefinitionContext context) {
        this.context = context;
    }

    private static ResourceDefinitionContext custom(String group, String version, String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(namespaced).build();
    }

    /** The kind of a saved or listed object, by its apiVersion's group and its kind (any version). */
    public static Optional<StatusKind> of(JsonNode object) {
        String objectGroup = WatchedKind.groupOf(Texts.text(object, "apiVersion"));
        String objectKind = Texts.text(object, "kind");
        return Arrays.stream(values()).filter(k -> k.context.getGroup().equals(objectGroup) && k.context.getKind().equals(objectKind))
                .findFirst();
    }

    public String kind() {
        return context.getKind();
    }

    /** As kubectl names it, e.g. clusterserviceversions.operators.coreos.com. */
    public String resource() {
        return context.getPlural() + "." + context.getGroup();
    }

    public ResourceDefinitionContext context() {
        return context;
    }
}
