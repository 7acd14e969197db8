package io.hcoguard.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.hcoguard.admission.Decision;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.Remediation;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.VmiController;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadUpdateOutcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges requests sent to {@code /validate-upgrade} (DESIGN "Requests the guard gates"). Pure and
 * cheap: allowing reads a few per-outcome counts of the snapshot; a denial prints at most
 * {@code maxListed} blockers.
 *
 * <p>A ClusterVersion update rolls every node and drains it: it is judged by the drain outcomes
 * (STALLS_DRAIN and SHUT_DOWN_FOR_GOOD block; External too with {@code guard.upgrade.external-blocks}).
 * An OKD Virtualization InstallPlan drains no node: KubeVirt's workload updater moves the VMIs, so
 * it is judged by the workload-update outcomes (SHUT_DOWN_FOR_GOOD blocks; STAYS_OUTDATED warns).
 *
 * <p>Decisions beyond the DESIGN text:
 * <ul>
 *   <li>A ClusterVersion target is (version, image, architecture); changing only {@code force}
 *       requests no new target and passes untouched. Clearing {@code desiredUpdate} passes; so does
 *       a target that names the release the cluster already wants ({@code status.desired}).
 *   <li>InstallPlan CREATE passes: OLM creates plans (approved ones under Automatic approval) and
 *       must not be blocked; only a person's approval (UPDATE false to true) is gated.
 *   <li>{@code force: true} and the override annotation matter only when the gate would deny;
 *       force wins over the annotation, as the cluster-version operator's own escape hatch.
 *   <li>The override annotation also lets an unverifiable request through (the watches may be
 *       broken in exactly the emergency it exists for); an empty reason is refused.
 *   <li>Subscription warnings are given on every CREATE and UPDATE of a listed package; an absent
 *       channel is the package's default channel and gets none.
 * </ul>
 */
public final class UpgradeGate {

    public static final String OVERRIDE_ANNOTATION = "hco-guard.io/allow-upgrade-with-blockers";
    public static final String READINESS_PATH = "/upgrade-readiness";
    public static final String SUPPORTED_CHANNEL = "stable";
    /**
     * The risk `oc adm upgrade accept` names to let a ClusterVersion update through like the override
     * annotation: the name the cluster-version operator gives ClusterOperator hco-guard's
     * Upgradeable=False (openshift/cluster-version-operator pkg/risk/upgradeable/upgradeable.go,
     * risks(): source name "ClusterOperatorUpgradeable" + "-" + the ClusterOperator's name), so one
     * acceptance answers both.
     */
    public static final String ACCEPTED_RISK = "ClusterOperatorUpgradeable-hco-guard";

    private UpgradeGate() {
    }

    /** What is being upgraded, as the denial names it, and the resource name kubectl uses for it. */
    private enum Subject {
        CLUSTER("Cluster upgrade", "clusterversion"),
        VIRTUALIZATION("OKD Virtualization upgrade", "installplan");

        final String title;
        final String resource;

        Subject(String title, String resource) {
            this.title = title;
            this.resource = resource;
        }

        /** The running VMIs that block this upgrade, by node, namespace and name. */
        List<VmiVerdict> blockers(VerdictSnapshot snapshot, GatePolicy policy) {
            if (this == VIRTUALIZATION) {
                return snapshot.withUpdate(WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD);
            }
            return snapshot.withDrain(drainBlocking(policy));
        }

        /** What KubeVirt does to one blocker, as its line in a denial says it. */
        String consequence(VmiVerdict verdict) {
            return this == VIRTUALIZATION ? verdict.update().consequence() : verdict.drain().consequence();
        }

        Remediation remediation(VmiVerdict verdict) {
            return this == VIRTUALIZATION ? verdict.updateRemediation() : verdict.drainRemediation();
        }

