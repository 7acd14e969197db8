package io.hcoguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hcoguard.inventory.ClusterView;
import io.hcoguard.inventory.WatchState;
import io.hcoguard.inventory.WatchedKind;
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
        return JSON.valueToTree(ReadinessReport.of(view().verdicts(), Arc.container().instance(GatePolicy.class).get())
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
    public int size(WatchedKind kind) {
        return view().size(kind);
    }

    @Override
    public double meter(String name, String... tags) {
        return Arc.container().instance(MeterRegistry.class).get().get(name).tags(tags).meter().measure().iterator().next()
                .getValue();
    }

    private static ClusterView view() {
        return Arc.container().instance(ClusterView.class).get();
    }
}
