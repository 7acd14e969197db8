package io.hcoguard.migratability;

import java.util.List;
import java.util.Optional;

/**
 * What the guard derives about one VMI (DESIGN "The upgrade rule"); the inventory keeps the
 * {@link #blocker()} in its index and the counts the HyperConverged warnings need.
 *
 * @param evictionStrategy the VMI's own, else the cluster default, else None
 * @param evictionStrategyInherited the VMI sets none itself, so it follows the cluster default
 * @param runStrategy the owning VM's run strategy, empty for a standalone VMI or an unseen VM
 * @param restartsAfterEviction owned by a VirtualMachine whose run strategy is Always
 * @param blocker present when this VMI blocks upgrades
 */
public record VmiFacts(
        String namespace,
        String name,
        Optional<String> vmName,
        boolean running,
        List<NotMigratable> reasons,
        EvictionStrategy evictionStrategy,
        boolean evictionStrategyInherited,
        Optional<RunStrategy> runStrategy,
        boolean restartsAfterEviction,
        boolean outdatedLauncher,
        Optional<Blocker> blocker) {

    public VmiFacts {
        reasons = List.copyOf(reasons);
    }

    public boolean migratable() {
        return reasons.isEmpty();
    }

    public boolean blocksUpgrades() {
        return blocker.isPresent();
    }
}
