package io.hcoguard.migratability;

import io.hcoguard.drain.NodeTopology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The verdict on every running VMI, as the cluster view holds it: built once after a change (not
 * per request). Building it is one pass that sorts nothing; what a gate decision reads (the counts,
 * the few blockers of one outcome, by node) is ready or sorted once on first use, and what only the
 * report and the HyperConverged warnings read (every VMI by node, the forecast) is computed on
 * first use and shared by every later reader of the same snapshot. Finished VMIs whose completed
 * launcher pod stalls a drain ({@link FinishedVmiEviction}) are kept apart: they are no running VMI and
 * have no workload-update outcome, but the drain outcome lists of each node include them.
 */
public final class VerdictSnapshot {

    private static final Comparator<VmiVerdict> BY_NODE_AND_NAME =
            (a, b) -> VmiFacts.BY_NODE_AND_NAME.compare(a.vmi(), b.vmi());

    private final boolean synced;
    private final ClusterSettings settings;
    private final NodeTopology topology;
    private final Instant lastChange;
    private final List<VmiVerdict> verdicts;
    private final Map<DrainOutcome, Memo<List<VmiVerdict>>> byDrain;
    private final Map<WorkloadUpdateOutcome, Memo<List<VmiVerdict>>> byUpdate;
    private final Memo<List<VmiVerdict>> running;
    private final Memo<List<VmiVerdict>> finished;
    private final Memo<WorkloadForecast> forecast;

    private VerdictSnapshot(boolean synced, VerdictSnapshot same) {
        this.synced = synced;
        this.settings = same.settings;
        this.topology = same.topology;
        this.lastChange = same.lastChange;
        this.verdicts = same.verdicts;
        this.byDrain = same.byDrain;
        this.byUpdate = same.byUpdate;
        this.running = same.running;
        this.finished = same.finished;
        this.forecast = same.forecast;
    }

    private VerdictSnapshot(boolean synced, List<VmiVerdict> verdicts, List<VmiVerdict> finished, ClusterSettings settings,
            NodeTopology topology, Instant lastChange) {
        this.synced = synced;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.lastChange = Objects.requireNonNull(lastChange, "lastChange");
        this.verdicts = List.copyOf(verdicts);
        Map<DrainOutcome, List<VmiVerdict>> drains = new EnumMap<>(DrainOutcome.class);
        Map<WorkloadUpdateOutcome, List<VmiVerdict>> updates = new EnumMap<>(WorkloadUpdateOutcome.class);
        for (VmiVerdict verdict : this.verdicts) {
            drains.computeIfAbsent(verdict.drain().outcome(), o -> new ArrayList<>()).add(verdict);
            updates.computeIfAbsent(verdict.update().outcome(), o -> new ArrayList<>()).add(verdict);
        }
        this.byDrain = new EnumMap<>(DrainOutcome.class);
        for (DrainOutcome outcome : DrainOutcome.values()) {
            byDrain.put(outcome, Memo.sorted(drains.getOrDefault(outcome, List.of())));
        }
        this.byUpdate = new EnumMap<>(WorkloadUpdateOutcome.class);
        for (WorkloadUpdateOutcome outcome : WorkloadUpdateOutcome.values()) {
            byUpdate.put(outcome, Memo.sorted(updates.getOrDefault(outcome, List.of())));
        }
        this.running = Memo.sorted(this.verdicts);
        this.finished = Memo.sorted(List.copyOf(finished));
        this.forecast = new Memo<>(() -> WorkloadForecast.of(this.verdicts));
    }

    /**
     * @param synced every watch the view rests on is current
     * @param settings the cluster settings the verdicts were judged under
     * @param lastChange when a verdict (or the synced flag) last changed
     */
    public static VerdictSnapshot of(boolean synced, List<VmiVerdict> verdicts, ClusterSettings settings, Instant lastChange) {
        return new VerdictSnapshot(synced, verdicts, List.of(), settings, NodeTopology.UNKNOWN, lastChange);
    }

    /** @param topology the nodes, pools and the rest that decide which nodes an operation drains */
    public static VerdictSnapshot of(boolean synced, List<VmiVerdict> verdicts, ClusterSettings settings,
            NodeTopology topology, Instant lastChange) {
        return new VerdictSnapshot(synced, verdicts, List.of(), settings, topology, lastChange);
    }

