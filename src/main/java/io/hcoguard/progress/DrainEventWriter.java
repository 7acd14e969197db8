package io.hcoguard.progress;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jboss.logging.Logger;

/** Writes a {@link DrainNotice} as a Warning Event on its object. */
@ApplicationScoped
public class DrainEventWriter {

    private static final Logger LOG = Logger.getLogger(DrainEventWriter.class);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final ResourceDefinitionContext VMI = new ResourceDefinitionContext.Builder()
            .withGroup("kubevirt.io").withVersion("v1").withKind("VirtualMachineInstance").withPlural("virtualmachineinstances")
            .withNamespaced(true).build();

    private final KubernetesClient client;

    DrainEventWriter(KubernetesClient client) {
        this.client = client;
    }

    /** True when the Event exists now (written, or written before) or its object is gone; false to try again later. */
    boolean write(DrainNotice notice, Instant now) {
        DrainNotice.Involved involved = notice.involved();
        try {
            // The uid makes `kubectl describe` find the Event (it selects by involvedObject.uid).
            HasMetadata object = "Node".equals(involved.kind())
                    ? client.nodes().withName(involved.name()).get()
                    : client.genericKubernetesResources(VMI).inNamespace(involved.namespace()).withName(involved.name()).get();
            if (object == null) {
                return true;
            }
            String time = SECONDS.format(now);
            client.v1().events().inNamespace(notice.namespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(notice.name()).withNamespace(notice.namespace()).endMetadata()
                    .withNewInvolvedObject().withApiVersion(involved.apiVersion()).withKind(involved.kind())
                    .withName(involved.name()).withNamespace(involved.namespace().isEmpty() ? null : involved.namespace())
                    .withUid(object.getMetadata().getUid()).endInvolvedObject()
                    .withType("Warning")
                    .withReason(notice.reason())
                    .withNewSource().withComponent("hco-guard").endSource()
                    .withMessage(notice.message())
                    .withFirstTimestamp(time)
                    .withLastTimestamp(time)
                    .withCount(1)
                    .build()).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return true;
            }
            LOG.warnf("could not record the Event %s/%s on %s %s: %s", notice.namespace(), notice.name(), involved.kind(),
                    involved.name(), e.getMessage());
            return false;
        }
    }
}
