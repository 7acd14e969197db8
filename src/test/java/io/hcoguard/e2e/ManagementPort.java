package io.hcoguard.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.ConfigProvider;

/** The app's health probes, on the management port a test profile fixed with {@code quarkus.management.test-port}. */
final class ManagementPort {

    private ManagementPort() {
    }

    /** GET {@code /q/health/<probe>}: "live", "ready" or "started". */
    static ValidatableResponse health(String probe) {
        return given().baseUri("http://127.0.0.1").port(port()).get("/q/health/" + probe).then();
    }

    static int healthStatus(String probe) {
        return health(probe).extract().statusCode();
    }

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
