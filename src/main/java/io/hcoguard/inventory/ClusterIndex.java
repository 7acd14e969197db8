package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.hcoguard.hyperconverged.RunningWorkloads;
import io.hcoguard.migratability.Blocker;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.MigratabilityClassifier;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.PvcSnapshot;
import io.hcoguard.migratability.StorageClassSnapshot;
import io.hcoguard.migratability.StorageView;
import io.hcoguard.migratability.VmSnapshot;
import io.hcoguard.migratability.VmiFacts;
import io.hcoguard.migratability.VmiSnapshot;
import io.hcoguard.upgrade.BlockerSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The cluster as the guard sees it: compact snapshots of the watched objects, the facts derived
 * for each VMI, and reverse indexes so that an event re-judges only the VMIs it can affect (a PVC
 * event the VMIs that mount it, a StorageClass event the VMIs on its PVCs, a VM event its VMI).
 * Writes come from the informer threads; reads take a snapshot rebuilt only after a change.
 */
public class ClusterIndex implements InventorySink, StorageView {

    private final MigratabilityPolicy policy;
    private final Clock clock;

    private final Map<String, VmiSnapshot> vmis = new HashMap<>();
    private final Map<String, VmSnapshot> vms = new HashMap<>();
    private final Map<String, PvcSnapshot> pvcs = new HashMap<>();
    private final Map<String, StorageClassSnapshot> storageClasses = new HashMap<>();
    private final Map<String, Set<String>> vmisByClaim = new HashMap<>();
    private final Map<String, Set<String>> claimsByStorageClass = new HashMap<>();
    private final Map<String, VmiFacts> facts = new HashMap<>();
    /** Eviction strategy set by each KubeVirt / HyperConverged CR (one of each in a real cluster). */
    private final Map<String, Optional<EvictionStrategy>> kubeVirts = new TreeMap<>();
    private final Map<String, Optional<EvictionStrategy>> hyperConvergeds = new TreeMap<>();

    private Instant lastChange;
    private View view;

    /** What readers get: rebuilt after a change, shared until the next one. */
    private record View(BlockerSnapshot synced, BlockerSnapshot notSynced, RunningWorkloads workloads) {
    }

    /** What the KubeVirt or the HyperConverged CR says of the cluster default; a CR seen may set none. */
    public ClusterIndex(MigratabilityPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        this.lastChange = clock.instant();
    }

    // --- reads -------------------------------------------------------------------------------

    /** The blockers as of the last event; {@code synced} is the watches' state at this moment. */
    public synchronized BlockerSnapshot blockers(boolean synced) {
        View current = view();
        return synced ? current.synced() : current.notSynced();
    }

    public synchronized RunningWorkloads runningWorkloads() {
        return view().workloads();
    }

    @Override
    public synchronized Optional<PvcSnapshot> pvc(String namespace, String name) {
        return Optional.ofNullable(pvcs.get(key(namespace, name)));
    }

    @Override
    public synchronized Optional<StorageClassSnapshot> storageClass(String name) {
        return Optional.ofNullable(storageClasses.get(name));
    }

    public synchronized int size(WatchedKind kind) {
        return switch (kind) {
            case VIRTUAL_MACHINE_INSTANCE -> vmis.size();
            case VIRTUAL_MACHINE -> vms.size();
            case PERSISTENT_VOLUME_CLAIM -> pvcs.size();
            case STORAGE_CLASS -> storageClasses.size();
            case KUBEVIRT -> kubeVirts.size();
            case HYPER_CONVERGED -> hyperConvergeds.size();
        };
    }

    // --- writes ------------------------------------------------------------------------------

    @Override
    public synchronized void upsert(WatchedKind kind, HasMetadata object) {
        switch (kind) {
            case VIRTUAL_MACHINE_INSTANCE -> putVmi(VmiSnapshot.from((GenericKubernetesResource) object));
            case VIRTUAL_MACHINE -> putVm(VmSnapshot.from((GenericKubernetesResource) object));
            case PERSISTENT_VOLUME_CLAIM -> putPvc(PvcSnapshot.from((PersistentVolumeClaim) object));
            case STORAGE_CLASS -> putStorageClass(StorageClassSnapshot.from((StorageClass) object));
            case KUBEVIRT -> changeClusterCrs(() -> kubeVirts.put(key(object),
                    ClusterDefaults.fromKubeVirt((GenericKubernetesResource) object)));
            case HYPER_CONVERGED -> changeClusterCrs(() -> hyperConvergeds.put(key(object),
                    ClusterDefaults.fromHyperConverged((GenericKubernetesResource) object)));
        }
    }

