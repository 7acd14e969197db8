package io.hcoguard.e2e;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * Declares the real control plane as a global test resource: every @QuarkusTest runs against the
 * same kube-apiserver, and the application under test is registered as its admission webhook.
 */
@QuarkusTestResource(ControlPlane.class)
public final class WithControlPlane {
    private WithControlPlane() {
    }
}
