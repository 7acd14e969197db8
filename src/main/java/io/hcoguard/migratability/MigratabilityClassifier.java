package io.hcoguard.migratability;

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
     * @param owner the VM named by the VMI's owner reference, if the inventory has it; a VM that
     *     does not own this VMI is ignored
     * @param clusterDefault the KubeVirt CR's {@code spec.configuration.evictionStrategy}
     */
    public static VmiFacts classify(
            VmiSnapshot vmi,
            StorageView storage,
            Optional<VmSnapshot> owner,
            Optional<EvictionStrategy> clusterDefault,
            MigratabilityPolicy policy) {
        List<NotMigratable> reasons = reasons(vmi, storage, policy);
        EvictionStrategy evictionStrategy = vmi.evictionStrategy()
                .or(() -> clusterDefault)
                .orElse(EvictionStrategy.NONE);
        Optional<RunStrategy> runStrategy = owner
                .filter(vm -> vm.namespace().equals(vmi.namespace())
                        && vmi.vmName().filter(vm.name()::equals).isPresent())
                .map(VmSnapshot::runStrategy);
        boolean restarts = runStrategy.filter(RunStrategy.ALWAYS::equals).isPresent();
        Optional<Blocker> blocker = impact(vmi.running(), reasons.isEmpty(), evictionStrategy, restarts)
                .map(impact -> new Blocker(
                        vmi.namespace(), vmi.name(), vmi.vmName(), reasons, evictionStrategy, runStrategy, impact));
        return new VmiFacts(
                vmi.namespace(),
                vmi.name(),
                vmi.vmName(),
                vmi.running(),
                reasons,
                evictionStrategy,
                vmi.evictionStrategy().isEmpty(),
                runStrategy,
                restarts,
                vmi.outdatedLauncher(),
                blocker);
    }

    /** The upgrade rule: only a running VMI that cannot migrate can block. */
    static Optional<Impact> impact(boolean running, boolean migratable, EvictionStrategy strategy, boolean restarts) {
        if (!running || migratable) {
            return Optional.empty();
        }
        if (strategy.stallsDrainWhenNotMigratable()) {
            return Optional.of(Impact.STALLS_DRAIN);
        }
        return restarts ? Optional.empty() : Optional.of(Impact.SHUT_DOWN_FOR_GOOD);
    }

    private static List<NotMigratable> reasons(VmiSnapshot vmi, StorageView storage, MigratabilityPolicy policy) {
        Set<NotMigratable> reasons = new LinkedHashSet<>();
        for (VmiVolume volume : vmi.volumes()) {
            if (volume instanceof VmiVolume.HostDisk) {
                reasons.add(new NotMigratable(NotMigratableReason.HOST_DISK, volume.name()));
            }
            volume.backingClaim()
                    .flatMap(claim -> storage.pvc(vmi.namespace(), claim))
                    .flatMap(pvc -> claimReason(pvc, storage, policy))
                    .ifPresent(reasons::add);
        }
        if (policy.sriovBlocks()) {
            vmi.sriovInterfaces().forEach(i -> reasons.add(new NotMigratable(NotMigratableReason.SRIOV_INTERFACE, i)));
        }
        vmi.hostDevices().forEach(d -> reasons.add(new NotMigratable(NotMigratableReason.HOST_DEVICE, d)));
        vmi.gpus().forEach(g -> reasons.add(new NotMigratable(NotMigratableReason.GPU, g)));
        vmi.liveMigratableFalseReason()
                .ifPresent(r -> reasons.add(new NotMigratable(NotMigratableReason.KUBEVIRT_CONDITION, r)));
        return new ArrayList<>(reasons);
    }

    /**
     * A hostpath volume is named as such (its access modes say nothing more); a PVC whose
     * StorageClass is unknown is judged by its access modes alone. A PVC not in the view is not
     * judged: KubeVirt's own condition still covers it.
     */
    private static Optional<NotMigratable> claimReason(
            PvcSnapshot pvc, StorageView storage, MigratabilityPolicy policy) {
        boolean hostpath = pvc.storageClassName()
                .flatMap(storage::storageClass)
                .filter(sc -> policy.hostpathProvisioners().contains(sc.provisioner()))
                .isPresent();
        if (hostpath) {
            return Optional.of(new NotMigratable(NotMigratableReason.HOSTPATH_VOLUME, pvc.name()));
        }
        if (!pvc.readWriteMany()) {
            return Optional.of(new NotMigratable(NotMigratableReason.NON_RWX_PVC, pvc.name()));
        }
        return Optional.empty();
    }
}
