package io.hcoguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.inventory.WatchEnd;
import io.hcoguard.inventory.WatchState;
import io.hcoguard.inventory.WatchedKind;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a test reads of the app beyond its answers: the readiness report, the watches, the meters. A
 * {@code @QuarkusTest} reads them in process (the report built from the cluster view as the endpoint
 * builds it); the same test run as a {@code @QuarkusIntegrationTest} (the native executable, its own
 * process) reads them where an operator would: {@code GET /upgrade-readiness}, {@code /q/health/group/cluster-view}
 * and {@code /q/metrics}.
 */
public interface AppView {

    /** The view for this test instance, of an app on the shared {@link ControlPlane}. */
    static AppView of(Object test) {
        return of(test, ControlPlane::admin);
    }

    /**
     * The view for this test instance: in process, or over HTTP for an integration test. {@code cluster}
     * is a cluster-admin client of the app's API server (asked for only when needed: a test resource
     * may start it after the test instance is made), for the tokens and the fresh list an HTTP view needs.
     */
    static AppView of(Object test, Supplier<KubernetesClient> cluster) {
        return test.getClass().isAnnotationPresent(QuarkusIntegrationTest.class) ? new HttpAppView(cluster) : new InProcessAppView();
    }

    /** Every watch has synced and is watching. */
    boolean synced();

    /** The readiness report, as {@code GET /upgrade-readiness} writes it. */
    JsonNode report();

    /** Every running VMI the report lists. */
    default List<ReportedVmi> vmis() {
        return ReportedVmi.of(report());
    }

    /** "namespace/name" of the running VMIs that block a cluster upgrade, as the gate sees them. */
    default List<String> clusterBlockers() {
        return vmis().stream().filter(v -> v.blocks().contains("cluster")).map(ReportedVmi::ref).toList();
    }

    /** The cluster settings the verdicts rest on ({@code settings} of the report). */
    default JsonNode settings() {
        return report().path("settings");
    }

    int runningVmis();

    /** Each watch's state: synced, syncing, absent (no CRD), stale, ... */
    Map<WatchedKind, WatchState> watchState();

    /** The CRD watch's state, through which custom kinds are watched or known absent. */
    WatchState crdWatchState();

    /** Objects of the kind in the view. */
    int size(WatchedKind kind);

    /** The value of a counter or gauge, with the given tags (name, value, name, value...). */
    double meter(String name, String... tags);

    /** The value of a counter, named as the app registers it (Prometheus shows it with {@code _total}). */
    double counter(String name, String... tags);

    /** Watch requests of the kind that ended and were made again for this cause, since the app started. */
    default long reestablished(WatchedKind kind, WatchEnd cause) {
        return (long) counter("hco_guard_watch_reestablished", "kind", kind.kind(), "cause", cause.name().toLowerCase(Locale.ROOT));
    }

    /**
     * "consistent" when the app's view equals what a fresh full list of the cluster computes, else each
     * difference on a line (many API calls: for tests after a fault).
     */
    String comparedWithFreshList();
}
