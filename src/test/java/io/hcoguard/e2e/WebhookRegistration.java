package io.hcoguard.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Registers the webhook configurations that manifests/ ships, changing only each webhook's
 * clientConfig: the service reference becomes a URL to the local test instance, with its CA.
 */
final class WebhookRegistration {

    static final Path SHIPPED = ControlPlane.PROJECT.resolve("manifests/base/webhook-configurations.yaml");

    private WebhookRegistration() {
    }

    static void register(KubernetesClient admin, int port, String caBundle) {
        for (HasMetadata item : shipped(admin)) {
            if (item instanceof MutatingWebhookConfiguration mutating) {
                mutating.getWebhooks().forEach(w -> w.setClientConfig(local(w.getClientConfig(), port, caBundle)));
            } else if (item instanceof ValidatingWebhookConfiguration validating) {
                validating.getWebhooks().forEach(w -> w.setClientConfig(local(w.getClientConfig(), port, caBundle)));
            } else {
                throw new IllegalStateException("unexpected object in " + SHIPPED + ": " + item.getKind());
            }
            admin.resource(item).serverSideApply();
        }
    }

    static List<HasMetadata> shipped(KubernetesClient admin) {
        try (InputStream in = Files.newInputStream(SHIPPED)) {
            return admin.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WebhookClientConfig local(WebhookClientConfig shipped, int port, String caBundle) {
        String path = shipped.getService().getPath();
        return new WebhookClientConfigBuilder().withUrl("https://127.0.0.1:" + port + path).withCaBundle(caBundle).build();
    }
}
