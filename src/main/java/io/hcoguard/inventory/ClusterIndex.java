package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.hcoguard.drain.InfrastructureSnapshot;
import io.hcoguard.drain.KubeVirtVersion;
import io.hcoguard.drain.MachineConfigPoolSnapshot;
import io.hcoguard.drain.NodeMaintenanceSnapshot;
import io.hcoguard.drain.NodeTopology;
import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.CrSettings;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.FinishedVmiEviction;
import io.hcoguard.migratability.KubeVirtSimulation;
import io.hcoguard.migratability.MigratabilityClassifier;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.PvcSnapshot;
import io.hcoguard.migratability.StorageClassSnapshot;
import io.hcoguard.migratability.StorageView;
import io.hcoguard.migratability.TopologyView;
import io.hcoguard.migratability.VmSnapshot;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiFacts;
import io.hcoguard.migratability.VmiSnapshot;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import io.hcoguard.placement.NodeSnapshot;
import io.hcoguard.placement.PersistentVolumeSnapshot;
import io.hcoguard.placement.Placement;
import io.hcoguard.placement.PlacementVerdict;
import io.hcoguard.placement.SchedulingConstraints;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster as the guard sees it: compact snapshots of the watched objects, the facts derived
 * for each running VMI and KubeVirt's verdict on it (and apart, the finished VMIs whose completed
 * launcher pod stalls a drain under the running KubeVirt version), and reverse indexes so that an event
 * re-judges only the VMIs it can affect (a PVC event the VMIs that mount it, a StorageClass event
 * the VMIs on its PVCs, a VM event its VMI; a KubeVirt or HyperConverged CR event re-judges every
 * verdict from the facts, without classifying again).
 *
 * <p>Writes come from the watch threads ({@link ListWatch}, one per kind) and take the index's lock;
 * reads take none. Each write, or {@link #batch batch} of writes, ends by publishing what readers get,
 * an immutable {@link Published} (the verdicts and the object counts of that moment), through a
 * volatile field, built only when something changed: an admission request never waits for a Node
 * change that re-judges every VMI, it reads the view as it was before it.
 */
public class ClusterIndex implements InventorySink, StorageView, TopologyView {

    private final MigratabilityPolicy policy;
    private final Clock clock;

    private final Map<String, VmiSnapshot> vmis = new HashMap<>();
    private final Map<String, VmSnapshot> vms = new HashMap<>();
    private final Map<String, PvcSnapshot> pvcs = new HashMap<>();
    private final Map<String, StorageClassSnapshot> storageClasses = new HashMap<>();
    private final Map<String, Set<String>> vmisByClaim = new HashMap<>();
    private final Map<String, Set<String>> claimsByStorageClass = new HashMap<>();
    /** The verdict on each running VMI, with the facts it was judged from. */
    private final Map<String, VmiVerdict> verdicts = new HashMap<>();
    /** Finished VMIs whose completed launcher pod stalls a drain under the running KubeVirt version; counted nowhere. */
    private final Map<String, VmiVerdict> finished = new HashMap<>();
    /** What each KubeVirt / HyperConverged CR sets (one of each in a real cluster). */
    private final Map<String, CrSettings> kubeVirts = new TreeMap<>();
    private final Map<String, CrSettings> hyperConvergeds = new TreeMap<>();
    private ClusterSettings settings = ClusterSettings.DEFAULTS;
    /** What decides which nodes an operation drains and where a migration can go. */
    private final Map<String, NodeSnapshot> nodes = new TreeMap<>();
    private final Map<String, PersistentVolumeSnapshot> volumes = new HashMap<>();
    /** The PersistentVolume bound to each claim ("namespace/name"), from the volumes' claimRef. */
    private final Map<String, String> volumeByClaim = new HashMap<>();
    private final Map<String, MachineConfigPoolSnapshot> pools = new TreeMap<>();
    private final Map<String, InfrastructureSnapshot> infrastructures = new TreeMap<>();
    private final Map<String, NodeMaintenanceSnapshot> maintenances = new TreeMap<>();
    private final Map<String, String> kubeVirtVersions = new TreeMap<>();
    /** The first KubeVirt CR's version, parsed once per change: finished VMIs are judged by it. */
    private KubeVirtVersion kubeVirtVersion = KubeVirtVersion.parse(null);
    /**
     * Placement verdicts by (node, constraints, volumes): most VMIs share their constraints, so a
     * Node change that re-judges every VMI judges each combination once. Emptied by every change of
     * what placement reads of a Node.
     */
    private final Map<PlacementKey, PlacementVerdict> placements = new HashMap<>();
    private NodeTopology topology = NodeTopology.UNKNOWN;

    /** The Infrastructure that describes the cluster: a singleton named so (openshift/api config/v1). */
    static final String INFRASTRUCTURE_NAME = "cluster";

    private Instant lastChange;
    /** A verdict, the settings or the topology changed since the last publication. */
    private boolean verdictsChanged = true;
    /** Writes under way as one batch (nested batches count each): the publication waits for the outermost. */
    private int batchDepth;
    /** What readers get, replaced whole by each write that changed something; read without the lock. */
    private volatile Published published;

    /**
     * The view of one moment, immutable: the verdicts and how many objects of each kind the index holds.
     *
     * @param sizes objects per watched kind, every kind present
     */
    record Published(VerdictSnapshot verdicts, Map<WatchedKind, Integer> sizes) {

        Published {
            sizes = Collections.unmodifiableMap(new EnumMap<>(sizes));
        }
    }

    public ClusterIndex(MigratabilityPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        this.lastChange = clock.instant();
        publish();
    }

    // --- reads -------------------------------------------------------------------------------

    /** The view as of the last write that changed it; takes no lock, so it never waits for a write. */
    Published published() {
        return published;
    }

    /** The verdicts as of the last event; {@code synced} is the watches' state at this moment. */
    public VerdictSnapshot verdicts(boolean synced) {
        return published.verdicts().withSynced(synced);
    }

    /** Running VMIs with this drain outcome, from the published snapshot (no snapshot is built). */
    public int count(DrainOutcome outcome) {
        return published.verdicts().count(outcome);
    }

    /** Running VMIs with this workload-update outcome, from the published snapshot. */
    public int count(WorkloadUpdateOutcome outcome) {
        return published.verdicts().count(outcome);
    }

    public int runningVmis() {
        return published.verdicts().runningVmis();
    }

    public ClusterSettings settings() {
        return published.verdicts().settings();
    }

    public int size(WatchedKind kind) {
        return published.sizes().get(kind);
    }

    // --- what the classifier reads while a write judges a VMI (under the lock) --------------------

    @Override
    public synchronized Optional<PvcSnapshot> pvc(String namespace, String name) {
        return Optional.ofNullable(pvcs.get(key(namespace, name)));
    }

    @Override
    public synchronized Optional<StorageClassSnapshot> storageClass(String name) {
        return Optional.ofNullable(storageClasses.get(name));
    }

    @Override
    public synchronized Optional<PersistentVolumeSnapshot> boundVolume(String namespace, String claim) {
        String volume = volumeByClaim.get(key(namespace, claim));
        return volume == null ? Optional.empty() : Optional.ofNullable(volumes.get(volume));
    }

    @Override
    public synchronized PlacementVerdict placement(String node, SchedulingConstraints constraints,
            List<PersistentVolumeSnapshot> bound) {
        return placements.computeIfAbsent(new PlacementKey(node, constraints, bound),
                k -> Placement.judge(node, constraints, bound, nodes.values()));
    }

    // --- writes ------------------------------------------------------------------------------

    /**
     * Runs the writes as one: readers see the view from before them until all are done, and it is
     * published once for all of them (a page of a list, a burst of watch events), not once per
     * object. Holds the lock throughout, so other writers wait, readers do not.
     */
    @Override
    public synchronized <E extends Exception> void batch(Batch<E> writes) throws E {
        batchDepth++;
        try {
            writes.run();
        } finally {
            batchDepth--;
            publish();
        }
    }

    @Override
    public void upsert(WatchedKind kind, HasMetadata object) {
        batch(() -> put(kind, object));
    }

    @Override
    public void remove(WatchedKind kind, HasMetadata object) {
        batch(() -> delete(kind, object));
    }

    @Override
    public void clear(WatchedKind kind) {
        batch(() -> deleteAll(kind));
    }

    private void put(WatchedKind kind, HasMetadata object) {
        switch (kind) {
            case VIRTUAL_MACHINE_INSTANCE -> putVmi(VmiSnapshot.from((GenericKubernetesResource) object));
            case VIRTUAL_MACHINE -> putVm(VmSnapshot.from((GenericKubernetesResource) object));
            case PERSISTENT_VOLUME_CLAIM -> putPvc(PvcSnapshot.from((PersistentVolumeClaim) object));
            case STORAGE_CLASS -> putStorageClass(StorageClassSnapshot.from((StorageClass) object));
            case KUBEVIRT -> changeClusterCrs(() -> kubeVirts.put(key(object),
                    CrSettings.fromKubeVirt((GenericKubernetesResource) object)));
            case HYPER_CONVERGED -> changeClusterCrs(() -> hyperConvergeds.put(key(object),
                    CrSettings.fromHyperConverged((GenericKubernetesResource) object)));
            case NODE -> putNode(NodeSnapshot.from((Node) object));
            case PERSISTENT_VOLUME -> putVolume(PersistentVolumeSnapshot.from((PersistentVolume) object));
            case MACHINE_CONFIG_POOL -> changeTopology(() -> pools.put(key(object),
                    MachineConfigPoolSnapshot.from((GenericKubernetesResource) object)));
            case INFRASTRUCTURE -> changeTopology(() -> infrastructures.put(key(object),
                    InfrastructureSnapshot.from((GenericKubernetesResource) object)));
            case NODE_MAINTENANCE -> changeTopology(() -> maintenances.put(key(object),
                    NodeMaintenanceSnapshot.from((GenericKubernetesResource) object)));
        }
        if (kind == WatchedKind.KUBEVIRT) {
            String version = CrSettings.observedKubeVirtVersion((GenericKubernetesResource) object).orElse(null);
            changeKubeVirtVersion(() -> {
                if (version == null) {
                    kubeVirtVersions.remove(key(object));
                } else {
                    kubeVirtVersions.put(key(object), version);
                }
            });
        }
    }

    private void delete(WatchedKind kind, HasMetadata object) {
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
            case KUBEVIRT -> {
                changeClusterCrs(() -> kubeVirts.remove(key(namespace, name)));
                changeKubeVirtVersion(() -> kubeVirtVersions.remove(key(namespace, name)));
            }
            case HYPER_CONVERGED -> changeClusterCrs(() -> hyperConvergeds.remove(key(namespace, name)));
            case NODE -> {
                if (nodes.remove(name) != null) {
                    placementChanged();
                }
            }
            case PERSISTENT_VOLUME -> removeVolume(name);
            case MACHINE_CONFIG_POOL -> changeTopology(() -> pools.remove(key(namespace, name)));
            case INFRASTRUCTURE -> changeTopology(() -> infrastructures.remove(key(namespace, name)));
            case NODE_MAINTENANCE -> changeTopology(() -> maintenances.remove(key(namespace, name)));
        }
    }

    private void deleteAll(WatchedKind kind) {
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
            case KUBEVIRT -> {
                changeClusterCrs(kubeVirts::clear);
                changeKubeVirtVersion(kubeVirtVersions::clear);
            }
            case HYPER_CONVERGED -> changeClusterCrs(hyperConvergeds::clear);
            case NODE -> {
                nodes.clear();
                placementChanged();
            }
            case PERSISTENT_VOLUME -> new ArrayList<>(volumes.keySet()).forEach(this::removeVolume);
            case MACHINE_CONFIG_POOL -> changeTopology(pools::clear);
            case INFRASTRUCTURE -> changeTopology(infrastructures::clear);
            case NODE_MAINTENANCE -> changeTopology(maintenances::clear);
        }
    }

    /**
     * A Node change re-judges every VMI only when it changes what placement reads (labels, taints,
     * schedulable, Ready): the machine-config operator's annotations change many times per update
     * and only change the topology.
     */
    private void putNode(NodeSnapshot node) {
        NodeSnapshot old = nodes.put(node.name(), node);
        if (old == null || !old.placementFacts().equals(node.placementFacts())) {
            placementChanged();
        } else if (!old.equals(node)) {
            topologyChanged();
        }
    }

    private void placementChanged() {
        placements.clear();
        topologyChanged();
        rejudge(new ArrayList<>(vmis.keySet()));
    }

    private void putVolume(PersistentVolumeSnapshot volume) {
        PersistentVolumeSnapshot old = volumes.put(volume.name(), volume);
        if (volume.equals(old)) {
            return;
        }
        Set<String> affected = new HashSet<>();
        if (old != null) {
            old.claim().ifPresent(claim -> {
                volumeByClaim.remove(key(claim.namespace(), claim.name()), old.name());
                affected.add(key(claim.namespace(), claim.name()));
            });
        }
        volume.claim().ifPresent(claim -> {
            volumeByClaim.put(key(claim.namespace(), claim.name()), volume.name());
            affected.add(key(claim.namespace(), claim.name()));
        });
        rejudgeClaims(affected);
    }

    private void removeVolume(String name) {
        PersistentVolumeSnapshot old = volumes.remove(name);
        if (old != null) {
            old.claim().ifPresent(claim -> {
                volumeByClaim.remove(key(claim.namespace(), claim.name()), name);
                rejudgeClaims(Set.of(key(claim.namespace(), claim.name())));
            });
        }
    }

    /** Pools, the Infrastructure, NodeMaintenances, the KubeVirt version: what scopes an operation, not a verdict. */
    private void changeTopology(Runnable change) {
        change.run();
        topologyChanged();
    }

    /** The version is part of the topology, and finished VMIs are judged by it. */
    private void changeKubeVirtVersion(Runnable change) {
        Optional<String> before = observedKubeVirtVersion();
        changeTopology(change);
        if (!before.equals(observedKubeVirtVersion())) {
            kubeVirtVersion = KubeVirtVersion.parse(observedKubeVirtVersion().orElse(null));
            rejudgeFinished();
        }
    }

    private Optional<String> observedKubeVirtVersion() {
        return kubeVirtVersions.values().stream().findFirst();
    }

    /** Finished VMIs are judged by the version and the cluster's eviction strategy alone, from their snapshot. */
    private void rejudgeFinished() {
        List<String> keys = new ArrayList<>();
        vmis.forEach((key, vmi) -> {
            if (FinishedVmiEviction.finished(vmi.phase())) {
                keys.add(key);
            }
        });
        keys.forEach(this::judge);
    }

    private void topologyChanged() {
        topology = null;
        changed();
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
        forget(key);
        forgetFinished(key);
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

    /** A cluster setting applies to every running VMI: re-judge each from its facts. */
    private void changeClusterCrs(Runnable change) {
        change.run();
        ClusterSettings now = CrSettings.merge(kubeVirts.values(), hyperConvergeds.values());
        if (!now.equals(settings)) {
            settings = now;
            changed(); // the snapshot carries the settings, even with no VMI to re-judge
            for (VmiVerdict verdict : new ArrayList<>(verdicts.values())) {
                record(key(verdict.vmi().namespace(), verdict.vmi().name()),
                        KubeVirtSimulation.judge(verdict.vmi(), settings));
            }
            rejudgeFinished();
        }
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
        // A VMI that is not running has no running verdict: judging it again (any status update of a pending
        // VMI, an event on its PVC) is a change only if it was running before, or if it has finished and its
        // completed launcher pod stalls a drain.
        if (!vmi.running()) {
            forget(key);
            Optional<VmiVerdict> stalls = FinishedVmiEviction.judge(vmi, owner, settings, kubeVirtVersion);
            if (stalls.isEmpty()) {
                forgetFinished(key);
            } else if (!stalls.get().equals(finished.put(key, stalls.get()))) {
                changed();
            }
            return;
        }
        forgetFinished(key);
        VmiFacts facts = MigratabilityClassifier.classify(vmi, this, this, owner, policy);
        VmiVerdict current = verdicts.get(key);
        if (current == null || !current.vmi().equals(facts)) {
            record(key, KubeVirtSimulation.judge(facts, settings));
        }
    }

    private void record(String key, VmiVerdict verdict) {
        VmiVerdict old = verdicts.put(key, verdict);
        if (!verdict.equals(old)) {
            changed();
        }
    }

    private void forget(String key) {
        if (verdicts.remove(key) != null) {
            changed();
        }
    }

    private void forgetFinished(String key) {
        if (finished.remove(key) != null) {
            changed();
        }
    }

    private void changed() {
        verdictsChanged = true;
        lastChange = clock.instant();
    }

    /**
     * At the end of the outermost write: a new {@link Published} when a verdict, the settings, the
     * topology or an object count changed, the old one otherwise. The snapshot is built here, once
     * per change, by the writer: never by a reader, never per request.
     */
    private void publish() {
        if (batchDepth > 0) {
            return;
        }
        Map<WatchedKind, Integer> sizes = new EnumMap<>(WatchedKind.class);
        for (WatchedKind kind : WatchedKind.values()) {
            sizes.put(kind, heldOf(kind));
        }
        Published last = published;
        if (!verdictsChanged && last != null && last.sizes().equals(sizes)) {
            return;
        }
        VerdictSnapshot snapshot = last == null || verdictsChanged ? snapshot() : last.verdicts();
        verdictsChanged = false;
        published = new Published(snapshot, sizes);
    }

    private VerdictSnapshot snapshot() {
        if (topology == null) {
            topology = new NodeTopology(new ArrayList<>(nodes.values()), new ArrayList<>(pools.values()),
                    Optional.ofNullable(infrastructures.get(key(null, INFRASTRUCTURE_NAME))), new ArrayList<>(maintenances.values()),
                    observedKubeVirtVersion());
        }
        return VerdictSnapshot.of(true, new ArrayList<>(verdicts.values()), new ArrayList<>(finished.values()), settings,
                topology, lastChange);
    }

    private int heldOf(WatchedKind kind) {
        return switch (kind) {
            case VIRTUAL_MACHINE_INSTANCE -> vmis.size();
            case VIRTUAL_MACHINE -> vms.size();
            case PERSISTENT_VOLUME_CLAIM -> pvcs.size();
            case STORAGE_CLASS -> storageClasses.size();
            case KUBEVIRT -> kubeVirts.size();
            case HYPER_CONVERGED -> hyperConvergeds.size();
            case NODE -> nodes.size();
            case PERSISTENT_VOLUME -> volumes.size();
            case MACHINE_CONFIG_POOL -> pools.size();
            case INFRASTRUCTURE -> infrastructures.size();
            case NODE_MAINTENANCE -> maintenances.size();
        };
    }

    private static void unindex(Map<String, Set<String>> index, String key, String value) {
        Set<String> values = index.get(key);
        if (values != null && values.remove(value) && values.isEmpty()) {
            index.remove(key);
        }
    }

    /** What a placement verdict depends on, besides the Nodes. */
    private record PlacementKey(String node, SchedulingConstraints constraints, List<PersistentVolumeSnapshot> volumes) {
    }

    private static String key(HasMetadata object) {
        return key(object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }
}
