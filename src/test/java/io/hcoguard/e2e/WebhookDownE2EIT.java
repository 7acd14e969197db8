package io.hcoguard.e2e;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link WebhookDownE2ETest} against the packaged app in its own process: the native executable in hack/test.sh native. */
@QuarkusIntegrationTest
class WebhookDownE2EIT extends WebhookDownE2ETest {
}
