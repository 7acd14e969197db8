package io.hcoguard.migratability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Whether KubeVirt will live migrate a VMI, and whether that migration can succeed.
 *
 * @param condition KubeVirt's LiveMigratable condition: the authority on whether it tries
 * @param causes what the guard sees that explains a condition that is not True (non-RWX PVCs,
 *     hostDisks, host devices, GPUs); ignored when KubeVirt reports the VMI migratable
 * @param failures reasons a migration KubeVirt tries cannot succeed (hostpath, node pin, cluster
 *     switch, SR-IOV when configured to block)
 */
public record Migratability(LiveMigratable condition, List<NotMigratable> causes, List<NotMigratable> failures) {

    /** Reasons past this many are summed up as "and N more" in one-line descriptions. */
    static final int REASONS_PER_LINE = 3;

    public Migratability {
        Objects.requireNonNull(condition, "condition");
        causes = List.copyOf(causes);
        failures = List.copyOf(failures);
    }

    /** KubeVirt's IsMigratable(): it migrates on eviction and in the workload update. */
    public boolean kubeVirtWillMigrate() {
        return condition.kubeVirtWillMigrate();
    }

    /** With the cluster's live migration switched off (detail: the field that is 0). */
    public Migratability withLiveMigrationOff(String field) {
        List<NotMigratable> all = new ArrayList<>(failures);
        all.add(new NotMigratable(NotMigratableReason.LIVE_MIGRATION_OFF, field));
        return new Migratability(condition, causes, all);
    }

    /** Every reason that matters, in the order people read them: KubeVirt's verdict first. */
    public List<NotMigratable> reasons() {
        List<NotMigratable> reasons = new ArrayList<>();
        if (!kubeVirtWillMigrate()) {
            reasons.add(new NotMigratable(NotMigratableReason.KUBEVIRT_CONDITION, condition.describe()));
            reasons.addAll(causes);
        }
        reasons.addAll(failures);
        return reasons;
    }

    /** "LiveMigratable=False (DisksNotLiveMigratable), PVC data not ReadWriteMany"; empty when it migrates. */
    public String reasonsText() {
        List<NotMigratable> reasons = reasons();
        String shown = reasons.stream().limit(REASONS_PER_LINE).map(NotMigratable::describe)
                .collect(Collectors.joining(", "));
        int hidden = reasons.size() - REASONS_PER_LINE;
        return hidden > 0 ? shown + " and " + hidden + " more" : shown;
    }

    /** The failures alone, for "its migration cannot succeed (...)". */
    String failuresText() {
        return failures.stream().map(NotMigratable::describe).collect(Collectors.joining(", "));
    }
}
