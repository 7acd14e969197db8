package io.hcoguard.e2e;

import io.hcoguard.config.DefaultConfig;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.inventory.ClusterIndex;
import io.hcoguard.inventory.ClusterListing;
import io.hcoguard.inventory.ClusterWatches;
import io.hcoguard.inventory.WatchState;
import io.hcoguard.inventory.WatchedKind;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.ReadinessReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The app seen from outside, as an operator sees it: the readiness report (with a service account
 * token the app checks by TokenReview and SubjectAccessReview), the readiness probe and the
 * Prometheus metrics. For a test of the native executable, which runs in its own process.
 */
final class HttpAppView implements AppView {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tokens live 10 minutes; a fresh one well before that, so that a long run never reads with an expired one. */
    private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(5);
    /** Per API server (its URL): the app remembers a token's review for a while, so polling costs no API call. */
    private static final Map<String, Token> TOKENS = new ConcurrentHashMap<>();

    private record Token(String value, Instant issued) {
    }

    private final Supplier<KubernetesClient> cluster;

    HttpAppView(Supplier<KubernetesClient> cluster) {
        this.cluster = cluster;
    }

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
        Map<String, String> data = clusterViewData();
        Map<WatchedKind, WatchState> state = new EnumMap<>(WatchedKind.class);
        for (WatchedKind kind : WatchedKind.values()) {
            parse(data.get(kind.kind())).ifPresent(known -> state.put(kind, known));
        }
        return state;
    }

    @Override
    public WatchState crdWatchState() {
        String text = clusterViewData().get(ClusterWatches.CRDS);
        return parse(text).orElseThrow(() -> new AssertionError("no CRD watch state in the cluster-view health data, got " + text));
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

    @Override
    public double counter(String name, String... tags) {
        return meter(name + "_total", tags);
    }

    /**
     * What an operator can see of the view against a fresh list made here through the test's own
     * client: objects per kind (the metrics), the cluster settings and every running VMI with its
     * outcomes and reasons (the report, judged here as the app judges it, with the default policies
     * the tests run the app with).
     */
    @Override
    public String comparedWithFreshList() {
        ClusterListing.Result result = ClusterListing.fromCluster(cluster.get(), DefaultConfig.migratabilityPolicy(), Clock.systemUTC(),
                progress -> { });
        if (result instanceof ClusterListing.Failed failed) {
            throw new AssertionError("cannot list the cluster: " + failed.reason());
        }
        ClusterIndex listed = ((ClusterListing.Listed) result).index();
        List<String> differences = new ArrayList<>();
        for (WatchedKind kind : WatchedKind.values()) {
            int seen = size(kind);
            if (seen != listed.size(kind)) {
                differences.add(kind.kind() + " objects: watched " + seen + ", listed " + listed.size(kind));
            }
        }
        JsonNode watched = report();
        JsonNode fresh = JSON.valueToTree(ReadinessReport.of(listed.verdicts(true), GatePolicy.defaults()));
        if (!watched.path("settings").equals(fresh.path("settings"))) {
            differences.add("cluster settings: watched " + watched.path("settings") + ", listed " + fresh.path("settings"));
        }
        differences.addAll(only("watched", ReportedVmi.of(watched), ReportedVmi.of(fresh)));
        differences.addAll(only("listed", ReportedVmi.of(fresh), ReportedVmi.of(watched)));
        return differences.isEmpty() ? "consistent" : String.join("\n", differences);
    }

    private static List<String> only(String side, List<ReportedVmi> these, List<ReportedVmi> others) {
        return these.stream().filter(vmi -> !others.contains(vmi)).map(vmi -> "VMI only " + side + ": " + vmi).toList();
    }

    /** The view's state: the health group cluster-view, not readiness, which means "can answer". */
    private static Map<String, String> clusterViewData() {
        return ManagementPort.health("group/cluster-view").extract().jsonPath().getMap("checks.find { it.name == 'cluster-view' }.data");
    }

    private static Optional<WatchState> parse(String text) {
        for (WatchState known : WatchState.values()) {
            if (known.toString().equals(text)) {
                return Optional.of(known);
            }
        }
        return Optional.empty();
    }

    private String token() {
        KubernetesClient admin = cluster.get();
        return TOKENS.compute(admin.getMasterUrl().toString(), (server, token) ->
                token != null && Duration.between(token.issued(), Instant.now()).compareTo(TOKEN_RENEWAL) < 0 ? token
                        : new Token(ServiceAccountTokens.token(admin, "default", "app-view", true), Instant.now())).value();
    }
}
