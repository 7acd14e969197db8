package io.hcoguard.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.NonBlocking;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The HTTPS face of the webhooks: decodes an AdmissionReview, lets the webhook for the path decide,
 * and encodes the answer. Anything that is not a v1 AdmissionReview gets a 4xx with a short JSON
 * error; a failing rule gets a denial that says so, never a stack trace. Each decision is logged here,
 * once ({@link DecisionLog}); the rules log nothing.
 */
@Path("/")
public class AdmissionEndpoints {

    private static final Logger LOG = Logger.getLogger(AdmissionEndpoints.class);

    private final AdmissionReviewCodec codec = new AdmissionReviewCodec();
    private final Map<String, AdmissionWebhook> webhooks;
    private final MeterRegistry metrics;

    @Inject
    AdmissionEndpoints(Instance<AdmissionWebhook> webhooks, MeterRegistry metrics) {
        this.webhooks = webhooks.stream().collect(Collectors.toUnmodifiableMap(AdmissionWebhook::name, Function.identity()));
        this.metrics = metrics;
    }

    /**
     * The three webhook paths; the webhook bean whose {@link AdmissionWebhook#name()} matches decides.
     * Runs on the I/O thread: a decision reads memory only (the one API call, an Event, is queued to its
     * own thread), so a hop to a worker thread would cost more than the decision itself.
     */
    @NonBlocking
    @POST
    @Path("{webhook: mutate-hyperconverged|validate-hyperconverged|validate-upgrade}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response review(@PathParam("webhook") String path, byte[] body) {
        AdmissionWebhook webhook = webhooks.get(path);
        AdmissionInput input;
        try {
            input = codec.decode(body);
        } catch (InvalidAdmissionReview e) {
            metrics.counter("hco_guard_admission_invalid_requests_total", "webhook", path).increment();
            return ErrorBody.response(e.status(), e.getMessage());
        }
        Timer.Sample sample = Timer.start(metrics);
        Decision decision = decideSafely(webhook, input);
        sample.stop(metrics.timer("hco_guard_admission_duration_seconds", "webhook", path));
        metrics.counter("hco_guard_admission_decisions_total", "webhook", path,
                "allowed", Boolean.toString(decision.allowed()), "dry_run", Boolean.toString(input.dryRun())).increment();
        DecisionLog.log(path, input, decision);
        return Response.ok(codec.write(codec.response(input.uid(), decision)), MediaType.APPLICATION_JSON).build();
    }

    private static Decision decideSafely(AdmissionWebhook webhook, AdmissionInput input) {
        try {
            return webhook.decide(input);
        } catch (RuntimeException e) {
            // A rule bug must not turn into a hung or crashed API call: deny, say so, keep serving.
            LOG.errorf(e, "%s failed on %s (uid %s)", webhook.name(), input.describe(), input.uid());
            return Decision.deny("hco-guard could not judge this request (internal error in " + webhook.name()
                    + ": " + e.getClass().getSimpleName() + "); see the hco-guard logs");
        }
    }
}
