package io.hcoguard.e2e;

import io.hcoguard.inventory.WatchedKind;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.List;
import java.util.Map;

/**
 * What a test reads of the app beyond its answers: the cluster view kept by the watches, and the
 * meters. A {@code @QuarkusTest} reads them in process; the same test run as a
 * {@code @QuarkusIntegrationTest} (the native executable, its own process) reads them where an
 * operator would: {@code GET /upgrade-readiness}, {@code /q/health/ready} and {@code /q/metrics}.
 */
public interface AppView {

    /** The view for this test instance: in process, or over HTTP for an integration test. */
    static AppView of(Object test) {
        return test.getClass().isAnnotationPresent(QuarkusIntegrationTest.class) ? new HttpAppView() : new InProcessAppView();
    }

    /** Every watch has synced and is watching. */
    boolean synced();

    /** The blocking VMIs, sorted by namespace and name. */
    List<SeenBlocker> blockers();

    /** "namespace/name" of each blocking VMI, sorted. */
    default List<String> blockingVmis() {
        return blockers().stream().map(SeenBlocker::vmiRef).toList();
    }

    int runningVmis();

    /** Each watch's state: "synced", "syncing", "absent" (no CRD), ... */
    Map<WatchedKind, String> watchState();

    /** Objects of the kind in the view. */
    int size(WatchedKind kind);

    /** The value of a counter or gauge, with the given tags (name, value, name, value...). */
    double meter(String name, String... tags);
}
