package io.hcoguard.migratability;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A running VMI that blocks upgrades, with everything a person needs to fix it.
 *
 * @param vmName the owning VirtualMachine, empty for a standalone VMI
 * @param runStrategy the owning VM's run strategy; empty for a standalone VMI or a VM not (yet) seen
 */
public record Blocker(
        String namespace,
        String vmiName,
        Optional<String> vmName,
        List<NotMigratable> reasons,
        EvictionStrategy evictionStrategy,
        Optional<RunStrategy> runStrategy,
        Impact impact) {

    public static final Comparator<Blocker> BY_NAMESPACE_AND_NAME =
            Comparator.comparing(Blocker::namespace).thenComparing(Blocker::vmiName);

    /** Reasons past this many are summed up as "and N more" in one-line descriptions. */
    static final int REASONS_PER_LINE = 3;

    public Blocker {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(vmiName, "vmiName");
        reasons = List.copyOf(reasons);
        Objects.requireNonNull(evictionStrategy, "evictionStrategy");
        Objects.requireNonNull(impact, "impact");
    }

    public boolean standalone() {
        return vmName.isEmpty();
    }

    /** "namespace/name" of the VMI. */
    public String vmiRef() {
        return namespace + "/" + vmiName;
    }

    /** The run strategy as printed: a standalone VMI has none, a VM not seen yet an unknown one. */
    public String runStrategyText() {
        if (standalone()) {
            return "none";
        }
        return runStrategy.map(RunStrategy::spelling).orElse("unknown (VM not found)");
    }

    /** "ns/vmi (VM ns/vm): reasons; evictionStrategy=LiveMigrate, runStrategy=Manual". */
    public String describe() {
        String owner = vmName.map(vm -> "VM " + namespace + "/" + vm).orElse("standalone VMI");
        return vmiRef() + " (" + owner + "): " + reasonsText()
                + "; evictionStrategy=" + evictionStrategy.spelling() + ", runStrategy=" + runStrategyText();
    }

    public Remediation remediation() {
        return Remediation.of(this);
    }

    private String reasonsText() {
        String shown = reasons.stream()
                .limit(REASONS_PER_LINE)
                .map(NotMigratable::describe)
                .collect(Collectors.joining(", "));
        int hidden = reasons.size() - REASONS_PER_LINE;
        return hidden > 0 ? shown + " and " + hidden + " more" : shown;
    }
}