        /** Counted warnings: outcomes that do not block but that the admin should know of. */
        List<String> warnings(VerdictSnapshot snapshot, GatePolicy policy) {
            if (!snapshot.synced()) {
                return List.of();
            }
            if (this == VIRTUALIZATION) {
                int outdated = snapshot.count(WorkloadUpdateOutcome.STAYS_OUTDATED);
                return outdated == 0 ? List.of() : List.of(BlockerCounts.runningVmis(outdated)
                        + " will keep the outdated launcher until " + (outdated == 1 ? "it restarts" : "they restart")
                        + " (cannot migrate, or Evict not listed)");
            }
            int external = snapshot.count(DrainOutcome.WAITS_FOR_EXTERNAL_CONTROLLER);
            return external == 0 || policy.externalBlocks() ? List.of() : List.of(BlockerCounts.runningVmis(external)
                    + " with evictionStrategy External " + DrainOutcome.WAITS_FOR_EXTERNAL_CONTROLLER.phrase(external)
                    + " at each drain");
        }
    }

    /** The drain outcomes that deny a ClusterVersion update under this policy. */
    public static Set<DrainOutcome> drainBlocking(GatePolicy policy) {
        Set<DrainOutcome> blocking = EnumSet.noneOf(DrainOutcome.class);
        for (DrainOutcome outcome : DrainOutcome.values()) {
            if (outcome.blocksClusterUpgrade()
                    || (outcome == DrainOutcome.WAITS_FOR_EXTERNAL_CONTROLLER && policy.externalBlocks())) {
                blocking.add(outcome);
            }
        }
        return blocking;
    }

    public static GateVerdict judge(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        return switch (request.kind()) {
            case CLUSTER_VERSION -> clusterVersion(request, snapshot, policy);
            case INSTALL_PLAN -> installPlan(request, snapshot, policy);
            case SUBSCRIPTION -> subscription(request, policy);
            case OTHER -> new GateVerdict(
                    // 49: the longest kind name that keeps the warning under 120 characters
                    Decision.allow().withWarning("hco-guard does not gate " + clip(request.kindName(), 49)
                            + "; the webhook configuration should not send it"),
                    GateOutcome.UNEXPECTED_KIND);
        };
    }

    private static GateVerdict clusterVersion(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        if (request.operation() != Operation.UPDATE) {
            return notGated();
        }
        JsonNode desiredUpdate = request.object().path("spec").path("desiredUpdate");
        Optional<UpdateTarget> target = UpdateTarget.of(desiredUpdate);
        boolean newTarget = target.isPresent()
                && !target.equals(UpdateTarget.of(request.oldObject().path("spec").path("desiredUpdate")))
                && !target.get().isRelease(request.oldObject().path("status").path("desired"));
        if (!newTarget) {
            return notGated();
        }
        return gate(Subject.CLUSTER, desiredUpdate.path("force").asBoolean(false), request, snapshot, policy);
    }

    private static GateVerdict installPlan(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        if (request.operation() != Operation.UPDATE) {
            return notGated();
        }
        JsonNode spec = request.object().path("spec");
        boolean approvedNow = spec.path("approved").asBoolean(false)
                && !request.oldObject().path("spec").path("approved").asBoolean(false);
        if (!approvedNow || !installsVirtualization(spec.path("clusterServiceVersionNames"), policy)) {
            return notGated();
        }
        return gate(Subject.VIRTUALIZATION, false, request, snapshot, policy);
    }

    private static boolean installsVirtualization(JsonNode csvNames, GatePolicy policy) {
        for (JsonNode csvName : csvNames) {
            String name = text(csvName);
            if (policy.csvNamePrefixes().stream().anyMatch(name::startsWith)) {
                return true;
            }
        }
        return false;
    }

