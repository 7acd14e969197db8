package io.hcoguard.inventory;

import static io.hcoguard.inventory.WatchedKind.KUBEVIRT;
import static io.hcoguard.inventory.WatchedKind.NODE;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.hcoguard.config.DefaultConfig;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.KubeObjects;
import io.hcoguard.migratability.KubeVirtSimulation;
import io.hcoguard.migratability.NotMigratableReason;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import io.hcoguard.placement.NodeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writers on several threads (as the watches of several kinds) change VMIs, Nodes and the KubeVirt CR
 * while readers (as admission requests and metric scrapes) read the published view without the lock:
 * every view a reader sees is whole, and the last one is what a single thread makes of the same objects.
 */
class ClusterIndexConcurrencyTest {

    /** Generous: only for the threads to finish, never a measure of speed. */
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final int VMI_WRITERS = 2;
    private static final int VMIS_PER_WRITER = 12;
    private static final int VMI_WRITES = 300;
    private static final int NODE_WRITES = 120;
    private static final int SETTINGS_WRITES = 60;
    private static final int READERS = 2;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final ClusterIndex index = new ClusterIndex(DefaultConfig.migratabilityPolicy(), clock);
    private final ExecutorService threads = Executors.newFixedThreadPool(VMI_WRITERS + 2 + READERS);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void readersSeeOnlyWholeViewsWhileWritersChangeItAndTheLastEqualsOneBuiltOnOneThread() throws Exception {
        // node-a, where every VMI runs, stays; node-b and node-c come, go and change their zone.
        index.upsert(NODE, node("node-a", "db"));
        List<Writer> writers = new ArrayList<>();
        for (int w = 0; w < VMI_WRITERS; w++) {
            writers.add(new VmiWriter(w));
        }
        writers.add(new NodeWriter());
        writers.add(new SettingsWriter());

        AtomicBoolean writing = new AtomicBoolean(true);
        Queue<String> inconsistencies = new ConcurrentLinkedQueue<>();
        List<Future<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(threads.submit(() -> read(writing, inconsistencies)));
        }
        List<Future<?>> writes = new ArrayList<>();
        for (Writer writer : writers) {
            writes.add(threads.submit((Callable<Void>) () -> {
                writer.run();
                return null;
            }));
        }
        for (Future<?> write : writes) {
            write.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        }
        writing.set(false);
        for (Future<Integer> reader : readers) {
            assertThat(reader.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isPositive();
        }

        assertThat(inconsistencies).isEmpty();
        assertThat(inconsistencies(index.published())).isEmpty();
        ClusterIndex oneThread = new ClusterIndex(DefaultConfig.migratabilityPolicy(), clock);
        oneThread.upsert(NODE, node("node-a", "db"));
        writers.forEach(writer -> writer.replay(oneThread));
        assertThat(ViewComparison.between(index, oneThread).describe()).isEqualTo("consistent");
        assertThat(index.verdicts(true).running()).isEqualTo(oneThread.verdicts(true).running());
        assertThat(index.verdicts(true).topology().nodes()).isEqualTo(oneThread.verdicts(true).topology().nodes());
    }

    /** Reads views until the writers are done, and once more after; returns how many it checked. */
    private int read(AtomicBoolean writing, Queue<String> inconsistencies) {
        int views = 0;
        boolean last;
        do {
            last = !writing.get();
            ClusterIndex.Published view = index.published();
            inconsistencies.addAll(inconsistencies(view));
            // What ClusterView hands the webhooks: the same verdicts, only the synced flag differs.
            VerdictSnapshot unsynced = index.verdicts(false);
            if (unsynced.synced() || unsynced.runningVmis() != unsynced.running().size()) {
                inconsistencies.add("a view read as not synced: synced " + unsynced.synced() + ", "
                        + unsynced.runningVmis() + " running, " + unsynced.running().size() + " listed");
            }
            views++;
            Thread.yield(); // the writers are what is under test: leave them the cores
        } while (!last);
        return views;
    }

