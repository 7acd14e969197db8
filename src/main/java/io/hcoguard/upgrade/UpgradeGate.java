package io.hcoguard.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.hcoguard.admission.Decision;
import io.hcoguard.migratability.Blocker;
import io.hcoguard.migratability.Remediation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Judges requests sent to {@code /validate-upgrade} (DESIGN "Requests the guard gates"). Pure and
 * cheap: allowing reads two fields of the snapshot; a denial counts its blockers once and prints at
 * most {@code maxListed} of them.
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
    }

    public static GateVerdict judge(GatedRequest request, BlockerSnapshot snapshot, GatePolicy policy) {
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

    private static GateVerdict clusterVersion(GatedRequest request, BlockerSnapshot snapshot, GatePolicy policy) {
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

    private static GateVerdict installPlan(GatedRequest request, BlockerSnapshot snapshot, GatePolicy policy) {
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
            Subject subject, boolean force, GatedRequest request, BlockerSnapshot snapshot, GatePolicy policy) {
        if (snapshot.ready()) {
            return new GateVerdict(Decision.allow(), GateOutcome.ALLOWED);
        }
        if (!snapshot.synced() && !policy.failClosed()) {
            return new GateVerdict(
                    Decision.allow().withWarning("hco-guard cannot verify this upgrade (cluster view not synced yet);"
                            + " allowed as failClosed is off"),
                    GateOutcome.ALLOWED_NOT_SYNCED);
        }
        if (force) {
            String warning = snapshot.synced()
                    ? "force: true bypasses hco-guard although " + blockingVmis(snapshot)
                            + " cannot live migrate (GET " + READINESS_PATH + ")"
                    : "force: true bypasses hco-guard, which cannot verify VMIs yet (cluster view not synced)";
            Decision forced = Decision.allow().withWarning(warning).withAuditAnnotation("forced", "true");
            return new GateVerdict(withBlockersAudit(forced, snapshot, policy), GateOutcome.FORCED);
        }
        JsonNode annotation = request.object().path("metadata").path("annotations").path(OVERRIDE_ANNOTATION);
        if (!annotation.isMissingNode()) {
            return override(text(annotation), subject, request, snapshot, policy);
        }
        List<String> lines = problem(subject, snapshot, policy);
        lines.addAll(overrideHint(subject, request, policy));
        GateOutcome outcome = snapshot.synced() ? GateOutcome.DENIED_BLOCKERS : GateOutcome.DENIED_NOT_SYNCED;
        return new GateVerdict(Decision.deny(String.join("\n", lines)), outcome);
    }

    private static GateVerdict override(
            String reason, Subject subject, GatedRequest request, BlockerSnapshot snapshot, GatePolicy policy) {
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
                    ? "Upgrade gate overridden although " + blockingVmis(snapshot)
                            + " cannot live migrate; remove the annotation afterwards"
                    : "Upgrade gate overridden unverified (cluster view not synced); remove the annotation afterwards";
            Decision overridden = Decision.allow()
                    .withWarning(warning)
                    .withAuditAnnotation("override-user", user.username())
                    .withAuditAnnotation("override-reason", reason);
            return new GateVerdict(withBlockersAudit(overridden, snapshot, policy), GateOutcome.OVERRIDDEN);
        }
        List<String> lines = new ArrayList<>();
        lines.add(refusal);
        lines.addAll(problem(subject, snapshot, policy));
        return new GateVerdict(Decision.deny(String.join("\n", lines)), GateOutcome.OVERRIDE_REFUSED);
    }

    /** Why the request would be denied: the unsynced view, or the blockers with one fix to copy. */
    private static List<String> problem(Subject subject, BlockerSnapshot snapshot, GatePolicy policy) {
        List<String> lines = new ArrayList<>();
        if (!snapshot.synced()) {
            lines.add(subject.title + " blocked: hco-guard cannot verify it, its view of VMIs, VMs, PVCs and"
                    + " StorageClasses is not synced yet.");
            lines.add("Retry in a minute; if this persists, check the hco-guard pod's readiness and logs.");
            return lines;
        }
        List<Blocker> blockers = snapshot.blockers();
        lines.add(subject.title + " blocked: " + snapshot.blockersSummary() + ".");
        int listed = Math.min(policy.maxListed(), blockers.size());
        for (Blocker blocker : blockers.subList(0, listed)) {
            lines.add("- " + blocker.describe());
        }
        if (blockers.size() > listed) {
            lines.add("... and " + (blockers.size() - listed) + " more");
        }
        Blocker example = blockers.stream().filter(b -> !b.standalone()).findFirst().orElse(blockers.get(0));
        lines.addAll(example.remediation().instructions());
        String repeat = repeatAdvice(example, blockers);
        if (!repeat.isEmpty()) {
            lines.add(repeat);
        }
        lines.add("Every blocker with its fix: GET " + READINESS_PATH);
        return lines;
    }

    private static String repeatAdvice(Blocker example, List<Blocker> blockers) {
        long standalone = blockers.stream().filter(Blocker::standalone).count();
        long owned = blockers.size() - standalone;
        List<String> advice = new ArrayList<>();
        if (example.remediation() instanceof Remediation.PatchVm) {
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
    private static Decision withBlockersAudit(Decision decision, BlockerSnapshot snapshot, GatePolicy policy) {
        if (!snapshot.synced()) {
            return decision.withAuditAnnotation("blockers", "unknown");
        }
        List<Blocker> blockers = snapshot.blockers();
        int listed = Math.min(policy.maxListed(), blockers.size());
        List<String> names = new ArrayList<>();
        blockers.subList(0, listed).forEach(b -> names.add(b.vmiRef()));
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

    private static String blockingVmis(BlockerSnapshot snapshot) {
        return BlockerSnapshot.runningVmis(snapshot.blockers().size());
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
