package io.hcoguard.migratability;

import java.util.Optional;

/** What owns a VMI (its controlling owner reference), and so whether anything starts it again after eviction. */
public sealed interface VmiController {

    /** A VirtualMachine; {@code runStrategy} is empty while the VM is not in the view. */
    record VirtualMachine(String name, Optional<RunStrategy> runStrategy) implements VmiController {
    }

    /** A VirtualMachineInstanceReplicaSet: it replaces a VMI that ended. */
    record ReplicaSet(String name) implements VmiController {
    }

    /** A VMI created directly: nothing restarts it. */
    record Standalone() implements VmiController {
    }

    Standalone STANDALONE = new Standalone();

    /**
     * Whether a VMI shut down by an eviction comes back: only a VM with runStrategy Always (the VM
     * controller's syncRunStrategy) or a ReplicaSet. RerunOnFailure does not: an evicted VMI ends
     * Succeeded (kubevirt/kubevirt#9823).
     */
    default boolean restartsAfterEviction() {
        if (this instanceof VirtualMachine vm) {
            return vm.runStrategy().filter(RunStrategy.ALWAYS::equals).isPresent();
        }
        return this instanceof ReplicaSet;
    }

    /**
     * Whether a VMI stopped by a reboot of its node (single-node OpenShift updates reboot without a
     * drain) comes back: its launcher pod dies with the node, the VMI ends Failed, and the VM
     * controller starts it again for runStrategy Always and for RerunOnFailure, which restarts a
     * Failed VMI (pkg/virt-controller/watch/vm/vm.go, syncRunStrategy); a ReplicaSet replaces it.
     */
    default boolean restartsAfterNodeReboot() {
        if (this instanceof VirtualMachine vm) {
            return vm.runStrategy().filter(r -> r == RunStrategy.ALWAYS || r == RunStrategy.RERUN_ON_FAILURE).isPresent();
        }
        return this instanceof ReplicaSet;
    }

    /** "VM ns/name", "VirtualMachineInstanceReplicaSet ns/name", "standalone VMI". */
    default String describe(String namespace) {
        if (this instanceof VirtualMachine vm) {
            return "VM " + namespace + "/" + vm.name();
        }
        if (this instanceof ReplicaSet rs) {
            return "VirtualMachineInstanceReplicaSet " + namespace + "/" + rs.name();
        }
        return "standalone VMI";
    }

    /** Why it is or is not started again, e.g. "runStrategy Manual", "VM not found". */
    default String restartText() {
        if (this instanceof VirtualMachine vm) {
            return vm.runStrategy().map(r -> "runStrategy " + r.spelling()).orElse("VM not found");
        }
        return this instanceof ReplicaSet ? "replaced by its ReplicaSet" : "standalone VMI";
    }
}
