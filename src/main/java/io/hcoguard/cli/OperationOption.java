package io.hcoguard.cli;

import io.hcoguard.drain.DrainOperation;
import io.hcoguard.drain.MachineConfigPoolSnapshot;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.GateVerdict;
import io.hcoguard.upgrade.UpgradeGate;

/**
 * {@code precheck --operation}: the operation to judge, as an admin names it. A pool is looked up in
 * the cluster read (an unpause judges its pending configuration); {@code drain=NODE} is what
 * {@code oc adm drain NODE} does, judged like a NodeMaintenance of that node.
 */
final class OperationOption {

    static final String SPELLINGS = "cluster-upgrade, virtualization-upgrade, unpause=POOL, maintenance=NODE, drain=NODE";

    private OperationOption() {
    }

    /** Refuses a misspelled operation before anything is read. */
    static void check(String option) throws Options.UsageError {
        if (option.equals("cluster-upgrade") || option.equals("virtualization-upgrade")) {
            return;
        }
        int equals = option.indexOf('=');
        String name = equals < 0 ? option : option.substring(0, equals);
        if (!(name.equals("unpause") || name.equals("maintenance") || name.equals("drain"))) {
            throw new Options.UsageError("--operation must be one of " + SPELLINGS + ", got \"" + option + "\"");
        }
        if (equals < 0 || equals == option.length() - 1) {
            throw new Options.UsageError("--operation " + name + " needs a name: " + name + "="
                    + (name.equals("unpause") ? "POOL" : "NODE"));
        }
    }

    static GateVerdict judge(String option, VerdictSnapshot snapshot, GatePolicy policy) throws Options.UsageError {
        check(option);
        if (option.equals("virtualization-upgrade")) {
            return UpgradeGate.judgeVirtualizationUpgrade(snapshot, policy);
        }
        if (option.equals("cluster-upgrade")) {
            return UpgradeGate.judge(new DrainOperation.ClusterUpgrade(false), snapshot, policy);
        }
        String name = option.substring(option.indexOf('=') + 1);
        if (option.startsWith("unpause=")) {
            MachineConfigPoolSnapshot pool = snapshot.topology().pools().stream()
                    .filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new Options.UsageError("no MachineConfigPool " + name + " in what was read"));
            MachineConfigPoolSnapshot unpaused = new MachineConfigPoolSnapshot(pool.name(), pool.labels(), false,
                    pool.nodeSelector(), pool.machineConfigSelector(), pool.specConfiguration(), pool.statusConfiguration());
            return UpgradeGate.judge(new DrainOperation.PoolUnpause(unpaused), snapshot, policy);
        }
        return UpgradeGate.judge(new DrainOperation.NodeMaintenance(name), snapshot, policy);
    }
}
