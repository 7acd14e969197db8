package io.hcoguard.migratability;

import java.util.ArrayList;
import java.util.List;

/** How to make one blocking VMI stop blocking upgrades. */
public sealed interface Remediation {

    /**
     * The merge patch for a VM: restart after eviction, never refuse eviction. {@code running} is
     * removed because KubeVirt rejects a VM that sets both it and {@code runStrategy}.
     */
    String VM_MERGE_PATCH = "{\"spec\":{\"running\":null,\"runStrategy\":\"Always\","
            + "\"template\":{\"spec\":{\"evictionStrategy\":\"None\"}}}}";

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

    static Remediation of(Blocker blocker) {
        return blocker.vmName()
                .<Remediation>map(vm -> new PatchVm(
                        blocker.namespace(), vm, blocker.evictionStrategy().stallsDrainWhenNotMigratable()))
                .orElseGet(() -> new RecreateAsVm(blocker.namespace(), blocker.vmiName()));
    }

    /**
     * Patch the VM; {@code restart} when the running VMI keeps a strategy that refuses eviction
     * (a VMI keeps the strategy it started with).
     */
    record PatchVm(String namespace, String vmName, boolean restart) implements Remediation {

        @Override
        public String advice() {
            String fix = "Fix VM " + namespace + "/" + vmName + ": set runStrategy Always and evictionStrategy None";
            return restart ? fix + ", then restart it so the running VMI picks them up" : fix + " (no restart needed)";
        }

        @Override
        public List<String> commands() {
            String patch = "kubectl patch vm " + vmName + " -n " + namespace
                    + " --type=merge -p '" + VM_MERGE_PATCH + "'";
            return restart ? List.of(patch, "virtctl restart " + vmName + " -n " + namespace) : List.of(patch);
        }
    }

    /** Nothing starts a bare VMI again after eviction: only a VirtualMachine can own the fix. */
    record RecreateAsVm(String namespace, String vmiName) implements Remediation {

        @Override
        public String advice() {
            return "Fix standalone VMI " + namespace + "/" + vmiName
                    + ": recreate it as a VirtualMachine with runStrategy Always and evictionStrategy None";
        }

        @Override
        public List<String> commands() {
            return List.of();
        }
    }
}
