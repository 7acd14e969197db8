package io.hcoguard.inventory;

import static io.hcoguard.inventory.WatchedKind.HYPER_CONVERGED;
import static io.hcoguard.inventory.WatchedKind.KUBEVIRT;
import static io.hcoguard.inventory.WatchedKind.PERSISTENT_VOLUME_CLAIM;
import static io.hcoguard.inventory.WatchedKind.STORAGE_CLASS;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE_INSTANCE;
import static io.hcoguard.migratability.EvictionStrategy.LIVE_MIGRATE;
import static io.hcoguard.migratability.EvictionStrategy.NONE;
import static io.hcoguard.migratability.DrainOutcome.SHUT_DOWN_FOR_GOOD;
import static io.hcoguard.migratability.DrainOutcome.STALLS_DRAIN;
import static io.hcoguard.migratability.NotMigratableReason.HOSTPATH_VOLUME;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.hcoguard.config.DefaultConfig;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.KubeObjects;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.RunStrategy;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterIndexTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    private static final String NS = "ns";
    private static final String HOSTPATH = "kubevirt.io.hostpath-provisioner";
    private static final String CEPH = "rbd.csi.ceph.com";
    private static final String RWO = "ReadWriteOnce";
    private static final String RWX = "ReadWriteMany";

    private final MutableClock clock = new MutableClock(T0);
    private final ClusterIndex index = new ClusterIndex(DefaultConfig.migratabilityPolicy(), clock);

    // --- arrival order ---------------------------------------------------------------------------

    /** One VM, its VMI on PVC "disk" of StorageClass "local": four objects in some order. */
    private record Scenario(String vmiEvictionStrategy, String runStrategy, String provisioner, String accessMode,
            List<String> expected) {

        List<Event> events() {
            return List.of(
                    new Event("VMI", VIRTUAL_MACHINE_INSTANCE, vmi("vm1").evictionStrategy(vmiEvictionStrategy).object()),
                    new Event("VM", VIRTUAL_MACHINE, vm("vm1", runStrategy)),
                    new Event("PVC", PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", accessMode)),
                    new Event("StorageClass", STORAGE_CLASS, storageClass("local", provisioner)));
        }
    }

    private record Event(String name, WatchedKind kind, HasMetadata object) {
    }

    static Stream<Arguments> arrivalOrders() {
        List<Named<Scenario>> scenarios = List.of(
                Named.of("LiveMigrate on a hostpath PVC stalls the drain", new Scenario("LiveMigrate", "Always", HOSTPATH, RWX,
                        List.of(blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN)))),
                Named.of("None on a hostpath PVC under a Manual VM is shut down for good", new Scenario("None", "Manual",
                        HOSTPATH, RWO, List.of(blocker("vm1", hostpath("disk"), NONE, RunStrategy.MANUAL, SHUT_DOWN_FOR_GOOD)))),
                Named.of("LiveMigrate on a shared ReadWriteMany PVC passes",
                        new Scenario("LiveMigrate", "Always", CEPH, RWX, List.of())));
        List<Arguments> cases = new ArrayList<>();
        for (Named<Scenario> scenario : scenarios) {
            for (List<Event> order : permutations(scenario.getPayload().events())) {
                String names = order.stream().map(Event::name).collect(Collectors.joining(", "));
                cases.add(Arguments.of(scenario, Named.of(names, order)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, arriving as {1}")
    @MethodSource("arrivalOrders")
    void judgesTheSameWhateverOrderTheObjectsArriveIn(Scenario scenario, List<Event> order) {
        order.forEach(event -> index.upsert(event.kind(), event.object()));

        assertThat(state()).isEqualTo(state(1, scenario.expected()));
    }

    // --- storage ---------------------------------------------------------------------------------

    static Stream<Arguments> storageChanges() {
        return Stream.of(
                storageChange("a non-hostpath provisioner unblocks a ReadWriteMany PVC", RWX,
                        index -> index.upsert(STORAGE_CLASS, storageClass("local", CEPH))),
                storageChange("a non-hostpath provisioner unblocks a ReadWriteOnce PVC too: KubeVirt's condition decides", RWO,
                        index -> index.upsert(STORAGE_CLASS, storageClass("local", CEPH))),
                storageChange("the legacy hostpath provisioner still blocks", RWX,
                        index -> index.upsert(STORAGE_CLASS, storageClass("local", "kubevirt.io/hostpath-provisioner")),
                        blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN)),
                storageChange("deleting the StorageClass leaves a ReadWriteMany PVC judged by its access modes", RWX,
                        index -> index.remove(STORAGE_CLASS, storageClass("local", HOSTPATH))),
                storageChange("deleting the StorageClass leaves a ReadWriteOnce PVC to KubeVirt's condition", RWO,
                        index -> index.remove(STORAGE_CLASS, storageClass("local", HOSTPATH))),
                storageChange("losing the StorageClass CRD watch is the same as deleting every class", RWX,
                        index -> index.clear(STORAGE_CLASS)),
                storageChange("deleting the PVC unblocks: a PVC not in view is not judged", RWO,
                        index -> index.remove(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", RWO))),
                storageChange("clearing the PVCs unblocks", RWO,
                        index -> index.clear(PERSISTENT_VOLUME_CLAIM)),
                storageChange("the StorageClass deleted and created again blocks again", RWX, index -> {
                    index.remove(STORAGE_CLASS, storageClass("local", HOSTPATH));
                    index.upsert(STORAGE_CLASS, storageClass("local", HOSTPATH));
                }, blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN)),
                storageChange("the PVC deleted and created again blocks again", RWX, index -> {
                    index.remove(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", RWX));
                    index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", RWX));
                }, blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN)),
                storageChange("a change of another StorageClass does not touch it", RWX,
                        index -> index.upsert(STORAGE_CLASS, storageClass("local-2", CEPH)),
                        blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN)));
    }

    private static Arguments storageChange(String name, String accessMode, Consumer<ClusterIndex> change, String... expected) {
        return Arguments.of(Named.of(name, accessMode), change, List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storageChanges")
    void rejudgesTheVmisOnAStorageClassOrPvcThatChanges(String accessMode, Consumer<ClusterIndex> change,
            List<String> expected) {
        index.upsert(STORAGE_CLASS, storageClass("local", HOSTPATH));
        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", accessMode));
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object());
        assertThat(state().blocking())
                .containsExactly(blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN));

        change.accept(index);

        assertThat(state()).isEqualTo(state(1, expected));
    }

    @Test
    void aPvcMovedToAnotherStorageClassFollowsItsNewClassOnly() {
        index.upsert(STORAGE_CLASS, storageClass("local", HOSTPATH));
        index.upsert(STORAGE_CLASS, storageClass("shared", CEPH));
        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", RWX));
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object());

        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("disk", "shared", RWX));
        assertThat(state()).isEqualTo(state(1, List.of()));

        index.remove(STORAGE_CLASS, storageClass("local", HOSTPATH));
        index.upsert(STORAGE_CLASS, storageClass("local", HOSTPATH));
        assertThat(state()).isEqualTo(state(1, List.of()));

        index.upsert(STORAGE_CLASS, storageClass("shared", HOSTPATH));
        assertThat(state()).isEqualTo(state(1, List.of(blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN))));
    }

    @Test
    void aVmiThatSwitchesClaimsFollowsItsNewClaimOnly() {
        index.upsert(STORAGE_CLASS, storageClass("local", HOSTPATH));
        index.upsert(STORAGE_CLASS, storageClass("shared", CEPH));
        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", RWX));
        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("shared-disk", "shared", RWX));
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object());

        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").claim("shared-disk").object());
        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", RWO));
        assertThat(state()).isEqualTo(state(1, List.of()));

        index.upsert(STORAGE_CLASS, storageClass("shared", HOSTPATH));
        assertThat(state()).isEqualTo(state(1, blocker("vm1", hostpath("shared-disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN)));
    }

    // --- virtual machines ------------------------------------------------------------------------

    @Test
    void theVmRunStrategyDecidesWhetherAnEvictedVmiIsShutDownForGood() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").evictionStrategy("None").object());

        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        assertThat(state()).isEqualTo(state(1, List.of()));

        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Manual"));
        assertThat(state()).isEqualTo(state(1, List.of(blocker("vm1", hostpath("disk"), NONE, RunStrategy.MANUAL, SHUT_DOWN_FOR_GOOD))));

        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        assertThat(state()).isEqualTo(state(1, List.of()));
    }

    @Test
    void aVmArrivingAfterItsVmiRestartsIt() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").evictionStrategy("None").object());
        assertThat(state()).isEqualTo(state(1, List.of(blocker("vm1", hostpath("disk"), NONE, null, SHUT_DOWN_FOR_GOOD))));

        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));

        assertThat(state()).isEqualTo(state(1, List.of()));
    }

    @Test
    void deletingTheVmLeavesItsVmiWithNothingToRestartIt() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").evictionStrategy("None").object());

        index.remove(VIRTUAL_MACHINE, vm("vm1", "Always"));

        assertThat(state()).isEqualTo(state(1, List.of(blocker("vm1", hostpath("disk"), NONE, null, SHUT_DOWN_FOR_GOOD))));
    }

    @Test
    void aVmOfAnotherNameOrNamespaceDoesNotRestartTheVmi() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").evictionStrategy("None").object());

        index.upsert(VIRTUAL_MACHINE, vm("vm2", "Always"));
        index.upsert(VIRTUAL_MACHINE, KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {namespace: other, name: vm1}
                spec: {runStrategy: Always}
                """));

        assertThat(state()).isEqualTo(state(1, List.of(blocker("vm1", hostpath("disk"), NONE, null, SHUT_DOWN_FOR_GOOD))));
    }

    // --- cluster default eviction strategy -------------------------------------------------------

    static Stream<Arguments> clusterDefaults() {
        return Stream.of(
                clusterDefault("no KubeVirt nor HyperConverged CR: None", List.of(), null),
                clusterDefault("KubeVirt LiveMigrate", List.of(kubeVirt("LiveMigrate")), LIVE_MIGRATE),
                clusterDefault("KubeVirt External: waits for its external controller, blocks nothing",
                        List.of(kubeVirt("External")), null),
                clusterDefault("KubeVirt None", List.of(kubeVirt("None")), null),
                clusterDefault("KubeVirt LiveMigrateIfPossible: KubeVirt tries the hostpath migration, which fails",
                        List.of(kubeVirt("LiveMigrateIfPossible")), EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE),
                clusterDefault("HyperConverged v1beta1 LiveMigrate without a KubeVirt CR",
                        List.of(hyperConverged("v1beta1", "{evictionStrategy: LiveMigrate}")), LIVE_MIGRATE),
                clusterDefault("HyperConverged v1 LiveMigrate without a KubeVirt CR",
                        List.of(hyperConverged("v1", "{virtualization: {evictionStrategy: LiveMigrate}}")), LIVE_MIGRATE),
                clusterDefault("KubeVirt None over HyperConverged LiveMigrate",
                        List.of(hyperConverged("v1beta1", "{evictionStrategy: LiveMigrate}"), kubeVirt("None")), null),
                clusterDefault("KubeVirt LiveMigrate over HyperConverged None",
                        List.of(kubeVirt("LiveMigrate"), hyperConverged("v1beta1", "{evictionStrategy: None}")), LIVE_MIGRATE),
                clusterDefault("a KubeVirt CR without a strategy over HyperConverged LiveMigrate",
                        List.of(kubeVirtWithout(), hyperConverged("v1beta1", "{evictionStrategy: LiveMigrate}")), null));
    }

    private static Arguments clusterDefault(String name, List<Event> crs, EvictionStrategy blockingStrategy) {
        return Arguments.of(Named.of(name, crs), Optional.ofNullable(blockingStrategy));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clusterDefaults")
    void aVmiWithoutItsOwnStrategyFollowsTheClusterDefault(List<Event> crs, Optional<EvictionStrategy> blockingStrategy) {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").evictionStrategy(null).object());

        crs.forEach(cr -> index.upsert(cr.kind(), cr.object()));

        assertThat(state()).isEqualTo(state(1, blockingStrategy
                .map(strategy -> List.of(blocker("vm1", hostpath("disk"), strategy, RunStrategy.ALWAYS, STALLS_DRAIN)))
                .orElse(List.of())));
    }

    @Test
    void aSecondHyperConvergedGoingAwayLeavesTheFirstOnesDefault() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").evictionStrategy(null).object());
        HasMetadata other = hyperConverged("v1beta1", "{}").object();
        other.getMetadata().setNamespace("elsewhere");

        index.upsert(HYPER_CONVERGED, hyperConverged("v1beta1", "{evictionStrategy: LiveMigrate}").object());
        index.upsert(HYPER_CONVERGED, other);
        index.remove(HYPER_CONVERGED, other);

        assertThat(state()).isEqualTo(state(1, List.of(blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN))));
        assertThat(index.size(HYPER_CONVERGED)).isEqualTo(1);
    }

    @Test
    void theClusterDefaultLeavesAVmiWithItsOwnStrategyAlone() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").evictionStrategy("None").object());

        index.upsert(KUBEVIRT, kubeVirt("LiveMigrate").object());

        assertThat(state()).isEqualTo(state(1, List.of()));
    }

    @Test
    void theClusterDefaultFollowsTheKubeVirtCrAndFallsBackToHyperConvergedWhenItGoes() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").evictionStrategy(null).object());
        index.upsert(HYPER_CONVERGED, hyperConverged("v1beta1", "{evictionStrategy: LiveMigrate}").object());
        State stalls = state(1, blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN));
        State passes = state(1);

        index.upsert(KUBEVIRT, kubeVirt("None").object());
        assertThat(state()).isEqualTo(passes);

        index.upsert(KUBEVIRT, kubeVirt("LiveMigrate").object());
        assertThat(state()).isEqualTo(stalls);

        index.upsert(KUBEVIRT, kubeVirt("None").object());
        assertThat(state()).isEqualTo(passes);

        index.remove(KUBEVIRT, kubeVirt("None").object());
        assertThat(state()).isEqualTo(stalls);

        index.upsert(KUBEVIRT, kubeVirt("None").object());
        index.clear(KUBEVIRT);
        assertThat(state()).isEqualTo(stalls);

        index.remove(HYPER_CONVERGED, hyperConverged("v1beta1", "{evictionStrategy: LiveMigrate}").object());
        assertThat(state()).isEqualTo(passes);
    }

    // --- VMI lifecycle ---------------------------------------------------------------------------

    static Stream<Arguments> vmiEndings() {
        return Stream.of(
                Arguments.of(Named.<Consumer<ClusterIndex>>of("its phase turns Succeeded",
                        index -> index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").phase("Succeeded").object()))),
                Arguments.of(Named.<Consumer<ClusterIndex>>of("its phase turns Failed",
                        index -> index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").phase("Failed").object()))),
                Arguments.of(Named.<Consumer<ClusterIndex>>of("it is deleted",
                        index -> index.remove(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object()))),
                Arguments.of(Named.<Consumer<ClusterIndex>>of("the VMI watch is cleared",
                        index -> index.clear(VIRTUAL_MACHINE_INSTANCE))));
    }

    @ParameterizedTest(name = "a VMI stops counting when {0}")
    @MethodSource("vmiEndings")
    void aVmiThatNoLongerRunsNeitherBlocksNorCounts(Consumer<ClusterIndex> ending) {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object());

        ending.accept(index);

        assertThat(state()).isEqualTo(state(0, List.of()));
        assertThat(index.verdicts(true).forecast().running()).isZero();
        assertThat(Stream.of(DrainOutcome.values()).map(index::count)).containsOnly(0);
    }

    @Test
    void aVmiCountsFromTheMomentItRuns() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));

        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").phase("Scheduling").object());
        assertThat(state()).isEqualTo(state(0, List.of()));

        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").phase("Running").object());
        assertThat(state()).isEqualTo(state(1, List.of(blocker("vm1", hostpath("disk"), LIVE_MIGRATE, RunStrategy.ALWAYS, STALLS_DRAIN))));
    }

    @Test
    void aDeletedVmiIsNotBroughtBackByItsStorage() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object());
        index.remove(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object());

        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", RWO));
        index.upsert(STORAGE_CLASS, storageClass("local", HOSTPATH));
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Manual"));

        assertThat(state()).isEqualTo(state(0, List.of()));
        assertThat(index.size(VIRTUAL_MACHINE_INSTANCE)).isZero();
    }

    @Test
    void listsBlockersByNamespaceThenName() {
        hostpathDisk();
        index.upsert(PERSISTENT_VOLUME_CLAIM, KubeObjects.pvc("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {namespace: apps, name: disk}
                spec: {storageClassName: local, accessModes: [ReadWriteOnce]}
                """));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm-b").object());
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm-a").object());
        index.upsert(VIRTUAL_MACHINE_INSTANCE, KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {namespace: apps, name: web}
                spec: {evictionStrategy: LiveMigrate, volumes: [{name: root, persistentVolumeClaim: {claimName: disk}}]}
                status: {phase: Running}
                """));

        assertThat(index.verdicts(true).running()).extracting(v -> v.vmi().ref())
                .containsExactly("apps/web", "ns/vm-a", "ns/vm-b");
    }

    // --- snapshots -------------------------------------------------------------------------------

    @Test
    void readsWithoutAChangeShareOneSnapshot() {
        blockingVmiAndAPendingOne();

        VerdictSnapshot first = index.verdicts(true);
        clock.advance(Duration.ofSeconds(5));

        assertThat(index.verdicts(true)).isSameAs(first);
        assertThat(index.verdicts(true).forecast()).isSameAs(first.forecast());
        assertThat(index.verdicts(false).running()).isSameAs(first.running());
        assertThat(index.verdicts(false).synced()).isFalse();
    }

    static Stream<Arguments> eventsThatChangeNoVerdict() {
        return Stream.of(
                noVerdictChange("the same PVC again",
                        index -> index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", RWO))),
                noVerdictChange("the same StorageClass again",
                        index -> index.upsert(STORAGE_CLASS, storageClass("local", HOSTPATH))),
                noVerdictChange("the same VM again",
                        index -> index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"))),
                noVerdictChange("the same running VMI again",
                        index -> index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object())),
                noVerdictChange("an unrelated StorageClass",
                        index -> index.upsert(STORAGE_CLASS, storageClass("shared", CEPH))),
                noVerdictChange("an unrelated PVC",
                        index -> index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("other", "local", RWO))),
                noVerdictChange("a VM without a VMI",
                        index -> index.upsert(VIRTUAL_MACHINE, vm("vm9", "Manual"))),
                noVerdictChange("another update of the pending VMI",
                        index -> index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("starting").phase("Scheduled").object())),
                noVerdictChange("a change of the pending VMI's PVC",
                        index -> index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("starting-disk", "local", RWX))),
                noVerdictChange("a VM change for the pending VMI",
                        index -> index.upsert(VIRTUAL_MACHINE, vm("starting", "Manual"))),
                noVerdictChange("a new pending VMI",
                        index -> index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("later").phase("Pending").object())),
                noVerdictChange("the pending VMI deleted",
                        index -> index.remove(VIRTUAL_MACHINE_INSTANCE, vmi("starting").object())));
    }

    private static Arguments noVerdictChange(String name, Consumer<ClusterIndex> event) {
        return Arguments.of(Named.of(name, event));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsThatChangeNoVerdict")
    void anEventThatChangesNoVerdictKeepsTheSnapshot(Consumer<ClusterIndex> event) {
        blockingVmiAndAPendingOne();
        VerdictSnapshot before = index.verdicts(true);
        clock.advance(Duration.ofSeconds(5));

        event.accept(index);

        assertThat(index.verdicts(true)).isSameAs(before);
    }

    @Test
    void aChangeYieldsANewSnapshotStampedWithItsTime() {
        blockingVmiAndAPendingOne();
        VerdictSnapshot before = index.verdicts(true);
        clock.advance(Duration.ofSeconds(5));

        index.upsert(STORAGE_CLASS, storageClass("local", CEPH));

        VerdictSnapshot after = index.verdicts(true);
        assertThat(after).isNotSameAs(before);
        assertThat(state()).isEqualTo(state(1));
        assertThat(after.lastChange()).isEqualTo(T0.plusSeconds(5));
        assertThat(index.verdicts(false).lastChange()).isEqualTo(T0.plusSeconds(5));

        clock.advance(Duration.ofSeconds(7));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("starting").object());

        assertThat(index.verdicts(true)).isNotSameAs(after)
                .extracting(v -> v.running().size(), VerdictSnapshot::lastChange)
                .containsExactly(2, T0.plusSeconds(12));
    }

    @Test
    void aBatchIsSeenWholeOnceItEnds() {
        hostpathDisk();
        VerdictSnapshot before = index.verdicts(true);
        List<Integer> seenInside = new ArrayList<>();

        index.batch(() -> {
            index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
            index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object());
            index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm2").object());
            seenInside.add(index.verdicts(true).runningVmis());
            seenInside.add(index.size(VIRTUAL_MACHINE_INSTANCE));
            assertThat(index.verdicts(true)).isSameAs(before);
        });

        assertThat(seenInside).containsExactly(0, 0);
        assertThat(index.runningVmis()).isEqualTo(2);
        assertThat(index.size(VIRTUAL_MACHINE_INSTANCE)).isEqualTo(2);
        assertThat(index.count(STALLS_DRAIN)).isEqualTo(2);
    }

    @Test
    void aSettingsChangeWithNoVmiToReJudgeStillReachesTheSnapshot() {
        VerdictSnapshot before = index.verdicts(true);

        index.upsert(KUBEVIRT, kubeVirt("None").object());

        assertThat(index.verdicts(true)).isNotSameAs(before);
        assertThat(index.verdicts(true).settings().evictionStrategy()).contains(NONE);
    }

    @Test
    void anEmptyIndexReportsNothingRunningSinceItWasCreated() {
        assertThat(state()).isEqualTo(state(0, List.of()));
        assertThat(index.verdicts(false).synced()).isFalse();
        assertThat(index.verdicts(false).lastChange()).isEqualTo(T0);
        assertThat(index.verdicts(true).forecast().running()).isZero();
    }

    // --- running workloads -----------------------------------------------------------------------

    @Test
    void keepsCountsPerOutcomeAsEventsArriveAndReJudgesOnClusterSettings() {
        hostpathDisk();
        index.upsert(STORAGE_CLASS, storageClass("shared", CEPH));
        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("shared-disk", "shared", RWX));
        index.upsert(VIRTUAL_MACHINE, vm("stuck-restarts", "Always"));
        index.upsert(VIRTUAL_MACHINE, vm("migrates-manual", "Manual"));
        // hostpath, own LiveMigrate: its migration cannot succeed
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("stuck-restarts").object());
        // not migratable, no strategy of its own, standalone: shut down for good under None
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("stuck-standalone").evictionStrategy(null).standalone()
                .condition("False").object());
        // migratable, own None, Manual VM: shut down for good at a drain, migrated by a workload update
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("migrates-manual").claim("shared-disk").evictionStrategy("None")
                .outdatedLauncher().object());
        // not running: never counted
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("pending").standalone().phase("Pending").object());

        assertThat(index.runningVmis()).isEqualTo(3);
        assertThat(index.count(STALLS_DRAIN)).isEqualTo(1);
        assertThat(index.count(SHUT_DOWN_FOR_GOOD)).isEqualTo(2);
        assertThat(index.count(io.hcoguard.migratability.WorkloadUpdateOutcome.STAYS_OUTDATED)).isEqualTo(2);
        assertThat(index.count(io.hcoguard.migratability.WorkloadUpdateOutcome.UPDATED_BY_MIGRATION)).isEqualTo(1);
        assertThat(index.verdicts(true).forecast().outdatedLaunchers()).isEqualTo(1);

        index.upsert(KUBEVIRT, KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt, name: kubevirt}
                spec:
                  configuration: {evictionStrategy: LiveMigrate, migrations: {parallelMigrationsPerCluster: 0}}
                  workloadUpdateStrategy: {workloadUpdateMethods: [LiveMigrate, Evict], batchEvictionSize: 3}
                """));
        index.upsert(VIRTUAL_MACHINE, vm("migrates-manual", "Always"));

        // the standalone VMI now inherits LiveMigrate and refuses eviction; live migration is off
        assertThat(index.settings().liveMigrationOff()).contains("parallelMigrationsPerCluster");
        assertThat(index.count(STALLS_DRAIN)).isEqualTo(2);
        assertThat(index.count(DrainOutcome.RESTARTED)).isEqualTo(1);
        assertThat(index.count(SHUT_DOWN_FOR_GOOD)).isZero();
        assertThat(index.count(io.hcoguard.migratability.WorkloadUpdateOutcome.STAYS_OUTDATED)).isEqualTo(3);
        assertThat(index.verdicts(true).settings().workloadUpdate())
                .isEqualTo(new io.hcoguard.migratability.WorkloadUpdateStrategy(true, true, 3));
    }

    @Test
    void countsWhatItHoldsPerKind() {
        hostpathDisk();
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object());
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm2").phase("Pending").object());
        index.upsert(KUBEVIRT, kubeVirtWithout().object());

        assertThat(Stream.of(WatchedKind.values()).map(index::size))
                .containsExactly(2, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0);
    }

    // --- fixtures --------------------------------------------------------------------------------

    /**
     * StorageClass "local" on the hostpath provisioner and its ReadWriteMany PVC "disk": KubeVirt
     * reports LiveMigratable=True, and the migration cannot succeed (the disk is on one node).
     */
    private void hostpathDisk() {
        index.upsert(STORAGE_CLASS, storageClass("local", HOSTPATH));
        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("disk", "local", RWX));
    }

    /** vm1 blocks (LiveMigrate on hostpath); "starting" is pending on its own hostpath PVC. */
    private void blockingVmiAndAPendingOne() {
        hostpathDisk();
        index.upsert(PERSISTENT_VOLUME_CLAIM, pvc("starting-disk", "local", RWO));
        index.upsert(VIRTUAL_MACHINE, vm("vm1", "Always"));
        index.upsert(VIRTUAL_MACHINE, vm("starting", "Always"));
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("vm1").object());
        index.upsert(VIRTUAL_MACHINE_INSTANCE, vmi("starting").claim("starting-disk").phase("Pending").object());
    }

    /**
     * A VMI in namespace ns: by default running, LiveMigrate, owned by the VM of its name, on PVC
     * "disk", with the LiveMigratable=True condition virt-controller writes for a shared disk.
     */
    private record Vmi(String name, String claim, String evictionStrategy, String phase, boolean owned, boolean outdated,
            String condition) {

        Vmi claim(String claim) {
            return new Vmi(name, claim, evictionStrategy, phase, owned, outdated, condition);
        }

        /** null: the VMI sets none and inherits the cluster default. */
        Vmi evictionStrategy(String evictionStrategy) {
            return new Vmi(name, claim, evictionStrategy, phase, owned, outdated, condition);
        }

        Vmi phase(String phase) {
            return new Vmi(name, claim, evictionStrategy, phase, owned, outdated, condition);
        }

        Vmi standalone() {
            return new Vmi(name, claim, evictionStrategy, phase, false, outdated, condition);
        }

        Vmi outdatedLauncher() {
            return new Vmi(name, claim, evictionStrategy, phase, owned, true, condition);
        }

        /** "True", or "False" with reason DisksNotLiveMigratable, as KubeVirt reports a non-RWX claim. */
        Vmi condition(String status) {
            return new Vmi(name, claim, evictionStrategy, phase, owned, outdated, status);
        }

        GenericKubernetesResource object() {
            String owner = owned
                    ? "ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachine, name: %s, uid: u-%1$s,"
                            .formatted(name) + " controller: true}],"
                    : "";
            String labels = outdated ? "labels: {kubevirt.io/outdatedLauncherImage: ''}," : "";
            String strategy = evictionStrategy == null ? "" : "evictionStrategy: " + evictionStrategy + ",";
            return KubeObjects.resource("""
                    apiVersion: kubevirt.io/v1
                    kind: VirtualMachineInstance
                    metadata: {%s %s namespace: %s, name: %s}
                    spec: {%s volumes: [{name: root, persistentVolumeClaim: {claimName: %s}}]}
                    status: {phase: %s, conditions: [{type: LiveMigratable, status: "%s"%s}]}
                    """.formatted(labels, owner, NS, name, strategy, claim, phase, condition,
                    "False".equals(condition) ? ", reason: DisksNotLiveMigratable" : ""));
        }
    }

    private static Vmi vmi(String name) {
        return new Vmi(name, "disk", "LiveMigrate", "Running", true, false, "True");
    }

    private static GenericKubernetesResource vm(String name, String runStrategy) {
        return KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachine
                metadata: {namespace: %s, name: %s}
                spec: {runStrategy: %s}
                """.formatted(NS, name, runStrategy));
    }

    private static PersistentVolumeClaim pvc(String name, String storageClass, String accessMode) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withNamespace(NS).withName(name).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes(accessMode).endSpec()
                .build();
    }

    private static StorageClass storageClass(String name, String provisioner) {
        return new StorageClassBuilder().withNewMetadata().withName(name).endMetadata().withProvisioner(provisioner).build();
    }

    private static Event kubeVirt(String evictionStrategy) {
        return new Event("KubeVirt", KUBEVIRT, KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt, name: kubevirt}
                spec: {configuration: {evictionStrategy: %s}}
                """.formatted(evictionStrategy)));
    }

    private static Event kubeVirtWithout() {
        return new Event("KubeVirt", KUBEVIRT, KubeObjects.resource("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {namespace: kubevirt, name: kubevirt}
                spec: {configuration: {developerConfiguration: {featureGates: []}}}
                """));
    }

    private static Event hyperConverged(String version, String spec) {
        return new Event("HyperConverged", HYPER_CONVERGED, KubeObjects.resource("""
                apiVersion: hco.kubevirt.io/%s
                kind: HyperConverged
                metadata: {namespace: kubevirt-hyperconverged, name: kubevirt-hyperconverged}
                spec: %s
                """
                .formatted(version, spec)));
    }

    private static NotMigratable hostpath(String claim) {
        return new NotMigratable(HOSTPATH_VOLUME, claim);
    }

    /** What the tests compare: the VMIs that block a cluster upgrade, and how many run. */
    private record State(int running, List<String> blocking) {
    }

    private State state() {
        VerdictSnapshot snapshot = index.verdicts(true);
        List<String> blocking = snapshot.running().stream()
                .filter(v -> v.drain().outcome().blocksClusterUpgrade())
                .map(ClusterIndexTest::describe)
                .toList();
        return new State(snapshot.running().size(), blocking);
    }

    private static State state(int running, String... blocking) {
        return new State(running, List.of(blocking));
    }

    private static State state(int running, List<String> blocking) {
        return new State(running, blocking);
    }

    private static String describe(VmiVerdict verdict) {
        return verdict.vmi().ref() + " " + verdict.drain().outcome() + " " + verdict.evictionStrategy().spelling() + ", "
                + verdict.vmi().controller().restartText() + ": " + verdict.migratability().reasonsText();
    }

    /** A blocker on VMI ns/name owned by VM ns/name; runStrategy null: the VM is not in view. */
    private static String blocker(String name, NotMigratable reason, EvictionStrategy strategy, RunStrategy runStrategy,
            DrainOutcome outcome) {
        String restart = runStrategy == null ? "VM not found" : "runStrategy " + runStrategy.spelling();
        String reasons = reason.kind().failsMigration() ? reason.describe()
                : "LiveMigratable=False (DisksNotLiveMigratable), " + reason.describe();
        return NS + "/" + name + " " + outcome + " " + strategy.spelling() + ", " + restart + ": " + reasons;
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> permutation = new ArrayList<>(List.of(first));
                permutation.addAll(tail);
                all.add(permutation);
            }
        }
        return all;
    }
}
