package io.hcoguard.inventory;

import io.hcoguard.config.DefaultConfig;
import static io.hcoguard.inventory.FakeApiServer.DEADLINE;
import static io.hcoguard.inventory.FakeApiServer.event;
import static io.hcoguard.inventory.FakeApiServer.listPage;
import static io.hcoguard.inventory.WatchedKind.HYPER_CONVERGED;
import static io.hcoguard.inventory.WatchedKind.KUBEVIRT;
import static io.hcoguard.inventory.WatchedKind.PERSISTENT_VOLUME_CLAIM;
import static io.hcoguard.inventory.WatchedKind.STORAGE_CLASS;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.KubeObjects;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.VerdictSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every watch of the cluster view together, against a fake API server the test plays: when the
 * view counts as synced, custom kinds coming and going with their CRD (one going while its watch
 * is handing an object over), an object the view refuses, and readers of a real index while the
 * watches feed it.
 */
class ClusterWatchesTest {

    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String PVCS = PERSISTENT_VOLUME_CLAIM.apiPath();
    private static final String STORAGE_CLASSES = STORAGE_CLASS.apiPath();
    private static final String NODES = WatchedKind.NODE.apiPath();
    private static final String VOLUMES = WatchedKind.PERSISTENT_VOLUME.apiPath();
    private static final String VMIS = VIRTUAL_MACHINE_INSTANCE.apiPath();
    private static final StalenessBound BOUND = new StalenessBound(Duration.ofSeconds(60));

    private final FakeApiServer server = new FakeApiServer();
    private final KubernetesClient client = server.client();
    private ClusterWatches watches;

    @AfterEach
    void stop() {
        if (watches != null) {
            watches.stop(null);
        }
        client.close();
        server.close();
    }

    @Test
    void theViewIsSyncedOnceEveryWatchHasListedAndKindsWithoutTheirCrdAreAbsent() {
        watches = start(new RecordingSink());
        listAndWatch(CRDS, "apiextensions.k8s.io/v1", "CustomResourceDefinitionList", "5");
        assertThat(watches.synced()).isFalse(); // the PVCs and StorageClasses are not listed yet

        listAndWatch(PVCS, "v1", "PersistentVolumeClaimList", "6");
        listAndWatchNoStorageClassesNodesOrVolumes();

        await().atMost(DEADLINE).until(watches::synced);
        assertThat(watches.state()).isEqualTo(Map.ofEntries(Map.entry(VIRTUAL_MACHINE_INSTANCE, WatchState.ABSENT),
                Map.entry(VIRTUAL_MACHINE, WatchState.ABSENT), Map.entry(KUBEVIRT, WatchState.ABSENT),
                Map.entry(HYPER_CONVERGED, WatchState.ABSENT), Map.entry(PERSISTENT_VOLUME_CLAIM, WatchState.SYNCED),
                Map.entry(STORAGE_CLASS, WatchState.SYNCED), Map.entry(WatchedKind.NODE, WatchState.SYNCED),
                Map.entry(WatchedKind.PERSISTENT_VOLUME, WatchState.SYNCED), Map.entry(WatchedKind.MACHINE_CONFIG_POOL, WatchState.ABSENT),
                Map.entry(WatchedKind.INFRASTRUCTURE, WatchState.ABSENT), Map.entry(WatchedKind.NODE_MAINTENANCE, WatchState.ABSENT)));
        assertThat(watches.crdState()).isEqualTo(WatchState.SYNCED);
    }

    @Test
    void aKindWhoseCrdIsDeletedWhileItsWatchHandsAnObjectOverIsClearedOnlyAfterThatHandOver() throws InterruptedException {
        RecordingSink sink = new RecordingSink().holdUpsertOf("apps/vm1");
        watches = start(sink);
        listAndWatch(PVCS, "v1", "PersistentVolumeClaimList", "6");
        listAndWatchNoStorageClassesNodesOrVolumes();
        FakeApiServer.Exchange crdWatch = listAndWatch(CRDS, "apiextensions.k8s.io/v1", "CustomResourceDefinitionList", "5",
                crd(VIRTUAL_MACHINE_INSTANCE, "4"));
        server.nextList(VMIS).respond(200, vmiPage("8", null, List.of(vmi("vm1", "8"))));
        sink.awaitHeld();

        try (CapturedLog log = new CapturedLog(ClusterWatches.class)) {
            crdWatch.send(event("DELETED", crd(VIRTUAL_MACHINE_INSTANCE, "9")));
            // Stopped mid-hand-off, and still waited for well past the usual few seconds.
            await().atMost(DEADLINE).until(() -> !log.warnings().isEmpty());
            assertThat(log.warnings()).first().isEqualTo("the watch of VirtualMachineInstance is still handing an object to the view"
                    + " 5 s after it was stopped; waiting for it before clearing VirtualMachineInstance");
        }
        assertThat(sink.interrupted()).isTrue();
        assertThat(sink.calls()).isEmpty();
        assertThat(watches.state().get(VIRTUAL_MACHINE_INSTANCE)).isEqualTo(WatchState.SYNCING);
        assertThat(watches.synced()).isFalse();
        sink.release();

        await().atMost(DEADLINE).until(() -> watches.state().get(VIRTUAL_MACHINE_INSTANCE) == WatchState.ABSENT);
        assertThat(sink.calls()).containsExactly("upsert VIRTUAL_MACHINE_INSTANCE apps/vm1", "clear VIRTUAL_MACHINE_INSTANCE");
        assertThat(server.pending()).noneMatch(request -> request.contains(VMIS));
    }

