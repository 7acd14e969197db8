package io.hcoguard.migratability;

import java.util.ArrayList;
import java.util.List;

/**
 * How to make one VMI stop blocking an upgrade, fitted to its outcome (DESIGN "The upgrade rule").
 * Never advises a change that turns a VMI that migrates into one that shuts down.
 */
public sealed interface Remediation {

    /** One sentence for people, without a final full stop. */
    String advice();

    /** Ready-to-run shell commands, in order; none when the fix needs a person's hands. */
    List<String> commands();

    /** The advice, then each command indented on its own line, as messages and reports print it. */
    default List<String> instructions() {
        return instructions(advice(), commands());
    }

    static List<String> instructions(String advice, List<String> commands) {
        List<String> lines = new ArrayList<>(commands.size() + 1);
        lines.add(advice + (commands.isEmpty() ? "." : ":"));
        commands.forEach(command -> lines.add("  " + command));
        return lines;
    }

    /** The fix for a VMI that would stall a drain or be shut down for good by one. */
    static Remediation forDrain(VmiVerdict verdict) {
        VmiFacts vmi = verdict.vmi();
        if (verdict.finished().isPresent()) {
            return new DeleteFinishedVmi(vmi.namespace(), vmi.name(), verdict.finished().get().kubeVirtVersion());
        }
        return switch (verdict.drain().outcome()) {
            case STALLS_DRAIN -> stopStalling(verdict);
            case SHUT_DOWN_FOR_GOOD -> restartAfterEviction(vmi);
            case WAITS_FOR_EXTERNAL_CONTROLLER -> new ExternalController(vmi.namespace(), vmi.name());
            case MIGRATES, RESTARTED -> new NoneNeeded();
        };
    }

    /** The fix for a VMI that the workload update would shut down for good. */
    static Remediation forUpdate(VmiVerdict verdict) {
        return verdict.update().outcome() == WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD
                ? restartAfterEviction(verdict.vmi())
                : new NoneNeeded();
    }

    /** The fix for a VMI that a reboot of its node (single-node OpenShift) would leave stopped. */
    static Remediation forReboot(VmiFacts vmi) {
        return vmi.controller().restartsAfterNodeReboot() ? new NoneNeeded() : restartAfterEviction(vmi);
    }

    private static Remediation restartAfterEviction(VmiFacts vmi) {
        if (vmi.controller() instanceof VmiController.VirtualMachine vm) {
            return new RunAlways(vmi.namespace(), vm.name());
        }
        return new RecreateAsVm(vmi.namespace(), vmi.name(), "runStrategy Always");
    }

    /**
     * A VMI KubeVirt does not try to migrate is served by LiveMigrateIfPossible (shut down and
     * restarted now, migrated once it can be); one whose migration KubeVirt tries and cannot
     * finish needs None, or LiveMigrateIfPossible would try that migration forever too.
     */
    private static Remediation stopStalling(VmiVerdict verdict) {
        VmiFacts vmi = verdict.vmi();
        EvictionStrategy target = verdict.migratability().kubeVirtWillMigrate()
                ? EvictionStrategy.NONE
                : EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE;
        if (vmi.controller() instanceof VmiController.VirtualMachine vm) {
            return new ChangeVmEvictionStrategy(vmi.namespace(), vm.name(), target);
        }
        if (vmi.controller() instanceof VmiController.ReplicaSet rs) {
            return new ChangeReplicaSetEvictionStrategy(vmi.namespace(), rs.name(), vmi.name(), target);
        }
        return new RecreateAsVm(vmi.namespace(), vmi.name(),
                "runStrategy Always and evictionStrategy " + target.spelling());
    }

    /** The VM controller reads runStrategy live: the VMI needs no restart. */
    record RunAlways(String namespace, String vmName) implements Remediation {

        /** {@code running} is removed because KubeVirt rejects a VM that sets both it and runStrategy. */
        public static final String MERGE_PATCH = "{\"spec\":{\"running\":null,\"runStrategy\":\"Always\"}}";

