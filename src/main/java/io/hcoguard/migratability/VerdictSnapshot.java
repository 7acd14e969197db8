package io.hcoguard.migratability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The verdict on every running VMI, as the cluster view holds it: built once after a change (not
 * per request), so a gate decision reads counts and short lists without work.
 *
 * @param synced every watch the view rests on is current
 * @param running every running VMI's verdict, sorted by node, namespace and name
 * @param settings the cluster settings the verdicts were judged under
 * @param lastChange when a verdict (or the synced flag) last changed
 */
public record VerdictSnapshot(
        boolean synced, List<VmiVerdict> running, ClusterSettings settings, WorkloadForecast forecast, Instant lastChange,
        Map<DrainOutcome, List<VmiVerdict>> byDrain, Map<WorkloadUpdateOutcome, List<VmiVerdict>> byUpdate) {

    public VerdictSnapshot {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(lastChange, "lastChange");
    }

    public static VerdictSnapshot of(boolean synced, List<VmiVerdict> verdicts, ClusterSettings settings, Instant lastChange) {
        List<VmiVerdict> sorted = new ArrayList<>(verdicts);
        sorted.sort((a, b) -> VmiFacts.BY_NODE_AND_NAME.compare(a.vmi(), b.vmi()));
        Map<DrainOutcome, List<VmiVerdict>> byDrain = new EnumMap<>(DrainOutcome.class);
        Map<WorkloadUpdateOutcome, List<VmiVerdict>> byUpdate = new EnumMap<>(WorkloadUpdateOutcome.class);
        for (DrainOutcome outcome : DrainOutcome.values()) {
            byDrain.put(outcome, new ArrayList<>());
        }
        for (WorkloadUpdateOutcome outcome : WorkloadUpdateOutcome.values()) {
            byUpdate.put(outcome, new ArrayList<>());
        }
        for (VmiVerdict verdict : sorted) {
            byDrain.get(verdict.drain().outcome()).add(verdict);
            byUpdate.get(verdict.update().outcome()).add(verdict);
        }
        byDrain.replaceAll((outcome, list) -> List.copyOf(list));
        byUpdate.replaceAll((outcome, list) -> List.copyOf(list));
        return new VerdictSnapshot(synced, List.copyOf(sorted), settings, WorkloadForecast.of(sorted), lastChange,
                Collections.unmodifiableMap(byDrain), Collections.unmodifiableMap(byUpdate));
    }

    /** The view before the watches have synced: nothing can be verified. */
    public static VerdictSnapshot notSynced(Instant since) {
        return of(false, List.of(), ClusterSettings.DEFAULTS, since);
    }

    /** The same verdicts, qualified by whether the watches are current now. */
    public VerdictSnapshot withSynced(boolean value) {
        return value == synced ? this
                : new VerdictSnapshot(value, running, settings, forecast, lastChange, byDrain, byUpdate);
    }

    public int count(DrainOutcome outcome) {
        return byDrain.get(outcome).size();
    }

    public int count(WorkloadUpdateOutcome outcome) {
        return byUpdate.get(outcome).size();
    }

    /** The VMIs with any of these drain outcomes, by node, namespace and name. */
    public List<VmiVerdict> withDrain(Set<DrainOutcome> outcomes) {
        List<VmiVerdict> found = new ArrayList<>();
        for (DrainOutcome outcome : outcomes) {
            found.addAll(byDrain.get(outcome));
        }
        found.sort((a, b) -> VmiFacts.BY_NODE_AND_NAME.compare(a.vmi(), b.vmi()));
        return found;
    }

    public List<VmiVerdict> withUpdate(WorkloadUpdateOutcome outcome) {
        return byUpdate.get(outcome);
    }
}
