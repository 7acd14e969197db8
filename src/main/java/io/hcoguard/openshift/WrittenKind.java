package io.hcoguard.openshift;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.HttpURLConnection;
import java.util.List;

/** A kind the OpenShift surfaces read or write, through the Kubernetes client: the only I/O they do. */
final class WrittenKind {

    static final WrittenKind CLUSTER_OPERATOR =
            new WrittenKind("config.openshift.io", "v1", "ClusterOperator", "clusteroperators", false);
    static final WrittenKind SUBSCRIPTION =
            new WrittenKind("operators.coreos.com", "v1alpha1", "Subscription", "subscriptions", true);
    /** v2: the version OLM reads (operatorconditions.go reads OperatorsV2) and stores. */
    static final WrittenKind OPERATOR_CONDITION =
            new WrittenKind("operators.coreos.com", "v2", "OperatorCondition", "operatorconditions", true);

    private final ResourceDefinitionContext context;

    private WrittenKind(String group, String version, String kind, String plural, boolean namespaced) {
        this.context = new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }

    String kind() {
        return context.getKind();
    }

    String apiVersion() {
        return context.getGroup() + "/" + context.getVersion();
    }

    /** Whether the API server serves the kind now (discovery: no RBAC needed, one call). */
    boolean served(KubernetesClient client) {
        APIResourceList resources = client.getApiResources(apiVersion());
        return resources != null && resources.getResources().stream().map(APIResource::getName).anyMatch(context.getPlural()::equals);
    }

    /** The object, or null when there is none. */
    GenericKubernetesResource get(KubernetesClient client, String namespace, String name) {
        return context.isNamespaceScoped()
                ? client.genericKubernetesResources(context).inNamespace(namespace).withName(name).get()
                : client.genericKubernetesResources(context).withName(name).get();
    }

    List<GenericKubernetesResource> listEverywhere(KubernetesClient client) {
        return client.genericKubernetesResources(context).inAnyNamespace().list().getItems();
    }

    GenericKubernetesResource create(KubernetesClient client, GenericKubernetesResource object) {
        return client.genericKubernetesResources(context).resource(object).create();
    }

    /** Replaces the object; a resourceVersion that is no longer current fails with 409. */
    GenericKubernetesResource update(KubernetesClient client, GenericKubernetesResource object) {
        return client.genericKubernetesResources(context).resource(object).update();
    }

    /** Replaces the status subresource; a resourceVersion that is no longer current fails with 409. */
    GenericKubernetesResource updateStatus(KubernetesClient client, GenericKubernetesResource object) {
        return client.genericKubernetesResources(context).resource(object).updateStatus();
    }

    static boolean conflict(KubernetesClientException e) {
        return e.getCode() == HttpURLConnection.HTTP_CONFLICT;
    }

    static boolean forbidden(KubernetesClientException e) {
        return e.getCode() == HttpURLConnection.HTTP_FORBIDDEN;
    }

    static boolean notFound(KubernetesClientException e) {
        return e.getCode() == HttpURLConnection.HTTP_NOT_FOUND;
    }
}