    @Override
    public synchronized void remove(WatchedKind kind, HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName();
        switch (kind) {
            case VIRTUAL_MACHINE_INSTANCE -> removeVmi(key(namespace, name));
            case VIRTUAL_MACHINE -> {
                vms.remove(key(namespace, name));
                rejudgeOwnedBy(namespace, name);
            }
            case PERSISTENT_VOLUME_CLAIM -> {
                PvcSnapshot gone = pvcs.remove(key(namespace, name));
                if (gone != null) {
                    gone.storageClassName().ifPresent(sc -> unindex(claimsByStorageClass, sc, key(namespace, name)));
                }
                rejudge(vmisByClaim.getOrDefault(key(namespace, name), Set.of()));
            }
            case STORAGE_CLASS -> {
                storageClasses.remove(name);
                rejudgeClaims(claimsByStorageClass.getOrDefault(name, Set.of()));
            }
            case KUBEVIRT -> changeClusterCrs(() -> kubeVirts.remove(key(namespace, name)));
            case HYPER_CONVERGED -> changeClusterCrs(() -> hyperConvergeds.remove(key(namespace, name)));
        }
    }

    @Override
    public synchronized void clear(WatchedKind kind) {
        switch (kind) {
            case VIRTUAL_MACHINE_INSTANCE -> new ArrayList<>(vmis.keySet()).forEach(this::removeVmi);
            case VIRTUAL_MACHINE -> {
                vms.clear();
                rejudge(new ArrayList<>(vmis.keySet()));
            }
            case PERSISTENT_VOLUME_CLAIM -> {
                pvcs.clear();
                claimsByStorageClass.clear();
                rejudge(new ArrayList<>(vmis.keySet()));
            }
            case STORAGE_CLASS -> {
                storageClasses.clear();
                rejudge(new ArrayList<>(vmis.keySet()));
            }
            case KUBEVIRT -> changeClusterCrs(kubeVirts::clear);
            case HYPER_CONVERGED -> changeClusterCrs(hyperConvergeds::clear);
        }
    }

    private void putVmi(VmiSnapshot vmi) {
        String key = key(vmi.namespace(), vmi.name());
        VmiSnapshot old = vmis.put(key, vmi);
        if (old != null) {
            old.claimNames().forEach(claim -> unindex(vmisByClaim, key(old.namespace(), claim), key));
        }
        vmi.claimNames().forEach(claim -> vmisByClaim.computeIfAbsent(key(vmi.namespace(), claim), k -> new HashSet<>()).add(key));
        judge(key);
    }

    private void removeVmi(String key) {
        VmiSnapshot old = vmis.remove(key);
        if (old != null) {
            old.claimNames().forEach(claim -> unindex(vmisByClaim, key(old.namespace(), claim), key));
        }
        if (facts.remove(key) != null) {
            changed();
        }
    }

    private void putVm(VmSnapshot vm) {
        vms.put(key(vm.namespace(), vm.name()), vm);
        rejudgeOwnedBy(vm.namespace(), vm.name());
    }

    private void putPvc(PvcSnapshot pvc) {
        String key = key(pvc.namespace(), pvc.name());
        PvcSnapshot old = pvcs.put(key, pvc);
        if (old != null) {
            old.storageClassName().ifPresent(sc -> unindex(claimsByStorageClass, sc, key));
        }
        pvc.storageClassName().ifPresent(sc -> claimsByStorageClass.computeIfAbsent(sc, k -> new HashSet<>()).add(key));
        rejudge(vmisByClaim.getOrDefault(key, Set.of()));
    }

    private void putStorageClass(StorageClassSnapshot storageClass) {
        storageClasses.put(storageClass.name(), storageClass);
        rejudgeClaims(claimsByStorageClass.getOrDefault(storageClass.name(), Set.of()));
    }

