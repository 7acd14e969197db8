package io.hcoguard.upgrade;

import io.hcoguard.admission.ErrorBody;
import io.hcoguard.inventory.ClusterView;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.progress.DrainWatch;
import io.hcoguard.progress.Draining;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /upgrade-readiness}: what would block an upgrade right now, for the people and
 * tools that ask before they try. Whoever may list VMIs cluster-wide may read it.
 */
@Path("/upgrade-readiness")
@RegisterForReflection(targets = {ReadinessReport.class, ReadinessReport.Entry.class, Draining.class, Draining.Waiting.class,
    ReadinessReport.OpenShift.class, ReadinessReport.ClusterOperator.class, ReadinessReport.Hold.class})
public class ReadinessEndpoint {

    private final ClusterView view;
    private final ReportAccess access;
    private final GatePolicy policy;
    private final DrainWatch drains;
    private final OpenShiftAssertions openshift;

    ReadinessEndpoint(ClusterView view, ReportAccess access, GatePolicy policy, DrainWatch drains, OpenShiftAssertions openshift) {
        this.view = view;
        this.access = access;
        this.policy = policy;
        this.drains = drains;
        this.openshift = openshift;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response report(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("format") String format,
            @Context HttpServerRequest request) {
        ReportAccess.Verdict verdict = access.check(authorization, request.remoteAddress().hostAddress());
        if (verdict.status() != 200) {
            Response refused = ErrorBody.response(verdict.status(), verdict.reason());
            return verdict.retryAfter().isZero() ? refused
                    : Response.fromResponse(refused).header(HttpHeaders.RETRY_AFTER, verdict.retryAfter().toSeconds()).build();
        }
        VerdictSnapshot snapshot = view.verdicts();
        ReadinessReport report = ReadinessReport.of(snapshot, policy, drains.draining(snapshot)).withOpenShift(openshift.current());
        if ("text".equals(format)) {
            return Response.ok(report.toText() + "\n", MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build();
        }
        if (format != null && !"json".equals(format)) {
            return ErrorBody.response(400, "format must be json or text, got \"" + abbreviate(format) + "\"");
        }
        return Response.ok(report, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }
}
