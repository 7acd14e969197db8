package io.hcoguard.tls;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TlsVersionsHttpsTest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class TlsVersionsHttpsIT extends TlsVersionsHttpsTest {
}
