package io.hcoguard.e2e;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SilentPartitionE2ETest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class SilentPartitionE2EIT extends SilentPartitionE2ETest {
}