    /** @param finished the verdicts on finished VMIs that stall the drain of their node */
    public static VerdictSnapshot of(boolean synced, List<VmiVerdict> verdicts, List<VmiVerdict> finished,
            ClusterSettings settings, NodeTopology topology, Instant lastChange) {
        return new VerdictSnapshot(synced, verdicts, finished, settings, topology, lastChange);
    }

    /** The view before the watches have synced: nothing can be verified. */
    public static VerdictSnapshot notSynced(Instant since) {
        return of(false, List.of(), ClusterSettings.DEFAULTS, NodeTopology.UNKNOWN, since);
    }

    /** The same verdicts, qualified by whether the watches are current now; shares every computed part. */
    public VerdictSnapshot withSynced(boolean value) {
        return value == synced ? this : new VerdictSnapshot(value, this);
    }

    public boolean synced() {
        return synced;
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** The nodes and pools the verdicts were judged with (placement) and operations are scoped by. */
    public NodeTopology topology() {
        return topology;
    }

    public Instant lastChange() {
        return lastChange;
    }

    /** Every running VMI's verdict, sorted by node, namespace and name. */
    public List<VmiVerdict> running() {
        return running.get();
    }

    public int runningVmis() {
        return verdicts.size();
    }

    /** The finished VMIs whose completed launcher pod stalls the drain of their node, sorted by node, namespace and name. */
    public List<VmiVerdict> finished() {
        return finished.get();
    }

    /** What other cluster settings would do to these VMIs (the HyperConverged warnings read it). */
    public WorkloadForecast forecast() {
        return forecast.get();
    }

    public int count(DrainOutcome outcome) {
        return byDrain.get(outcome).size();
    }

    public int count(WorkloadUpdateOutcome outcome) {
        return byUpdate.get(outcome).size();
    }

    /** The VMIs, running or finished, with any of these drain outcomes, by node, namespace and name. */
    public List<VmiVerdict> withDrain(Set<DrainOutcome> outcomes) {
        List<VmiVerdict> finishedWith = finished.size() == 0 ? List.of()
                : finished.get().stream().filter(verdict -> outcomes.contains(verdict.drain().outcome())).toList();
        if (outcomes.size() == 1 && finishedWith.isEmpty()) {
            return byDrain.get(outcomes.iterator().next()).get();
        }
        List<VmiVerdict> found = new ArrayList<>();
        for (DrainOutcome outcome : outcomes) {
            found.addAll(byDrain.get(outcome).get());
        }
        found.addAll(finishedWith);
        found.sort(BY_NODE_AND_NAME);
        return List.copyOf(found);
    }

    /** The VMIs, running or finished, with any of these drain outcomes on the nodes {@code onNode} accepts, by node, namespace and name. */
    public List<VmiVerdict> withDrain(Set<DrainOutcome> outcomes, Predicate<String> onNode) {
        return withDrain(outcomes).stream().filter(verdict -> onNode.test(verdict.vmi().node())).toList();
    }

    /** The running VMIs on the nodes {@code onNode} accepts, by node, namespace and name. */
    public List<VmiVerdict> runningOn(Predicate<String> onNode) {
        return running().stream().filter(verdict -> onNode.test(verdict.vmi().node())).toList();
    }

    /** The VMIs with this workload-update outcome, by node, namespace and name. */
    public List<VmiVerdict> withUpdate(WorkloadUpdateOutcome outcome) {
        return byUpdate.get(outcome).get();
    }

    /** A value computed once, on first use, by whichever reader comes first. */
    private static final class Memo<T> {
        private final Supplier<T> compute;
        private final int size;
        private volatile T value;

        Memo(Supplier<T> compute) {
            this(compute, -1);
        }

        private Memo(Supplier<T> compute, int size) {
            this.compute = compute;
            this.size = size;
        }

        static Memo<List<VmiVerdict>> sorted(List<VmiVerdict> unsorted) {
            return new Memo<>(() -> {
                List<VmiVerdict> sorted = new ArrayList<>(unsorted);
                sorted.sort(BY_NODE_AND_NAME);
                return List.copyOf(sorted);
            }, unsorted.size());
        }

        /** The size of the list, known without sorting it. */
        int size() {
            return size;
        }

        T get() {
            T current = value;
            if (current == null) {
                synchronized (this) {
                    current = value;
                    if (current == null) {
                        current = compute.get();
                        value = current;
                    }
                }
            }
            return current;
        }
    }
}
