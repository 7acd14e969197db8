package io.hcoguard.e2e;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HealthyWatchesE2ETest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class HealthyWatchesE2EIT extends HealthyWatchesE2ETest {
}
