package io.hcoguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hcoguard.inventory.ClusterView;
import io.hcoguard.inventory.WatchState;
import io.hcoguard.inventory.WatchedKind;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.progress.DrainWatch;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.OpenShiftAssertions;
import io.hcoguard.upgrade.ReadinessReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import java.util.Map;

/** The app's own beans, for a {@code @QuarkusTest} that runs in the app's JVM. */
final class InProcessAppView implements AppView {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean synced() {
        return view().synced();
    }

    @Override
    public JsonNode report() {
        VerdictSnapshot snapshot = view().verdicts();
        return JSON.valueToTree(ReadinessReport.of(snapshot, Arc.container().instance(GatePolicy.class).get(),
                Arc.container().instance(DrainWatch.class).get().draining(snapshot))
                .withOpenShift(Arc.container().instance(OpenShiftAssertions.class).get().current()));
    }

    @Override
    public int runningVmis() {
        return view().runningVmis();
    }

    @Override
    public Map<WatchedKind, WatchState> watchState() {
        return view().watchState();
    }

    @Override
    public WatchState crdWatchState() {
        return view().crdWatchState();
    }

    @Override
    public int size(WatchedKind kind) {
        return view().size(kind);
    }

    @Override
    public double meter(String name, String... tags) {
        return Arc.container().instance(MeterRegistry.class).get().get(name).tags(tags).meter().measure().iterator().next()
                .getValue();
    }

    @Override
    public double counter(String name, String... tags) {
        return meter(name, tags);
    }

    /** The full comparison: every verdict, count and object, index against index. */
    @Override
    public String comparedWithFreshList() {
        return view().compareWithFreshList().describe();
    }

    private static ClusterView view() {
        return Arc.container().instance(ClusterView.class).get();
    }
}