    @Test
    void aKindIsNotSyncedWhileTheViewRefusesOneOfItsObjectsAndIsOnceItGoesThrough() {
        RecordingSink sink = new RecordingSink().refuseUpsertOf("apps/db");
        watches = start(sink);
        listAndWatch(CRDS, "apiextensions.k8s.io/v1", "CustomResourceDefinitionList", "5");
        listAndWatchNoStorageClassesNodesOrVolumes();
        FakeApiServer.Exchange pvcWatch = listAndWatch(PVCS, "v1", "PersistentVolumeClaimList", "6", ListWatchTest.pvc("db", "3"));
        pvcWatch.send(event("ADDED", ListWatchTest.pvc("web", "10")));

        await().atMost(DEADLINE).until(() -> sink.calls().contains("upsert PERSISTENT_VOLUME_CLAIM apps/web"));
        assertThat(watches.state().get(PERSISTENT_VOLUME_CLAIM)).isEqualTo(WatchState.INCOMPLETE);
        assertThat(watches.synced()).isFalse();
        assertThat(watches.refused(PERSISTENT_VOLUME_CLAIM.kind())).isEqualTo(1);
        sink.takeEverything();

        await().atMost(DEADLINE).until(watches::synced);
        assertThat(sink.calls()).containsExactly("upsert PERSISTENT_VOLUME_CLAIM apps/web", "upsert PERSISTENT_VOLUME_CLAIM apps/db");
        assertThat(watches.refused(PERSISTENT_VOLUME_CLAIM.kind())).isEqualTo(1);
    }

    @Test
    void readersOfTheIndexNeverFailAndEventuallySeeEveryVmiTheWatchesFed() throws InterruptedException {
        ClusterIndex index = new ClusterIndex(DefaultConfig.migratabilityPolicy(), Clock.systemUTC());
        watches = new ClusterWatches(client, index, BOUND);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        List<Thread> readers = IntStream.range(0, 3).mapToObj(i -> new Thread(() -> {
            while (reading.get()) {
                try {
                    VerdictSnapshot snapshot = index.verdicts(watches.synced());
                    assertThat(snapshot.running().size()).isEqualTo(snapshot.runningVmis());
                    index.count(DrainOutcome.STALLS_DRAIN);
                    index.size(VIRTUAL_MACHINE_INSTANCE);
                    reads.incrementAndGet();
                } catch (Throwable failure) {
                    failures.add(failure);
                    return;
                }
            }
        }, "reader-" + i)).toList();
        readers.forEach(Thread::start);

        int listed = 300;
        int watched = 2 * WatchStream.QUEUED_LINES + 50;
        watches.start(null);
        listAndWatch(CRDS, "apiextensions.k8s.io/v1", "CustomResourceDefinitionList", "5", crd(VIRTUAL_MACHINE_INSTANCE, "4"));
        listAndWatch(STORAGE_CLASSES, "storage.k8s.io/v1", "StorageClassList", "7", storageClass("local", "2"));
        listAndWatch(NODES, "v1", "NodeList", "7");
        listAndWatch(VOLUMES, "v1", "PersistentVolumeList", "7");
        listAndWatch(PVCS, "v1", "PersistentVolumeClaimList", "6", ListWatchTest.pvc("disk", "3"));
        FakeApiServer.Exchange firstPage = server.nextList(VMIS);
        firstPage.respond(200, vmiPage("100", "more", IntStream.range(0, listed / 2).mapToObj(i -> vmi("vm" + i, "10")).toList()));
        server.nextList(VMIS).respond(200, vmiPage("100", null,
                IntStream.range(listed / 2, listed).mapToObj(i -> vmi("vm" + i, "10")).toList()));
        FakeApiServer.Exchange vmiWatch = server.nextWatch(VMIS);
        vmiWatch.open(200);
        vmiWatch.send(IntStream.range(listed, listed + watched).mapToObj(i -> event("ADDED", vmi("vm" + i, String.valueOf(100 + i))))
                .toArray(String[]::new));

        Set<String> fed = IntStream.range(0, listed + watched).mapToObj(i -> "apps/vm" + i).collect(Collectors.toSet());
        await().atMost(DEADLINE).until(() -> watches.synced() && running(index).equals(fed));
        long readsWhileFeeding = reads.get();
        reading.set(false);
        for (Thread reader : readers) {
            reader.join(DEADLINE.toMillis());
        }
        assertThat(failures).isEmpty();
        assertThat(readsWhileFeeding).isPositive();
        assertThat(index.verdicts(true).runningVmis()).isEqualTo(listed + watched);
    }

