package io.hcoguard.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Registers (or removes) the webhook configurations manifests/base ships, with each webhook's
 * service reference turned into a URL to the local instance and its CA bundle: what the e2e tests
 * register, so the end-to-end benchmark measures what ships.
 *
 * <pre>java -cp ... io.hcoguard.bench.Webhooks register MANIFEST PORT CA_PEM
 * java -cp ... io.hcoguard.bench.Webhooks unregister MANIFEST</pre>
 */
public final class Webhooks {

    private Webhooks() {
    }

    public static void main(String[] args) throws Exception {
        try (KubernetesClient client = Populate.client(4); InputStream in = Files.newInputStream(Path.of(args[1]))) {
            List<HasMetadata> items = client.load(in).items();
            if ("unregister".equals(args[0])) {
                items.forEach(item -> client.resource(item).delete());
                System.out.println("webhook configurations removed");
                System.exit(0);
            }
            int port = Integer.parseInt(args[2]);
            String caBundle = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(args[3])));
            for (HasMetadata item : items) {
                if (item instanceof MutatingWebhookConfiguration mutating) {
                    mutating.getWebhooks().forEach(w -> w.setClientConfig(local(w.getClientConfig(), port, caBundle)));
                } else if (item instanceof ValidatingWebhookConfiguration validating) {
                    validating.getWebhooks().forEach(w -> w.setClientConfig(local(w.getClientConfig(), port, caBundle)));
                }
                client.resource(item).forceConflicts().serverSideApply();
            }
            System.out.println("webhook configurations registered: https://127.0.0.1:" + port);
        }
        System.exit(0); // the client's Vert.x event loops are not daemon threads
    }

    private static WebhookClientConfig local(WebhookClientConfig shipped, int port, String caBundle) {
        return new WebhookClientConfigBuilder()
                .withUrl("https://127.0.0.1:" + port + shipped.getService().getPath())
                .withCaBundle(caBundle)
                .build();
    }
}
