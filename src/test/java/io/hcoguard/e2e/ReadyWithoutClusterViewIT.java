package io.hcoguard.e2e;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ReadyWithoutClusterViewTest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class ReadyWithoutClusterViewIT extends ReadyWithoutClusterViewTest {
}
