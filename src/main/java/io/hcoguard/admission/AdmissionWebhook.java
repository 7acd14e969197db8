package io.hcoguard.admission;

/** One admission webhook path: request in, decision out. Implementations hold no HTTP concerns. */
public interface AdmissionWebhook {

    /** Short name used in metrics and logs, e.g. "validate-upgrade". */
    String name();

    Decision decide(AdmissionInput input);
}
