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
        for (HasMetadata item : shipped) {
            if (item instanceof MutatingWebhookConfiguration mutating) {
                mutating.getWebhooks().forEach(w -> w.setClientConfig(local(w.getClientConfig(), port, caBundle)));
            } else if (item instanceof ValidatingWebhookConfiguration validating) {
                validating.getWebhooks().forEach(w -> w.setClientConfig(local(w.getClientConfig(), port, caBundle)));
            }
            admin.resource(item).serverSideApply();
        }
    }

    /** The webhook configurations of the rendered base, untouched. */
    static List<HasMetadata> shipped(KubernetesClient admin) {
        byte[] rendered = Manifests.render(Manifests.BASE).getBytes(StandardCharsets.UTF_8);
        return admin.load(new ByteArrayInputStream(rendered)).items().stream()
                .filter(item -> item instanceof MutatingWebhookConfiguration || item instanceof ValidatingWebhookConfiguration)
                .toList();
    }

    private static WebhookClientConfig local(WebhookClientConfig shipped, int port, String caBundle) {
        String path = shipped.getService().getPath();
        return new WebhookClientConfigBuilder().withUrl("https://127.0.0.1:" + port + path).withCaBundle(caBundle).build();
    }
}
