package io.hcoguard.e2e;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OpenShiftSurfacesE2ETest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class OpenShiftSurfacesE2EIT extends OpenShiftSurfacesE2ETest {
}
