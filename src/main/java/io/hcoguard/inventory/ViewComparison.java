package io.hcoguard.inventory;

import io.hcoguard.migratability.Blocker;
import io.hcoguard.upgrade.BlockerSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The debug check that the watched view is what a fresh list computes (after a relist, a stale or
 * broken watch, a 410 Gone, an API server restart): the running VMIs, the blockers with their
 * outcomes, the counts behind the HyperConverged warnings and the objects of each kind, from the
 * live index against a fresh index filled by a one-off full list ({@link ClusterListing}). For
 * tests and debugging; never per request: the list is a full read of the cluster.
 *
 * @param differences one line each, empty when the two agree
 */
public record ViewComparison(List<String> differences) {

    public ViewComparison {
        differences = List.copyOf(differences);
    }

    public static ViewComparison between(ClusterIndex watched, ClusterIndex listed) {
        List<String> differences = new ArrayList<>();
        for (WatchedKind kind : WatchedKind.values()) {
            compare(differences, kind.kind() + " objects", watched.size(kind), listed.size(kind));
        }
        BlockerSnapshot fromWatches = watched.blockers(true);
        BlockerSnapshot fromList = listed.blockers(true);
        compare(differences, "running VMIs", fromWatches.runningVmis(), fromList.runningVmis());
        onlyIn(differences, "watched", fromWatches.blockers(), fromList.blockers());
        onlyIn(differences, "listed", fromList.blockers(), fromWatches.blockers());
        compare(differences, "running workloads", watched.runningWorkloads(), listed.runningWorkloads());
        return new ViewComparison(differences);
    }

    public boolean consistent() {
        return differences.isEmpty();
    }

    /** "consistent", or every difference on its own line. */
    public String describe() {
        return consistent() ? "consistent" : String.join("\n", differences);
    }

    private static void compare(List<String> differences, String what, Object watched, Object listed) {
        if (!watched.equals(listed)) {
            differences.add(what + ": watched " + watched + ", listed " + listed);
        }
    }

    /** Blockers (with their outcome, reasons and strategies) one side has and the other has not, exactly equal. */
    private static void onlyIn(List<String> differences, String side, List<Blocker> these, List<Blocker> others) {
        Set<Blocker> extra = new LinkedHashSet<>(these);
        others.forEach(extra::remove);
        extra.forEach(blocker -> differences.add("blocker only " + side + ": " + blocker.describe() + " [" + blocker.impact() + "]"));
    }
}