    private static GateVerdict subscription(GatedRequest request, GatePolicy policy) {
        JsonNode spec = request.object().path("spec");
        boolean edit = request.operation() == Operation.CREATE || request.operation() == Operation.UPDATE;
        if (!edit || !policy.subscriptionPackages().contains(text(spec.path("name")))) {
            return notGated();
        }
        List<String> warnings = new ArrayList<>();
        if ("Manual".equals(text(spec.path("installPlanApproval")))) {
            warnings.add("installPlanApproval: Manual risks supportability (OKD Virtualization falls behind);"
                    + " Automatic is recommended");
        }
        String channel = text(spec.path("channel"));
        if (!channel.isEmpty() && !SUPPORTED_CHANNEL.equals(channel)) {
            warnings.add("channel \"" + clip(channel, 40) + "\" is not \"" + SUPPORTED_CHANNEL
                    + "\", the supported channel of OKD Virtualization");
        }
        return new GateVerdict(Decision.allow().withWarnings(warnings), GateOutcome.NOT_GATED);
    }

    /** A gated request: allowed when nothing blocks, else forced, overridden or denied. */
    private static GateVerdict gate(
            Subject subject, boolean force, GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        List<VmiVerdict> blockers = subject.blockers(snapshot, policy);
        List<String> warnings = subject.warnings(snapshot, policy);
        if (snapshot.synced() && blockers.isEmpty()) {
            return new GateVerdict(Decision.allow().withWarnings(warnings), GateOutcome.ALLOWED);
        }
        if (!snapshot.synced() && !policy.failClosed()) {
            return new GateVerdict(
                    Decision.allow().withWarning("hco-guard cannot verify this upgrade (cluster view not synced yet);"
                            + " allowed as failClosed is off"),
                    GateOutcome.ALLOWED_NOT_SYNCED);
        }
        if (force) {
            String warning = snapshot.synced()
                    ? "force: true bypasses hco-guard although " + BlockerCounts.runningVmis(blockers.size())
                            + (blockers.size() == 1 ? " blocks it" : " block it") + " (GET " + READINESS_PATH + ")"
                    : "force: true bypasses hco-guard, which cannot verify VMIs yet (cluster view not synced)";
            Decision forced = Decision.allow().withWarning(warning).withAuditAnnotation("forced", "true");
            return new GateVerdict(withBlockersAudit(forced, snapshot, blockers, policy), GateOutcome.FORCED);
        }
        Optional<OverrideReason> override = OverrideReason.of(request.object());
        if (override.isPresent()) {
            return override(override.get(), subject, request, snapshot, blockers, policy);
        }
        List<String> lines = problem(subject, snapshot, blockers, policy);
        lines.addAll(overrideHint(subject, request, policy));
        GateOutcome outcome = snapshot.synced() ? GateOutcome.DENIED_BLOCKERS : GateOutcome.DENIED_NOT_SYNCED;
        return new GateVerdict(Decision.deny(String.join("\n", lines)), outcome);
    }

    private static GateVerdict override(OverrideReason override, Subject subject, GatedRequest request, VerdictSnapshot snapshot,
            List<VmiVerdict> blockers, GatePolicy policy) {
        String reason = override.reason();
        RequestUser user = request.user();
        boolean permitted = user.groups().stream().anyMatch(policy.overrideGroups()::contains);
        String refusal;
        if (policy.overrideGroups().isEmpty()) {
            refusal = "Override refused: no override group is configured, so nobody may override the upgrade gate.";
        } else if (!permitted) {
            refusal = "Override refused: user " + user.username()
                    + " may not override the upgrade gate; only members of " + groups(policy) + " may.";
        } else if (reason.isEmpty()) {
            refusal = "Override refused: " + OVERRIDE_ANNOTATION + " needs the reason as its value.";
        } else {
            String warning = snapshot.synced()
                    ? "Upgrade gate overridden although " + BlockerCounts.runningVmis(blockers.size())
                            + (blockers.size() == 1 ? " blocks it" : " block it") + "; " + override.undo()
                    : "Upgrade gate overridden unverified (cluster view not synced); " + override.undo();
            Decision overridden = Decision.allow()
                    .withWarning(warning)
                    .withAuditAnnotation("override-user", user.username())
                    .withAuditAnnotation("override-reason", reason);
            return new GateVerdict(withBlockersAudit(overridden, snapshot, blockers, policy), GateOutcome.OVERRIDDEN);
        }
        List<String> lines = new ArrayList<>();
        lines.add(refusal);
        lines.addAll(problem(subject, snapshot, blockers, policy));
        return new GateVerdict(Decision.deny(String.join("\n", lines)), GateOutcome.OVERRIDE_REFUSED);
    }

