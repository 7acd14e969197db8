package io.hcoguard.e2e;

import static io.restassured.RestAssured.given;

import io.hcoguard.inventory.ClusterWatches;
import io.hcoguard.inventory.WatchedKind;
import io.restassured.response.ValidatableResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The app's health probes and metrics, on the management port {@link #choose()} gives every app
 * under test in this JVM (one runs at a time, as with the webhook port). The port lives in a system
 * property rather than in the app's configuration: an integration test's configuration is visible
 * only to the test's own thread, and conditions are polled from others; and Quarkus asks a test
 * profile for its overrides more than once per start.
 */
public final class ManagementPort {

    private static final String CHOSEN = "hco-guard.e2e.management-port";

    private ManagementPort() {
    }

    /**
     * The JVM's management port for the apps under test, as configuration: the test key for an app in
     * this JVM ({@code @QuarkusTest}), the plain one for an app in its own process (the native executable).
     */
    static Map<String, String> choose() {
        if (System.getProperty(CHOSEN) == null) {
            System.setProperty(CHOSEN, Integer.toString(ControlPlane.freePort()));
        }
        String port = System.getProperty(CHOSEN);
        return Map.of("quarkus.management.test-port", port, "quarkus.management.port", port);
    }

    /** GET {@code /q/health/<probe>}: "live", "ready" or "started". */
    static ValidatableResponse health(String probe) {
        return get("/q/health/" + probe);
    }

    static int healthStatus(String probe) {
        return health(probe).extract().statusCode();
    }

    /** The value of one sample on {@code /q/metrics}, named as Prometheus shows it: {@code name{label="value",...}}. */
    static double metric(String sample) {
        String body = get("/q/metrics").statusCode(200).extract().asString();
        return body.lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + sample + " on /q/metrics"));
    }

    /**
     * The cluster-view readiness check's data when every watch is in {@code state} ("synced",
     * "syncing", ...): one entry per watched kind and one for the CRD watch, none missing.
     */
    static Map<String, String> everyWatch(String state) {
        return Stream.concat(Arrays.stream(WatchedKind.values()).map(WatchedKind::kind), Stream.of(ClusterWatches.CRDS))
                .collect(Collectors.toMap(kind -> kind, kind -> state));
    }

    /** GET of a path on the management port. */
    public static ValidatableResponse get(String path) {
        return given().baseUri("http://127.0.0.1").port(Integer.getInteger(CHOSEN)).get(path).then();
    }
}
