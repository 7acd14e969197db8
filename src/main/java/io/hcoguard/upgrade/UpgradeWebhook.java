package io.hcoguard.upgrade;

import io.hcoguard.admission.AdmissionInput;
import io.hcoguard.admission.AdmissionWebhook;
import io.hcoguard.admission.Decision;
import io.hcoguard.config.GuardConfig;
import io.hcoguard.inventory.ClusterView;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.HashSet;

/**
 * {@code POST /validate-upgrade}: judges ClusterVersion, InstallPlan and Subscription edits against
 * the cluster view. The decision reads the watched index only; the one API call, the Event for a
 * denied request, is written afterwards and off the request thread.
 */
@ApplicationScoped
public class UpgradeWebhook implements AdmissionWebhook {

    private final ClusterView view;
    private final GatePolicy policy;
    private final UpgradeEvents events;
    private final MeterRegistry metrics;

    UpgradeWebhook(ClusterView view, GatePolicy policy, UpgradeEvents events, MeterRegistry metrics) {
        this.view = view;
        this.policy = policy;
        this.events = events;
        this.metrics = metrics;
    }

    /** The gate's configuration, shared by the webhook and the readiness report. */
    @Produces
    @Singleton
    static GatePolicy policy(GuardConfig config) {
        return GatePolicy.of(config.upgrade());
    }

    @Override
    public String name() {
        return "validate-upgrade";
    }

    @Override
    public Decision decide(AdmissionInput input) {
        GatedRequest request = GatedRequest.of(
                input.kind().map(k -> k.getGroup()).orElse(""),
                input.kind().map(k -> k.getKind()).orElse(""),
                input.operation(),
                input.object(),
                input.oldObject(),
                new RequestUser(input.username(), new HashSet<>(input.groups())),
                input.dryRun());
        GateVerdict verdict = UpgradeGate.judge(request, view.verdicts(), policy);
        metrics.counter("hco_guard_gate_decisions_total",
                "kind", request.kind().name(), "outcome", verdict.outcome().name()).increment();
        // The decision itself is logged once by the HTTP face (admission.DecisionLog), overrides with
        // their user and reason (the audit annotations).
        switch (verdict.outcome()) {
            case DENIED_BLOCKERS, DENIED_NOT_SYNCED, OVERRIDE_REFUSED -> {
                if (!input.dryRun()) {
                    events.denied(input, verdict);
                }
            }
            default -> {
            }
        }
        return verdict.decision();
    }
}