    /** What must hold within one view, whatever the writers were doing when it was published. */
    private static List<String> inconsistencies(ClusterIndex.Published view) {
        List<String> found = new ArrayList<>();
        VerdictSnapshot snapshot = view.verdicts();
        List<VmiVerdict> running = snapshot.running();
        Set<String> refs = new HashSet<>();
        running.forEach(verdict -> {
            if (!refs.add(verdict.vmi().ref())) {
                found.add(verdict.vmi().ref() + " appears twice");
            }
        });
        if (snapshot.runningVmis() != running.size()) {
            found.add("runningVmis() " + snapshot.runningVmis() + " but " + running.size() + " verdicts");
        }
        if (running.size() > view.sizes().get(VIRTUAL_MACHINE_INSTANCE)) {
            found.add(running.size() + " running of " + view.sizes().get(VIRTUAL_MACHINE_INSTANCE) + " VMIs held");
        }
        for (DrainOutcome outcome : DrainOutcome.values()) {
            List<VmiVerdict> with = running.stream().filter(v -> v.drain().outcome() == outcome).toList();
            if (snapshot.count(outcome) != with.size() || !snapshot.withDrain(Set.of(outcome)).equals(with)) {
                found.add("drain " + outcome + ": count " + snapshot.count(outcome) + ", " + with.size() + " verdicts");
            }
        }
        for (WorkloadUpdateOutcome outcome : WorkloadUpdateOutcome.values()) {
            List<VmiVerdict> with = running.stream().filter(v -> v.update().outcome() == outcome).toList();
            if (snapshot.count(outcome) != with.size() || !snapshot.withUpdate(outcome).equals(with)) {
                found.add("update " + outcome + ": count " + snapshot.count(outcome) + ", " + with.size() + " verdicts");
            }
        }
        boolean target = snapshot.topology().nodes().stream()
                .anyMatch(node -> !node.name().equals("node-a") && "db".equals(node.labels().get("zone")));
        for (VmiVerdict verdict : running) {
            // Never half re-judged: each verdict is what the view's own settings and Nodes make of its facts.
            if (!KubeVirtSimulation.judge(verdict.vmi(), snapshot.settings()).equals(verdict)) {
                found.add(verdict.vmi().ref() + " judged under other settings than " + snapshot.settings());
            }
            boolean stuck = verdict.migratability().failures().stream()
                    .anyMatch(failure -> failure.kind() == NotMigratableReason.NO_MIGRATION_TARGET);
            if (stuck == target) {
                found.add(verdict.vmi().ref() + (stuck ? " has no target though " : " has a target though no ")
                        + "other node is in zone db: " + snapshot.topology().nodes().stream().map(NodeSnapshot::name).toList());
            }
        }
        return found;
    }

    private record Written(WatchedKind kind, HasMetadata object) {
    }

    /** One watch's thread: a fixed seed, and the last thing it wrote of each object (absent once deleted). */
    private abstract class Writer {
        final Random random;
        private final Map<String, Written> last = new LinkedHashMap<>();
        /** Each object parsed once, so that the threads spend their time in the index; never shared between threads. */
        private final Map<List<String>, HasMetadata> parsed = new HashMap<>();

        Writer(long seed) {
            this.random = new Random(seed);
        }

        abstract void run();

        void upsert(WatchedKind kind, HasMetadata object) {
            index.upsert(kind, object);
            last.put(kind + " " + object.getMetadata().getName(), new Written(kind, object));
        }

        void remove(WatchedKind kind, HasMetadata object) {
            index.remove(kind, object);
            last.remove(kind + " " + object.getMetadata().getName());
        }

        HasMetadata parsed(Function<List<String>, HasMetadata> parse, String... args) {
            return parsed.computeIfAbsent(List.of(args), parse);
        }

        /** Hands what it left in the index to another, on the calling thread. */
        void replay(ClusterIndex other) {
            last.values().forEach(written -> other.upsert(written.kind(), written.object()));
        }
    }

