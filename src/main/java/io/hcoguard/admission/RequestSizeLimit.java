package io.hcoguard.admission;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses a declared body over the limit before it is read, with the same short JSON error as
 * every other bad request (Quarkus' own limit, quarkus.http.limits.max-body-size, still stops
 * chunked bodies that declare no length).
 */
@ApplicationScoped
class RequestSizeLimit {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredTooLarge(length)) {
                context.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end("{\"error\":\"body of " + length.trim() + " bytes exceeds the limit of "
                                + AdmissionReviewCodec.MAX_BODY_BYTES + "\",\"status\":413}");
                return;
            }
            context.next();
        });
    }

    private static boolean declaredTooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > AdmissionReviewCodec.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false; // Vert.x rejects a malformed Content-Length itself
        }
    }
}
