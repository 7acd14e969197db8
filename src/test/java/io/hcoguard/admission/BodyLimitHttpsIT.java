package io.hcoguard.admission;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link BodyLimitHttpsTest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class BodyLimitHttpsIT extends BodyLimitHttpsTest {
}