    /** Its own VMIs: created, changed (strategy, phase), deleted and created again, one at a time or a few in a batch. */
    private final class VmiWriter extends Writer {
        private final int number;

        VmiWriter(int number) {
            super(number);
            this.number = number;
        }

        @Override
        void run() {
            for (int i = 0; i < VMI_WRITES; i++) {
                String name = "vmi-" + number + "-" + random.nextInt(VMIS_PER_WRITER);
                switch (random.nextInt(4)) {
                    case 0 -> remove(VIRTUAL_MACHINE_INSTANCE, vmi(name, "", "Running"));
                    case 1 -> index.batch(() -> {
                        // deleted and created again within one batch: a reader sees it as before or as after
                        remove(VIRTUAL_MACHINE_INSTANCE, vmi(name, "", "Running"));
                        upsert(VIRTUAL_MACHINE_INSTANCE, vmi(name, strategy(), phase()));
                    });
                    default -> upsert(VIRTUAL_MACHINE_INSTANCE, vmi(name, strategy(), phase()));
                }
            }
        }

        private HasMetadata vmi(String name, String strategy, String phase) {
            return parsed(args -> ClusterIndexConcurrencyTest.vmi(args.get(0), args.get(1), args.get(2)), name, strategy, phase);
        }

        private String strategy() {
            return List.of("LiveMigrate", "None", "").get(random.nextInt(3));
        }

        private String phase() {
            return random.nextInt(5) == 0 ? "Pending" : "Running";
        }
    }

    /** node-b and node-c: each change of a zone label re-judges every VMI. */
    private final class NodeWriter extends Writer {

        NodeWriter() {
            super(100);
        }

        @Override
        void run() {
            for (int i = 0; i < NODE_WRITES; i++) {
                String name = random.nextBoolean() ? "node-b" : "node-c";
                if (random.nextInt(4) == 0) {
                    remove(NODE, node(name, "db"));
                } else {
                    upsert(NODE, node(name, random.nextBoolean() ? "db" : "web"));
                }
            }
        }

        private HasMetadata node(String name, String zone) {
            return parsed(args -> ClusterIndexConcurrencyTest.node(args.get(0), args.get(1)), name, zone);
        }
    }

    /** The KubeVirt CR's evictionStrategy: each change re-judges every VMI that has none of its own. */
    private final class SettingsWriter extends Writer {

        SettingsWriter() {
            super(200);
        }

        @Override
        void run() {
            for (int i = 0; i < SETTINGS_WRITES; i++) {
                clock.advance(Duration.ofSeconds(1));
                String strategy = List.of("LiveMigrate", "None", "External").get(random.nextInt(3));
                upsert(KUBEVIRT, parsed(args -> kubeVirt(args.get(0)), strategy));
            }
        }
    }

    /** A standalone VMI on node-a, migratable, that requires a node in zone db; {@code strategy} "" inherits the cluster's. */
    private static HasMetadata vmi(String name, String strategy, String phase) {
        return KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {namespace: ns, name: %s}
                spec:
                  %s
                  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:
                    [{matchExpressions: [{key: zone, operator: In, values: [db]}]}]}}}
                status:
                  phase: %s
                  nodeName: node-a
                  conditions: [{type: LiveMigratable, status: "True"}]
                """.formatted(name, strategy.isEmpty() ? "" : "evictionStrategy: " + strategy, phase));
    }

    private static Node node(String name, String zone) {
        return Serialization.unmarshal("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: %1$s
                  labels: {kubernetes.io/hostname: %1$s, kubevirt.io/schedulable: "true", zone: %2$s}
                status:
                  conditions: [{type: Ready, status: "True"}]
                """.formatted(name, zone), Node.class);
    }

    private static HasMetadata kubeVirt(String evictionStrategy) {
        return KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt, name: kubevirt}
                spec: {configuration: {evictionStrategy: %s}}
                """.formatted(evictionStrategy));
    }
}