    /** Why the request would be denied: the unsynced view, or the blockers by node with one fix to copy. */
    private static List<String> problem(
            Subject subject, VerdictSnapshot snapshot, List<VmiVerdict> blockers, GatePolicy policy) {
        List<String> lines = new ArrayList<>();
        if (!snapshot.synced()) {
            lines.add(subject.title + " blocked: hco-guard cannot verify it, its view of VMIs, VMs, PVCs and"
                    + " StorageClasses is not synced yet.");
            lines.add("Retry in a minute; if this persists, check the hco-guard pod's readiness and logs.");
            return lines;
        }
        if (subject == Subject.VIRTUALIZATION) {
            lines.add(subject.title + " blocked: the workload update (workloadUpdateMethods "
                    + snapshot.settings().workloadUpdate().methodsText() + ") would shut down "
                    + BlockerCounts.runningVmis(blockers.size()) + " for good.");
        } else {
            lines.add(subject.title + " blocked: " + BlockerCounts.drainSummary(blockers) + ".");
            lines.add("By node: " + byNode(blockers));
        }
        int listed = Math.min(policy.maxListed(), blockers.size());
        for (VmiVerdict blocker : blockers.subList(0, listed)) {
            lines.add("- " + blocker.title() + ": " + subject.consequence(blocker));
            lines.add("  " + why(blocker) + blocker.settingsText());
        }
        if (blockers.size() > listed) {
            lines.add("... and " + (blockers.size() - listed) + " more");
        }
        VmiVerdict example = blockers.stream()
                .filter(b -> !(b.vmi().controller() instanceof VmiController.Standalone))
                .findFirst().orElse(blockers.get(0));
        lines.addAll(subject.remediation(example).instructions());
        String repeat = repeatAdvice(example, blockers);
        if (!repeat.isEmpty()) {
            lines.add(repeat);
        }
        if (subject == Subject.VIRTUALIZATION) {
            lines.add("Or remove \"Evict\" from workloadUpdateMethods in the HyperConverged CR"
                    + " (those VMIs then keep the outdated launcher until they restart).");
        }
        lines.add("Every blocker with its fix: GET " + READINESS_PATH);
        return lines;
    }

    /** "why: LiveMigratable=False (DisksNotLiveMigratable), PVC data not ReadWriteMany; ", or nothing when it migrates. */
    private static String why(VmiVerdict verdict) {
        String text = verdict.migratability().reasonsText();
        return text.isEmpty() ? "" : "why: " + text + "; ";
    }

