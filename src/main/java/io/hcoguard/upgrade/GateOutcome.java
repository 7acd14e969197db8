package io.hcoguard.upgrade;

/** How the gate ended, for metrics and logs (the adapter counts decisions by kind and outcome). */
public enum GateOutcome {
    /** A gated request, nothing blocks. */
    ALLOWED,
    /** A gated request, running VMIs block it. */
    DENIED_BLOCKERS,
    /** A gated request, the cluster view is not synced and the gate fails closed. */
    DENIED_NOT_SYNCED,
    /** A gated request let through by the override annotation of a permitted user. */
    OVERRIDDEN,
    /** The override annotation was used by someone not permitted, or without a reason. */
    OVERRIDE_REFUSED,
    /** A ClusterVersion update with {@code force: true} let through despite blockers. */
    FORCED,
    /** A gated request let through unverified: not synced and the gate fails open. */
    ALLOWED_NOT_SYNCED,
    /** A request the gate does not judge (other edits, Subscriptions, which may carry warnings). */
    NOT_GATED,
    /** A kind the webhook should never have been sent. */
    UNEXPECTED_KIND
}