    // ---------------------------------------------------------------------------------------------

    private ClusterWatches start(InventorySink sink) {
        ClusterWatches started = new ClusterWatches(client, sink, BOUND);
        started.start(null);
        return started;
    }

    /** The built-in kinds a test here has no object of: each listed empty at resourceVersion 7, then watched. */
    private void listAndWatchNoStorageClassesNodesOrVolumes() {
        listAndWatch(STORAGE_CLASSES, "storage.k8s.io/v1", "StorageClassList", "7");
        listAndWatch(NODES, "v1", "NodeList", "7");
        listAndWatch(VOLUMES, "v1", "PersistentVolumeList", "7");
    }

    /** Answers the collection's next list with these objects, then opens its watch and returns it. */
    private FakeApiServer.Exchange listAndWatch(String path, String apiVersion, String listKind, String resourceVersion,
            HasMetadata... items) {
        server.nextList(path).respond(200, listPage(apiVersion, listKind, resourceVersion, null, List.of(items)));
        FakeApiServer.Exchange watch = server.nextWatch(path);
        assertThat(watch.query()).containsEntry("resourceVersion", resourceVersion);
        watch.open(200);
        return watch;
    }

    private static Set<String> running(ClusterIndex index) {
        return index.verdicts(true).running().stream().map(v -> v.vmi().ref()).collect(Collectors.toSet());
    }

    private static String vmiPage(String resourceVersion, String continueToken, List<GenericKubernetesResource> vmis) {
        return listPage("kubevirt.io/v1", "VirtualMachineInstanceList", resourceVersion, continueToken, vmis);
    }

    private static CustomResourceDefinition crd(WatchedKind kind, String resourceVersion) {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName(kind.crdName()).withResourceVersion(resourceVersion)
                .endMetadata()
                .withNewStatus().addNewCondition().withType("Established").withStatus("True").endCondition().endStatus()
                .build();
    }

    private static StorageClass storageClass(String name, String resourceVersion) {
        return new StorageClassBuilder().withNewMetadata().withName(name).withResourceVersion(resourceVersion).endMetadata()
                .withProvisioner("rbd.csi.ceph.com").build();
    }

    /** A running VMI on PVC apps/disk, owned by no VM. */
    private static GenericKubernetesResource vmi(String name, String resourceVersion) {
        return KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {namespace: apps, name: %s, uid: uid-%1$s, resourceVersion: "%s"}
                spec: {evictionStrategy: LiveMigrate, volumes: [{name: root, persistentVolumeClaim: {claimName: disk}}]}
                status: {phase: Running, nodeName: worker-1}
                """.formatted(name, resourceVersion));
    }

    /**
     * The view's side, recorded as "upsert KIND namespace/name", "remove ...", "clear KIND". It can
     * hold one object's upsert until released (ignoring interrupts, as a monitor does), or refuse
     * one object's upserts until told to take everything.
     */
    private static final class RecordingSink implements InventorySink {

        private final List<String> calls = new CopyOnWriteArrayList<>();
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile String holding;
        private volatile String refusing;
        private volatile boolean interrupted;

        RecordingSink holdUpsertOf(String key) {
            holding = key;
            return this;
        }

        RecordingSink refuseUpsertOf(String key) {
            refusing = key;
            return this;
        }

        void takeEverything() {
            refusing = null;
        }

        void awaitHeld() throws InterruptedException {
            assertThat(held.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }

        void release() {
            released.countDown();
        }

        boolean interrupted() {
            return interrupted;
        }

        List<String> calls() {
            return new ArrayList<>(calls);
        }

        @Override
        public void upsert(WatchedKind kind, HasMetadata object) {
            String key = KnownObjects.key(object);
            if (key.equals(refusing)) {
                throw new IllegalStateException("cannot take " + key);
            }
            if (key.equals(holding)) {
                held.countDown();
                awaitRelease();
            }
            calls.add("upsert " + kind + " " + key);
        }

        @Override
        public void remove(WatchedKind kind, HasMetadata object) {
            calls.add("remove " + kind + " " + KnownObjects.key(object));
        }

        @Override
        public void clear(WatchedKind kind) {
            calls.add("clear " + kind);
        }

        @Override
        public <E extends Exception> void batch(Batch<E> events) throws E {
            events.run();
        }

        private void awaitRelease() {
            while (true) {
                try {
                    released.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt(); // as a monitor leaves it: the loop still sees it
            }
        }
    }
}
