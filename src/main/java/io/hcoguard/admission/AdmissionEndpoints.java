package io.hcoguard.admission;

import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The HTTPS face of the webhooks: reads the body (at most {@link AdmissionReviewCodec#MAX_BODY_BYTES},
 * over HTTP/1.1 and HTTP/2 alike), decodes an AdmissionReview, lets the webhook for the path decide,
 * and encodes the answer. A Vert.x route rather than a JAX-RS resource: the body limit must hold for
 * bodies that declare no length too, and JAX-RS reads those beyond the application's reach.
 * Anything that is not a v1 AdmissionReview gets a 4xx with a short JSON error; a failing rule gets
 * a 500 with a short JSON error (the API server applies the webhook's failurePolicy and counts a
 * webhook error, not a denial), never a stack trace. Each decision is logged here, once
 * ({@link DecisionLog}); the rules log nothing.
 */
@ApplicationScoped
public class AdmissionEndpoints {

    private static final Logger LOG = Logger.getLogger(AdmissionEndpoints.class);

    private final AdmissionReviewCodec codec = new AdmissionReviewCodec();
    private final DecisionLog decisions = new DecisionLog();
    private final Map<String, AdmissionWebhook> webhooks;
    private final AdmissionMetrics metrics;

    @Inject
    AdmissionEndpoints(Instance<AdmissionWebhook> webhooks, AdmissionMetrics metrics) {
        this(webhooks.stream().toList(), metrics);
    }

    AdmissionEndpoints(List<AdmissionWebhook> webhooks, AdmissionMetrics metrics) {
        this.webhooks = webhooks.stream().collect(Collectors.toUnmodifiableMap(AdmissionWebhook::name, Function.identity()));
        this.metrics = metrics;
    }

    /**
     * {@code POST /<name>} for each webhook. Runs on the I/O thread: a decision reads memory only (the
     * one API call, an Event, is queued to its own thread), so a hop to a worker thread would cost
     * more than the decision itself.
     */
    void install(@Observes Router router) {
        webhooks.keySet().forEach(name -> router.post("/" + name).handler(context -> receive(context, name)));
    }

    private void receive(RoutingContext context, String webhook) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return; // the rest of a refused body: read and dropped
            }
            if (body.length() + chunk.length() > AdmissionReviewCodec.MAX_BODY_BYTES) {
                refused[0] = true;
                metrics.invalid(webhook);
                RequestSizeLimit.refuse(context, "body exceeds the limit of " + AdmissionReviewCodec.MAX_BODY_BYTES + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        if (request.version() != HttpVersion.HTTP_2 && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            context.response().writeContinue(); // a body within the limit (RequestSizeLimit answered any larger one)
        }
        request.endHandler(end -> {
            if (!refused[0]) {
                Answer answer = review(webhook, body.getBytes());
                context.response().setStatusCode(answer.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(Buffer.buffer(answer.body()));
            }
        });
        request.resume();
    }

    /** Every decision line queued so far is written before Quarkus reports it has stopped. */
    void writeDecisionLines(@Observes ShutdownEvent shutdown) {
        decisions.close();
    }

    /** An HTTP status and its JSON body. */
    record Answer(int status, byte[] body) {
    }

    /** One complete body in, the answer out: decoding, the decision, metrics and the decision log. */
    Answer review(String path, byte[] body) {
        AdmissionWebhook webhook = webhooks.get(path);
        AdmissionInput input;
        try {
            input = codec.decode(body);
        } catch (InvalidAdmissionReview e) {
            metrics.invalid(path);
            return error(e.status(), e.getMessage());
        }
        Timer.Sample sample = Timer.start();
        Decision decision;
        try {
            decision = webhook.decide(input);
        } catch (RuntimeException e) {
            // A rule bug must not turn into a hung or crashed API call, nor pass for a denial: a 500
            // shows in the API server's webhook error metrics and in ours.
            LOG.errorf(e, "%s failed on %s (uid %s)", webhook.name(), input.describe(), input.uid());
            metrics.failed(path);
            return error(500, "hco-guard could not judge this request (internal error in " + webhook.name()
                    + ": " + e.getClass().getSimpleName() + "); see the hco-guard logs");
        } finally {
            sample.stop(metrics.latency(path));
        }
        metrics.decided(path, decision, input.dryRun());
        decisions.log(path, input, decision);
        return new Answer(200, codec.write(codec.response(input.uid(), decision)));
    }

    private Answer error(int status, String message) {
        return new Answer(status, codec.write(new ErrorBody(message, status)));
    }
}
