package io.hcoguard.upgrade;

import io.hcoguard.migratability.Blocker;
import io.hcoguard.migratability.Impact;
import io.hcoguard.migratability.NotMigratable;
import io.hcoguard.migratability.Remediation;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GET /upgrade-readiness} answers: a plain record for JSON (strings, numbers, lists;
 * no Optional, so any JSON mapper writes it), and {@link #toText()} for people.
 *
 * @param ready synced and nothing blocks
 * @param lastChange ISO-8601 instant of the snapshot's last change
 * @param summary one sentence, the first line of the text form
 * @param blockers every blocking VMI, sorted by namespace and name
 */
public record ReadinessReport(
        boolean ready,
        boolean synced,
        int runningVmis,
        int blockingVmis,
        String lastChange,
        String summary,
        List<Entry> blockers) {

    /**
     * One blocking VMI.
     *
     * @param vm the owning VirtualMachine, null for a standalone VMI
     * @param impact {@code STALLS_DRAIN} or {@code SHUT_DOWN_FOR_GOOD}
     * @param remediation what to do, one sentence
     * @param commands ready-to-run shell commands, empty when a person must act
     */
    public record Entry(
            String namespace,
            String vmi,
            String vm,
            String impact,
            List<String> reasons,
            String evictionStrategy,
            String runStrategy,
            String remediation,
            List<String> commands) {

        public Entry {
            reasons = List.copyOf(reasons);
            commands = List.copyOf(commands);
        }

        static Entry of(Blocker blocker) {
            Remediation remediation = blocker.remediation();
            return new Entry(
                    blocker.namespace(),
                    blocker.vmiName(),
                    blocker.vmName().orElse(null),
                    blocker.impact().name(),
                    blocker.reasons().stream().map(NotMigratable::describe).toList(),
                    blocker.evictionStrategy().spelling(),
                    blocker.runStrategyText(),
                    remediation.advice(),
                    remediation.commands());
        }
    }

    public ReadinessReport {
        blockers = List.copyOf(blockers);
    }

    public static ReadinessReport of(BlockerSnapshot snapshot) {
        int running = snapshot.runningVmis();
        String summary;
        if (!snapshot.synced()) {
            summary = "Unknown: the cluster view (VMIs, VMs, PVCs, StorageClasses) is not synced yet.";
        } else if (snapshot.blockers().isEmpty()) {
            summary = "Ready: none of the " + BlockerSnapshot.runningVmis(running) + " blocks upgrades.";
        } else {
            summary = "Not ready: " + snapshot.blockersSummary() + ".";
        }
        return new ReadinessReport(
                snapshot.ready(),
                snapshot.synced(),
                running,
                snapshot.blockers().size(),
                snapshot.lastChange().toString(),
                summary,
                snapshot.blockers().stream().map(Entry::of).toList());
    }

    /** The summary, then per blocker its line, why it blocks, and its fix with the commands. */
    public String toText() {
        List<String> lines = new ArrayList<>();
        lines.add(summary);
        lines.add("Running VMIs: " + runningVmis + ", as of " + lastChange + ".");
        for (Entry entry : blockers) {
            String owner = entry.vm() == null ? "standalone VMI" : "VM " + entry.namespace() + "/" + entry.vm();
            lines.add("");
            lines.add("- " + entry.namespace() + "/" + entry.vmi() + " (" + owner + ") "
                    + phrase(entry.impact()) + ": " + String.join(", ", entry.reasons()));
            lines.add("  evictionStrategy=" + entry.evictionStrategy() + ", runStrategy=" + entry.runStrategy());
            Remediation.instructions(entry.remediation(), entry.commands()).forEach(line -> lines.add("  " + line));
        }
        return String.join("\n", lines) + "\n";
    }

    private static String phrase(String impact) {
        return Impact.valueOf(impact).phrase();
    }
}
