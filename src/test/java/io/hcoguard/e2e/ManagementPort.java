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

    /** The value of one sample on {@code /q/metrics}, named as Prometheus shows it: {@code name{label="value",...}}. */
    static double metric(String sample) {
        String body = given().baseUri("http://127.0.0.1").port(port()).get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + sample + " on /q/metrics"));
    }

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
