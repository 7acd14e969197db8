package io.hcoguard.tls;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TlsMinimumHttpsTest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class TlsMinimumHttpsIT extends TlsMinimumHttpsTest {
}
