package io.hcoguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.hcoguard.inventory.WatchState;
import io.hcoguard.inventory.WatchedKind;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.Map;

/**
 * What a test reads of the app beyond its answers: the readiness report, the watches, the meters. A
 * {@code @QuarkusTest} reads them in process (the report built from the cluster view as the endpoint
 * builds it); the same test run as a {@code @QuarkusIntegrationTest} (the native executable, its own
 * process) reads them where an operator would: {@code GET /upgrade-readiness}, {@code /q/health/group/cluster-view}
 * and {@code /q/metrics}.
 */
public interface AppView {

    /** The view for this test instance: in process, or over HTTP for an integration test. */
    static AppView of(Object test) {
        return test.getClass().isAnnotationPresent(QuarkusIntegrationTest.class) ? new HttpAppView() : new InProcessAppView();
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

    /** Objects of the kind in the view. */
    int size(WatchedKind kind);

    /** The value of a counter or gauge, with the given tags (name, value, name, value...). */
    double meter(String name, String... tags);
}
