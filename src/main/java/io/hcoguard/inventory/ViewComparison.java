package io.hcoguard.inventory;

import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The debug check that the watched view is what a fresh list computes (after a relist, a stale or
 * broken watch, a 410 Gone, an API server restart): every running VMI's verdict (both outcomes, the
 * facts and reasons behind them), the counts per outcome, the cluster settings and the objects of
 * each kind, from the
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
        // One published view of each side: the counts and the verdicts of the same moment.
        ClusterIndex.Published watchedView = watched.published();
        ClusterIndex.Published listedView = listed.published();
        List<String> differences = new ArrayList<>();
        for (WatchedKind kind : WatchedKind.values()) {
            compare(differences, kind.kind() + " objects", watchedView.sizes().get(kind), listedView.sizes().get(kind));
        }
        VerdictSnapshot fromWatches = watchedView.verdicts();
        VerdictSnapshot fromList = listedView.verdicts();
        compare(differences, "running VMIs", fromWatches.runningVmis(), fromList.runningVmis());
        compare(differences, "cluster settings", fromWatches.settings(), fromList.settings());
        for (DrainOutcome outcome : DrainOutcome.values()) {
            compare(differences, "VMIs with drain outcome " + outcome, fromWatches.count(outcome), fromList.count(outcome));
        }
        for (WorkloadUpdateOutcome outcome : WorkloadUpdateOutcome.values()) {
            compare(differences, "VMIs with workload-update outcome " + outcome, fromWatches.count(outcome),
                    fromList.count(outcome));
        }
        onlyIn(differences, "watched", fromWatches.running(), fromList.running());
        onlyIn(differences, "listed", fromList.running(), fromWatches.running());
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

    /** Verdicts (facts, strategy, both outcomes) one side has and the other has not, exactly equal. */
    private static void onlyIn(List<String> differences, String side, List<VmiVerdict> these, List<VmiVerdict> others) {
        Set<VmiVerdict> extra = new LinkedHashSet<>(these);
        others.forEach(extra::remove);
        extra.forEach(verdict -> differences.add("verdict only " + side + ": " + verdict.title() + " drain "
                + verdict.drain().outcome() + ", update " + verdict.update().outcome()));
    }
}
