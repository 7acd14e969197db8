package io.hcoguard.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Registers the webhook configurations that manifests/base ships, as `kubectl kustomize` renders
 * them, changing only each webhook's clientConfig: the service reference becomes a URL to the
 * local test instance, with its CA.
 */
final class WebhookRegistration {

    private WebhookRegistration() {
    }

    static void register(KubernetesClient admin, int port, String caBundle) {
        List<HasMetadata> shipped = shipped(admin);
        if (shipped.size() != 2) {
            throw new IllegalStateException("expected one Mutating- and one ValidatingWebhookConfiguration in "
                    + Manifests.BASE + ", found " + shipped.size());
        }
        apply(admin, shipped, "https://127.0.0.1:" + port, caBundle);
    }

    /**
     * Registers a second copy of the shipped configurations, named {@code name}, whose webhooks call
     * a path the test instance does not serve: every call fails (HTTP 404), and each webhook's
     * failurePolicy and matchConditions decide, as for a replica that is not there. (A port where
     * nothing listens would do the same, after the API server's retries: several seconds a request.)
     * Remove it with {@link #unregister}.
     */
    static void registerFailing(KubernetesClient admin, String name, int port, String caBundle) {
        List<HasMetadata> copies = shipped(admin);
        copies.forEach(item -> item.getMetadata().setName(name));
        apply(admin, copies, "https://127.0.0.1:" + port + "/not-served", caBundle);
    }

    static void unregister(KubernetesClient admin, String name) {
        admin.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name).delete();
        admin.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).delete();
    }

    /** The webhook configurations of the rendered base, untouched. */
    static List<HasMetadata> shipped(KubernetesClient admin) {
        byte[] rendered = Manifests.render(Manifests.BASE).getBytes(StandardCharsets.UTF_8);
        return admin.load(new ByteArrayInputStream(rendered)).items().stream()
                .filter(item -> item instanceof MutatingWebhookConfiguration || item instanceof ValidatingWebhookConfiguration)
                .toList();
    }

    /** Applies the configurations with each webhook's service reference turned into {@code urlPrefix} + its path. */
    private static void apply(KubernetesClient admin, List<HasMetadata> configurations, String urlPrefix, String caBundle) {
        for (HasMetadata item : configurations) {
            if (item instanceof MutatingWebhookConfiguration mutating) {
                mutating.getWebhooks().forEach(w -> w.setClientConfig(url(w.getClientConfig(), urlPrefix, caBundle)));
            } else if (item instanceof ValidatingWebhookConfiguration validating) {
                validating.getWebhooks().forEach(w -> w.setClientConfig(url(w.getClientConfig(), urlPrefix, caBundle)));
            }
            admin.resource(item).serverSideApply();
        }
    }

    private static WebhookClientConfig url(WebhookClientConfig shipped, String urlPrefix, String caBundle) {
        return new WebhookClientConfigBuilder().withUrl(urlPrefix + shipped.getService().getPath()).withCaBundle(caBundle).build();
    }
}
