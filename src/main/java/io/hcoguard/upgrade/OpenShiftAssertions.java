package io.hcoguard.upgrade;

/**
 * What hco-guard asserts on OpenShift's own surfaces right now, for the readiness report. Kept
 * here, implemented by io.hcoguard.openshift, so the report does not depend on the writer.
 */
public interface OpenShiftAssertions {

    ReadinessReport.OpenShift current();
}
