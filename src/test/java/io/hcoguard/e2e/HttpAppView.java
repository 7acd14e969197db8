package io.hcoguard.e2e;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hcoguard.inventory.WatchState;
import io.hcoguard.inventory.WatchedKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The app seen from outside, as an operator sees it: the readiness report (with a service account
 * token the app checks by TokenReview and SubjectAccessReview), the readiness probe and the
 * Prometheus metrics. For a test of the native executable, which runs in its own process.
 */
final class HttpAppView implements AppView {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String token;

    @Override
    public boolean synced() {
        return meter("hco_guard_cluster_view_synced") == 1;
    }

    @Override
    public JsonNode report() {
        String body = given().relaxedHTTPSValidation().auth().oauth2(token()).get("/upgrade-readiness")
                .then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("GET /upgrade-readiness is not JSON: " + body, e);
        }
    }

    @Override
    public int runningVmis() {
        return (int) meter("hco_guard_running_vmis");
    }

    @Override
    public Map<WatchedKind, WatchState> watchState() {
        Map<String, String> data = ManagementPort.health("group/cluster-view").extract().jsonPath()
                .getMap("checks.find { it.name == 'cluster-view' }.data");
        Map<WatchedKind, WatchState> state = new EnumMap<>(WatchedKind.class);
        for (WatchedKind kind : WatchedKind.values()) {
            for (WatchState known : WatchState.values()) {
                if (known.toString().equals(data.get(kind.kind()))) {
                    state.put(kind, known);
                }
            }
        }
        return state;
    }

    @Override
    public int size(WatchedKind kind) {
        return (int) meter("hco_guard_watched_objects", "kind", kind.kind());
    }

    @Override
    public double meter(String name, String... tags) {
        String scraped = ManagementPort.get("/q/metrics").statusCode(200).extract().asString();
        List<Double> values = PrometheusText.parse(scraped).stream()
                .filter(sample -> sample.name().equals(name) && sample.has(tags))
                .map(PrometheusText.Sample::value)
                .toList();
        if (values.size() != 1) {
            throw new AssertionError("expected one sample of " + name + " " + List.of(tags) + " in /q/metrics, found " + values);
        }
        return values.get(0);
    }

    /** One token for the whole run: the app remembers its review for a while, so polling costs no API call. */
    private static synchronized String token() {
        if (token == null) {
            token = ServiceAccountTokens.token(ControlPlane.admin(), "default", "app-view", true);
        }
        return token;
    }
}