    private void changeClusterCrs(Runnable change) {
        Optional<EvictionStrategy> before = clusterDefault();
        change.run();
        if (!before.equals(clusterDefault())) {
            rejudge(new ArrayList<>(vmis.keySet()));
        }
    }

    /**
     * KubeVirt's CR is what KubeVirt applies, even when it sets no strategy; HCO's (which HCO mirrors
     * into KubeVirt) stands in only while no KubeVirt CR is seen.
     */
    private Optional<EvictionStrategy> clusterDefault() {
        Map<String, Optional<EvictionStrategy>> source = kubeVirts.isEmpty() ? hyperConvergeds : kubeVirts;
        return source.values().stream().flatMap(Optional::stream).findFirst();
    }

    private void rejudgeOwnedBy(String namespace, String vmName) {
        // A VM's VMI has the VM's name; judge() checks the owner reference itself.
        if (vmis.containsKey(key(namespace, vmName))) {
            judge(key(namespace, vmName));
        }
    }

    private void rejudgeClaims(Set<String> claimKeys) {
        Set<String> affected = new HashSet<>();
        claimKeys.forEach(claim -> affected.addAll(vmisByClaim.getOrDefault(claim, Set.of())));
        rejudge(affected);
    }

    private void rejudge(Iterable<String> vmiKeys) {
        List<String> keys = new ArrayList<>();
        vmiKeys.forEach(keys::add); // a snapshot of the keys: callers pass live views of the reverse indexes
        keys.forEach(this::judge);
    }

    private void judge(String key) {
        VmiSnapshot vmi = vmis.get(key);
        if (vmi == null) {
            return;
        }
        Optional<VmSnapshot> owner = vmi.vmName().map(vm -> vms.get(key(vmi.namespace(), vm)));
        VmiFacts judged = MigratabilityClassifier.classify(vmi, this, owner, clusterDefault(), policy);
        // A VMI that is not running has no facts: judging it again (any status update of a pending
        // VMI, an event on its PVC) is a change only if it was running before.
        boolean changed = judged.running() ? !judged.equals(facts.put(key, judged)) : facts.remove(key) != null;
        if (changed) {
            changed();
        }
    }

    private void changed() {
        view = null;
        lastChange = clock.instant();
    }

    private View view() {
        if (view == null) {
            List<Blocker> blockers = new ArrayList<>();
            WorkloadTally tally = new WorkloadTally();
            for (VmiFacts vmi : facts.values()) {
                vmi.blocker().ifPresent(blockers::add);
                tally.accept(vmi);
            }
            BlockerSnapshot synced = new BlockerSnapshot(true, blockers, facts.size(), lastChange);
            view = new View(synced, new BlockerSnapshot(false, synced.blockers(), facts.size(), lastChange), tally.counts());
        }
        return view;
    }

    private static void unindex(Map<String, Set<String>> index, String key, String value) {
        Set<String> values = index.get(key);
        if (values != null && values.remove(value) && values.isEmpty()) {
            index.remove(key);
        }
    }

    private static String key(HasMetadata object) {
        return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    /** Counts the running VMIs behind the HyperConverged warnings. */
    private static final class WorkloadTally implements Consumer<VmiFacts> {
        private int notMigratable;
        private int notRestarted;
        private int notMigratableNorRestarted;
        private int outdatedLaunchers;
        private int inheritingWhileNotMigratable;

        @Override
        public void accept(VmiFacts vmi) {
            boolean stuck = !vmi.migratable();
            notMigratable += stuck ? 1 : 0;
            notRestarted += vmi.restartsAfterEviction() ? 0 : 1;
            notMigratableNorRestarted += stuck && !vmi.restartsAfterEviction() ? 1 : 0;
            outdatedLaunchers += vmi.outdatedLauncher() ? 1 : 0;
            inheritingWhileNotMigratable += stuck && vmi.evictionStrategyInherited() ? 1 : 0;
        }

        RunningWorkloads counts() {
            return new RunningWorkloads(notMigratable, notRestarted, notMigratableNorRestarted, outdatedLaunchers,
                    inheritingWhileNotMigratable);
        }
    }
}
