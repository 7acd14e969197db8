package io.hcoguard.admission;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a declared body over {@link AdmissionReviewCodec#MAX_BODY_BYTES} before it is read, on
 * every path, with the same short JSON error as every other bad request. A body that declares no
 * length is measured as it is read ({@link AdmissionEndpoints}).
 */
@ApplicationScoped
class RequestSizeLimit {

    private final AdmissionMetrics metrics;

    RequestSizeLimit(AdmissionMetrics metrics) {
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredTooLarge(length)) {
                String webhook = context.request().path().substring(1);
                if (AdmissionMetrics.WEBHOOKS.contains(webhook)) {
                    metrics.invalid(webhook);
                }
                refuse(context, "body of " + length.trim() + " bytes exceeds the limit of " + AdmissionReviewCodec.MAX_BODY_BYTES + " bytes");
                return;
            }
            context.next();
        });
    }

    /**
     * 413 with a short JSON error, without reading the rest of the body. HTTP/1.1 then closes the
     * connection (the unread body would follow on it). HTTP/2 must not: a Connection header is
     * malformed there (RFC 9113, 8.2.2) and Netty resets the stream with PROTOCOL_ERROR instead of
     * answering; ending the stream answers the request and leaves the connection's other streams be.
     */
    static void refuse(RoutingContext context, String message) {
        HttpServerResponse response = context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (context.request().version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end("{\"error\":\"" + message + "\",\"status\":413}");
    }

    private static boolean declaredTooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > AdmissionReviewCodec.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed Content-Length itself
        }
    }
}
