package io.hcoguard.upgrade;

import io.hcoguard.migratability.Blocker;
import io.hcoguard.migratability.Impact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The inventory's current view of what blocks upgrades. Built by the inventory when a blocker
 * appears, goes or changes (not per request), so judging a request reads it without work.
 *
 * @param synced every watch the view rests on has listed its objects at least once
 * @param blockers sorted by namespace, then VMI name
 * @param runningVmis running VMIs counted, blocking or not
 * @param lastChange when the set of blockers (or the synced flag) last changed
 */
public record BlockerSnapshot(boolean synced, List<Blocker> blockers, int runningVmis, Instant lastChange) {

    public BlockerSnapshot {
        List<Blocker> sorted = new ArrayList<>(blockers);
        sorted.sort(Blocker.BY_NAMESPACE_AND_NAME);
        blockers = List.copyOf(sorted);
        Objects.requireNonNull(lastChange, "lastChange");
    }

    /** The view before the watches have synced: nothing can be verified. */
    public static BlockerSnapshot notSynced(Instant since) {
        return new BlockerSnapshot(false, List.of(), 0, since);
    }

    /** Synced and nothing blocks. */
    public boolean ready() {
        return synced && blockers.isEmpty();
    }

    public int count(Impact impact) {
        int count = 0;
        for (Blocker blocker : blockers) {
            if (blocker.impact() == impact) {
                count++;
            }
        }
        return count;
    }

    /** "3 running VMIs cannot live migrate: 2 would stall node drains, 1 would be shut down for good". */
    public String blockersSummary() {
        List<String> parts = new ArrayList<>();
        for (Impact impact : Impact.values()) {
            int count = count(impact);
            if (count > 0) {
                parts.add(count + " " + impact.phrase());
            }
        }
        return runningVmis(blockers.size()) + " cannot live migrate: " + String.join(", ", parts);
    }

    static String runningVmis(int count) {
        return count + (count == 1 ? " running VMI" : " running VMIs");
    }
}
