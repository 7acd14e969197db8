package io.hcoguard.e2e;

import io.hcoguard.inventory.ClusterView;
import io.hcoguard.inventory.WatchedKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import java.util.List;
import java.util.Map;

/** The app's own beans, for a {@code @QuarkusTest} that runs in the app's JVM. */
final class InProcessAppView implements AppView {

    @Override
    public boolean synced() {
        return view().synced();
    }

    @Override
    public List<SeenBlocker> blockers() {
        return view().blockers().blockers().stream().map(SeenBlocker::of).toList();
    }

    @Override
    public int runningVmis() {
        return view().blockers().runningVmis();
    }

    @Override
    public Map<WatchedKind, String> watchState() {
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
