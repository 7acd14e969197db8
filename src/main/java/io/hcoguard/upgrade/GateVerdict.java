package io.hcoguard.upgrade;

import io.hcoguard.admission.Decision;
import java.util.Objects;

/** The gate's answer: the decision for the AdmissionReview and the outcome for metrics. */
public record GateVerdict(Decision decision, GateOutcome outcome) {

    public GateVerdict {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(outcome, "outcome");
    }
}
