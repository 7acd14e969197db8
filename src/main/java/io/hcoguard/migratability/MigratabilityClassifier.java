package io.hcoguard.migratability;

import io.hcoguard.placement.PersistentVolumeSnapshot;
import io.hcoguard.placement.PlacementVerdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Derives {@link VmiFacts} from snapshots: pure, cheap, called once per watch event. */
public final class MigratabilityClassifier {

    private MigratabilityClassifier() {
    }

    /**
     * @param owner the VM named by the VMI's owner reference, if the view has it; a VM that does
     *     not own this VMI is ignored
     */
    public static VmiFacts classify(VmiSnapshot vmi, StorageView storage, TopologyView topology, Optional<VmSnapshot> owner,
            MigratabilityPolicy policy) {
        return new VmiFacts(
                vmi.namespace(),
                vmi.name(),
                vmi.node(),
                controller(vmi, owner),
                vmi.evictionStrategy(),
                migratability(vmi, storage, topology, policy),
                vmi.outdatedLauncher(),
                vmi.movement());
    }

    static VmiController controller(VmiSnapshot vmi, Optional<VmSnapshot> owner) {
        if (vmi.vmName().isPresent()) {
            String name = vmi.vmName().get();
            Optional<RunStrategy> runStrategy = owner
                    .filter(vm -> vm.namespace().equals(vmi.namespace()) && vm.name().equals(name))
                    .map(VmSnapshot::runStrategy);
            return new VmiController.VirtualMachine(name, runStrategy);
        }
        return vmi.replicaSetName().<VmiController>map(VmiController.ReplicaSet::new).orElse(VmiController.STANDALONE);
    }

    static Migratability migratability(VmiSnapshot vmi, StorageView storage, TopologyView topology, MigratabilityPolicy policy) {
        Set<NotMigratable> causes = new LinkedHashSet<>();
        Set<NotMigratable> failures = new LinkedHashSet<>();
        for (VmiVolume volume : vmi.volumes()) {
            if (volume instanceof VmiVolume.HostDisk hostDisk && !hostDisk.shared()) {
                causes.add(new NotMigratable(NotMigratableReason.HOST_DISK, volume.name()));
            }
            volume.backingClaim()
                    .flatMap(claim -> storage.pvc(vmi.namespace(), claim))
                    .ifPresent(pvc -> judgeClaim(pvc, storage, policy, causes, failures));
        }
        if (topology.placement(vmi.node(), vmi.scheduling(), boundVolumes(vmi, topology)) instanceof PlacementVerdict.NoTarget none) {
            failures.add(new NotMigratable(NotMigratableReason.NO_MIGRATION_TARGET, none.reason()));
        }
        if (policy.sriovBlocks()) {
            vmi.sriovInterfaces().forEach(i -> failures.add(new NotMigratable(NotMigratableReason.SRIOV_INTERFACE, i)));
        }
        vmi.hostDevices().forEach(d -> causes.add(new NotMigratable(NotMigratableReason.HOST_DEVICE, d)));
        if (vmi.gpus().size() > 1) {
            causes.add(new NotMigratable(NotMigratableReason.GPUS, String.join(", ", vmi.gpus())));
        }
        return new Migratability(vmi.liveMigratable(), new ArrayList<>(causes), new ArrayList<>(failures));
    }

    /**
     * The PersistentVolumes behind the VMI's claims (a DataVolume's claim has its name) whose node
     * affinity binds the target. Those without one place nothing, and leaving them out lets VMIs on
     * shared storage share one placement verdict (the index memoises by node, constraints and volumes).
     */
    private static List<PersistentVolumeSnapshot> boundVolumes(VmiSnapshot vmi, TopologyView topology) {
        List<PersistentVolumeSnapshot> volumes = new ArrayList<>();
        for (String claim : vmi.claimNames()) {
            topology.boundVolume(vmi.namespace(), claim).filter(volume -> volume.nodeAffinity().isPresent()).ifPresent(volumes::add);
        }
        return volumes;
    }

    /**
     * A hostpath volume pins the VMI to its node even when its claim says ReadWriteMany; a claim
     * without ReadWriteMany explains KubeVirt's DisksNotLiveMigratable. A PVC whose StorageClass is
     * unknown is judged by its access modes alone; a PVC not in the view is not judged (KubeVirt's
     * condition still covers it).
     */
    private static void judgeClaim(PvcSnapshot pvc, StorageView storage, MigratabilityPolicy policy,
            Set<NotMigratable> causes, Set<NotMigratable> failures) {
        boolean hostpath = pvc.storageClassName()
                .flatMap(storage::storageClass)
                .filter(sc -> policy.hostpathProvisioners().contains(sc.provisioner()))
                .isPresent();
        if (hostpath) {
            failures.add(new NotMigratable(NotMigratableReason.HOSTPATH_VOLUME, pvc.name()));
        } else if (!pvc.readWriteMany()) {
            causes.add(new NotMigratable(NotMigratableReason.NON_RWX_PVC, pvc.name()));
        }
    }
}