    /** "worker-1: 2, worker-2: 1": drains go node by node. */
    private static String byNode(List<VmiVerdict> blockers) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        blockers.forEach(b -> counts.merge(b.vmi().nodeText(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((node, count) -> parts.add(node + ": " + count));
        return String.join(", ", parts);
    }

    private static String repeatAdvice(VmiVerdict example, List<VmiVerdict> blockers) {
        long standalone = blockers.stream().filter(b -> b.vmi().controller() instanceof VmiController.Standalone).count();
        long owned = blockers.size() - standalone;
        List<String> advice = new ArrayList<>();
        if (!(example.vmi().controller() instanceof VmiController.Standalone)) {
            if (owned > 1) {
                advice.add("Repeat for every VM listed.");
            }
            if (standalone > 0) {
                advice.add("Recreate each standalone VMI as a VirtualMachine with runStrategy Always.");
            }
        } else if (standalone > 1) {
            advice.add("Do the same for every standalone VMI listed.");
        }
        return String.join(" ", advice);
    }

    private static List<String> overrideHint(Subject subject, GatedRequest request, GatePolicy policy) {
        if (policy.overrideGroups().isEmpty()) {
            return List.of("Overriding is disabled: no override group is configured.");
        }
        JsonNode metadata = request.object().path("metadata");
        String namespace = text(metadata.path("namespace"));
        return List.of(
                "To upgrade anyway, a member of " + groups(policy)
                        + " may annotate this object with a reason, then retry:",
                "  kubectl annotate " + subject.resource + " " + text(metadata.path("name"))
                        + (namespace.isEmpty() ? "" : " -n " + namespace)
                        + " " + OVERRIDE_ANNOTATION + "='<reason>'");
    }

    /** Records what was let through: the number of blockers and the first ones by name. */
    private static Decision withBlockersAudit(
            Decision decision, VerdictSnapshot snapshot, List<VmiVerdict> blockers, GatePolicy policy) {
        if (!snapshot.synced()) {
            return decision.withAuditAnnotation("blockers", "unknown");
        }
        int listed = Math.min(policy.maxListed(), blockers.size());
        List<String> names = new ArrayList<>();
        blockers.subList(0, listed).forEach(b -> names.add(b.vmi().ref()));
        if (blockers.size() > listed) {
            names.add("... and " + (blockers.size() - listed) + " more");
        }
        return decision
                .withAuditAnnotation("blockers", Integer.toString(blockers.size()))
                .withAuditAnnotation("blocking-vmis", String.join(",", names));
    }

    private static GateVerdict notGated() {
        return new GateVerdict(Decision.allow(), GateOutcome.NOT_GATED);
    }

    private static String groups(GatePolicy policy) {
        TreeSet<String> sorted = new TreeSet<>(policy.overrideGroups());
        return (sorted.size() == 1 ? "group " : "groups ") + String.join(", ", sorted);
    }

    /** A scalar's text, trimmed; anything else (missing, null, object, array) is empty. */
    static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asText().trim() : "";
    }

    /** Keeps text the user chose short enough for a warning line. */
    static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /**
     * A person's reason to let the request through despite the gate: the override annotation's
     * value, else, on a ClusterVersion, {@link #ACCEPTED_RISK} in {@code spec.desiredUpdate.acceptRisks}
     * (set by `oc adm upgrade accept`; feature-gated ClusterVersions only). Either is judged alike.
     *
     * @param undo what the admin does afterwards, as the warning says it
     */
    private record OverrideReason(String reason, String undo) {

        static Optional<OverrideReason> of(JsonNode object) {
            JsonNode annotation = object.path("metadata").path("annotations").path(OVERRIDE_ANNOTATION);
            if (!annotation.isMissingNode()) {
                return Optional.of(new OverrideReason(text(annotation), "remove the annotation afterwards"));
            }
            for (JsonNode risk : object.path("spec").path("desiredUpdate").path("acceptRisks")) {
                if (ACCEPTED_RISK.equals(text(risk.path("name")))) {
                    return Optional.of(new OverrideReason("accepted risk " + ACCEPTED_RISK, "unaccept the risk afterwards"));
                }
            }
            return Optional.empty();
        }
    }

    /** What a ClusterVersion {@code spec.desiredUpdate} asks for; {@code force} is how, not what. */
    private record UpdateTarget(String version, String image, String architecture) {

        static Optional<UpdateTarget> of(JsonNode desiredUpdate) {
            UpdateTarget target = new UpdateTarget(
                    text(desiredUpdate.path("version")),
                    text(desiredUpdate.path("image")),
                    text(desiredUpdate.path("architecture")));
            boolean empty = target.version.isEmpty() && target.image.isEmpty() && target.architecture.isEmpty();
            return empty ? Optional.empty() : Optional.of(target);
        }

        /** Names the release in {@code status.desired}: nothing would roll out. */
        boolean isRelease(JsonNode desired) {
            return architecture.isEmpty()
                    && (version.isEmpty() || version.equals(text(desired.path("version"))))
                    && (image.isEmpty() || image.equals(text(desired.path("image"))));
        }
    }
}
