package io.hcoguard.deploy;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CertificateRotationTest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class CertificateRotationIT extends CertificateRotationTest {
}