        @Override
        public String advice() {
            return "Set runStrategy Always on VM " + namespace + "/" + vmName
                    + " (read live by the VM controller, no restart needed)";
        }

        @Override
        public List<String> commands() {
            return List.of("kubectl patch vm " + vmName + " -n " + namespace + " --type=merge -p '" + MERGE_PATCH + "'");
        }
    }

    /** A running VMI keeps the strategy it started with: the VM must restart to pick the new one up. */
    record ChangeVmEvictionStrategy(String namespace, String vmName, EvictionStrategy strategy) implements Remediation {

        public String mergePatch() {
            return "{\"spec\":{\"running\":null,\"runStrategy\":\"Always\",\"template\":{\"spec\":{\"evictionStrategy\":\""
                    + strategy.spelling() + "\"}}}}";
        }

        @Override
        public String advice() {
            return "Make VM " + namespace + "/" + vmName + " migratable, or set evictionStrategy "
                    + strategy.spelling() + " with runStrategy Always, then restart it so the running VMI picks them up";
        }

        @Override
        public List<String> commands() {
            return List.of(
                    "kubectl patch vm " + vmName + " -n " + namespace + " --type=merge -p '" + mergePatch() + "'",
                    "virtctl restart " + vmName + " -n " + namespace);
        }
    }

    /** The ReplicaSet replaces a deleted VMI from its template, with the new strategy. */
    record ChangeReplicaSetEvictionStrategy(String namespace, String replicaSetName, String vmiName, EvictionStrategy strategy)
            implements Remediation {

        @Override
        public String advice() {
            return "Make VMI " + namespace + "/" + vmiName + " migratable, or set evictionStrategy "
                    + strategy.spelling() + " in VirtualMachineInstanceReplicaSet " + replicaSetName
                    + "'s template, then delete the VMI so it is replaced";
        }

        @Override
        public List<String> commands() {
            return List.of(
                    "kubectl patch vmirs " + replicaSetName + " -n " + namespace
                            + " --type=merge -p '{\"spec\":{\"template\":{\"spec\":{\"evictionStrategy\":\""
                            + strategy.spelling() + "\"}}}}'",
                    "kubectl delete vmi " + vmiName + " -n " + namespace);
        }
    }

    /** Nothing starts a bare VMI again after eviction: only a VirtualMachine can own the fix. */
    record RecreateAsVm(String namespace, String vmiName, String settings) implements Remediation {

        @Override
        public String advice() {
            return "Recreate standalone VMI " + namespace + "/" + vmiName + " as a VirtualMachine with " + settings;
        }

        @Override
        public List<String> commands() {
            return List.of();
        }
    }

    /**
     * Deleting a finished VMI deletes its completed launcher pod (virt-controller's {@code VMIController.sync}
     * deletes the pods of a VMI being deleted) and stops nothing: its VM keeps its runStrategy.
     */
    record DeleteFinishedVmi(String namespace, String vmiName, String kubeVirtVersion) implements Remediation {

        @Override
        public String advice() {
            return "Delete finished VMI " + namespace + "/" + vmiName + " (its completed virt-launcher pod goes with it),"
                    + " or update KubeVirt " + kubeVirtVersion + " to " + FinishedVmiEviction.FIXED_IN + " or later";
        }

        @Override
        public List<String> commands() {
            return List.of("kubectl delete vmi " + vmiName + " -n " + namespace);
        }
    }

    /** External VMIs are KubeVirt's by design to leave alone: their controller moves them. */
    record ExternalController(String namespace, String vmiName) implements Remediation {

        @Override
        public String advice() {
            return "VMI " + namespace + "/" + vmiName + " has evictionStrategy External: check that its external"
                    + " controller (cluster-api-provider-kubevirt, HyperShift) removes it when its node drains";
        }

        @Override
        public List<String> commands() {
            return List.of();
        }
    }

    /** It migrates or comes back by itself. */
    record NoneNeeded() implements Remediation {

        @Override
        public String advice() {
            return "No action needed";
        }

        @Override
        public List<String> commands() {
            return List.of();
        }
    }
}
