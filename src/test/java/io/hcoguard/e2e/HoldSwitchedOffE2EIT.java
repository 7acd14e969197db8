package io.hcoguard.e2e;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HoldSwitchedOffE2ETest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class HoldSwitchedOffE2EIT extends HoldSwitchedOffE2ETest {
}
