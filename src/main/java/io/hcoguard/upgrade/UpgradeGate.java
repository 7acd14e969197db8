package io.hcoguard.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.admission.Decision;
import io.hcoguard.drain.DrainOperation;
import io.hcoguard.drain.DrainScope;
import io.hcoguard.drain.MachineConfigPoolSnapshot;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.FinishedVmiEviction;
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
import java.util.function.Function;

/**
 * Judges requests sent to {@code /validate-upgrade} (DESIGN "Requests the guard gates" and "Which
 * nodes an operation drains"). Pure and cheap: allowing reads the blockers of the nodes the operation
 * reaches from the snapshot; a denial prints at most {@code maxListed} blockers.
 *
 * <p>An operation that drains nodes is judged on the VMIs of those nodes only, by their drain
 * outcomes (STALLS_DRAIN and SHUT_DOWN_FOR_GOOD block; External too with
 * {@code guard.upgrade.external-blocks}): a ClusterVersion update (the nodes of every pool that is not
 * paused), the unpause of a MachineConfigPool with a configuration pending (its nodes), a
 * NodeMaintenance (its node). On a single-node topology the machine-config operator reboots the node
 * without a drain: a VMI that is not started again after the reboot blocks. A cordon and a
 * MachineConfig, KubeletConfig or ContainerRuntimeConfig change get warnings only. An OKD
 * Virtualization InstallPlan drains no node: KubeVirt's workload updater moves the VMIs, so it is
 * judged by the workload-update outcomes (SHUT_DOWN_FOR_GOOD blocks; STAYS_OUTDATED warns).
 *
 * <p>Decisions beyond the DESIGN text:
 * <ul>
 *   <li>A ClusterVersion target is (version, image, architecture); changing only {@code force}
 *       requests no new target and passes untouched. Clearing {@code desiredUpdate} passes; so does
 *       a target that names the release the cluster already wants ({@code status.desired}).
 *   <li>{@code mode: Preflight} updates nothing: allowed, with a warning saying what would block the
 *       update itself. Dropping the mode from the same target starts the update: judged as a new target.
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
    /** {@code spec.desiredUpdate.mode} of a ClusterVersion that checks a target without updating (openshift/api). */
    static final String PREFLIGHT = "Preflight";
    private static final ObjectMapper OBJECTS = new ObjectMapper();
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

    /** How long a warning line may be: kubectl prints each on its own line, after "Warning: ". */
    static final int WARNING_LENGTH = 119;
    /** The fixes in a warning's few words; the denial and the report give each VM's own, with commands. */
    static final String FIX_STALL = "fix each that stalls: make it migratable, or evictionStrategy LiveMigrateIfPossible"
            + " + runStrategy Always, then restart";
    static final String FIX_FINISHED = "fix each finished VMI: delete it (its launcher pod goes with it), or update KubeVirt to "
            + FinishedVmiEviction.FIXED_IN + " or later";
    static final String FIX_STOP = "fix each that stays off: set runStrategy Always on its VM (read live, no restart needed)";
    /** Nodes named in a line about the nodes an operation drains; the rest are counted. */
    private static final int NODES_SHOWN = 5;

    /**
     * One gated operation as a denial names it: what it is, the object to annotate, what blocks it and
     * the lines that say why.
     *
     * @param title "Cluster upgrade", "Unpause of MachineConfigPool worker", "Maintenance of node worker-2"
     * @param annotate the kubectl resource and name to annotate ("clusterversion version")
     * @param created the request creates the object: the annotation goes into it before it is created
     * @param summary the rest of the first line of a denial, after "blocked: "
     * @param details the lines after the summary and before the blockers
     * @param warnings counted warnings of outcomes that do not block
     */
    private record Judgement(String title, String annotate, boolean created, Function<VmiVerdict, String> consequence,
            Function<VmiVerdict, Remediation> remediation, List<VmiVerdict> blockers, String summary, List<String> details,
            List<String> warnings, List<String> closing) {

        static Judgement ofDrain(String title, String annotate, boolean created, OperationBlockers judged) {
            List<VmiVerdict> blockers = judged.blockers();
            String summary;
            List<String> details = new ArrayList<>();
            if (judged.effect() == OperationBlockers.Effect.REBOOT) {
                summary = "on a single-node topology the node reboots without a drain, and "
                        + BlockerCounts.runningVmis(blockers.size()) + (blockers.size() == 1 ? " is" : " are")
                        + " not started again after it.";
            } else {
                summary = BlockerCounts.drainSummary(blockers) + ".";
                details.add("By node: " + byNode(blockers));
            }
            if (judged.scope().nodes() instanceof DrainScope.NodeSet.Named) {
                details.add("Nodes " + judged.scope().disruption().words() + ": " + judged.nodesText(NODES_SHOWN) + ".");
            }
            return new Judgement(title, annotate, created, judged.effect()::consequence, judged.effect()::remediation,
                    blockers, summary, details, drainWarnings(judged), List.of());
        }
    }

    /** Paused pools whose unpause these VMIs will block, and External VMIs waiting at each drain. */
    private static List<String> drainWarnings(OperationBlockers judged) {
        List<String> warnings = new ArrayList<>();
        judged.pausedPools().forEach((pool, waiting) -> warnings.add(clip(BlockerCounts.vmis(waiting)
                + " on paused pool " + pool + " will block its unpause (" + (judged.effect() == OperationBlockers.Effect.REBOOT
                        ? "not started again after a reboot" : "they would stall the drain or be shut down for good")
                + ")", WARNING_LENGTH)));
        if (judged.external() > 0) {
            warnings.add(BlockerCounts.runningVmis(judged.external()) + " with evictionStrategy External "
                    + DrainOutcome.WAITS_FOR_EXTERNAL_CONTROLLER.phrase(judged.external()) + " at each drain");
        }
        return warnings;
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
            case MACHINE_CONFIG_POOL -> poolUnpause(request, snapshot, policy);
            case NODE_MAINTENANCE -> nodeMaintenance(request, snapshot, policy);
            case NODE -> cordon(request, snapshot, policy);
            case MACHINE_CONFIG, KUBELET_CONFIG, CONTAINER_RUNTIME_CONFIG -> machineConfigChange(request, snapshot, policy);
            case OTHER -> new GateVerdict(
                    // 49: the longest kind name that keeps the warning under 120 characters
                    Decision.allow().withWarning("hco-guard does not gate " + clip(request.kindName(), 49)
                            + "; the webhook configuration should not send it"),
                    GateOutcome.UNEXPECTED_KIND);
        };
    }

    /**
     * One operation judged without a request ({@code hco-guard precheck --operation}): what the gate
     * would answer to it, without the override and force, which belong to a request.
     *
     * @param operation a cluster upgrade, a pool unpause or a node maintenance; anything else drains
     *     nothing by itself and is judged as the drain it leads to, for warnings
     */
    public static GateVerdict judge(DrainOperation operation, VerdictSnapshot snapshot, GatePolicy policy) {
        String title = Character.toUpperCase(operation.description().charAt(0)) + operation.description().substring(1);
        return withoutRequest(Judgement.ofDrain(title, "", false, OperationBlockers.of(operation, snapshot, policy, true)),
                snapshot, policy);
    }

    /** An OKD Virtualization upgrade judged without a request: the workload update's blockers. */
    public static GateVerdict judgeVirtualizationUpgrade(VerdictSnapshot snapshot, GatePolicy policy) {
        return withoutRequest(virtualization(GatedRequest.of("", "", "UPDATE", null, null, null, false), snapshot),
                snapshot, policy);
    }

    private static GateVerdict withoutRequest(Judgement judgement, VerdictSnapshot snapshot, GatePolicy policy) {
        if (snapshot.synced() && judgement.blockers().isEmpty()) {
            return new GateVerdict(Decision.allow().withWarnings(judgement.warnings()), GateOutcome.ALLOWED);
        }
        GateOutcome outcome = snapshot.synced() ? GateOutcome.DENIED_BLOCKERS : GateOutcome.DENIED_NOT_SYNCED;
        return new GateVerdict(Decision.deny(String.join("\n", problem(judgement, snapshot, judgement.blockers(), policy))),
                outcome);
    }

    private static GateVerdict clusterVersion(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        if (request.operation() != Operation.UPDATE) {
            return notGated();
        }
        JsonNode desiredUpdate = request.object().path("spec").path("desiredUpdate");
        JsonNode oldDesiredUpdate = request.oldObject().path("spec").path("desiredUpdate");
        boolean preflight = PREFLIGHT.equals(text(desiredUpdate.path("mode")));
        // A target that was only preflighted was never updated to: dropping the mode starts the update.
        boolean committed = !preflight && PREFLIGHT.equals(text(oldDesiredUpdate.path("mode")));
        Optional<UpdateTarget> target = UpdateTarget.of(desiredUpdate);
        boolean newTarget = target.isPresent()
                && (committed || !target.equals(UpdateTarget.of(oldDesiredUpdate)))
                && !target.get().isRelease(request.oldObject().path("status").path("desired"));
        if (!newTarget) {
            return notGated();
        }
        Judgement judgement = Judgement.ofDrain("Cluster upgrade", "clusterversion " + name(request), false,
                OperationBlockers.of(new DrainOperation.ClusterUpgrade(preflight), snapshot, policy, false));
        if (preflight) {
            return preflight(judgement, snapshot);
        }
        return gate(judgement, desiredUpdate.path("force").asBoolean(false), request, snapshot, policy);
    }

    /** {@code mode: Preflight} updates nothing: it passes, with what would block the update itself. */
    private static GateVerdict preflight(Judgement judgement, VerdictSnapshot snapshot) {
        List<String> warnings = new ArrayList<>();
        if (!snapshot.synced()) {
            warnings.add("Preflight: hco-guard cannot verify the update itself yet (cluster view not synced)");
        } else if (!judgement.blockers().isEmpty()) {
            warnings.add(clip("Preflight: the update itself would be refused: " + BlockerCounts.vmis(judgement.blockers())
                    + (judgement.blockers().size() == 1 ? " blocks it" : " block it") + " (GET " + READINESS_PATH + ")",
                    WARNING_LENGTH));
        }
        warnings.addAll(judgement.warnings());
        return new GateVerdict(Decision.allow().withWarnings(warnings), GateOutcome.NOT_GATED);
    }

    /** A MachineConfigPool unpaused while a configuration waits: its nodes are drained one by one. */
    private static GateVerdict poolUnpause(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        if (request.operation() != Operation.UPDATE) {
            return notGated();
        }
        MachineConfigPoolSnapshot pool = MachineConfigPoolSnapshot.from(resource(request.object()));
        boolean unpaused = request.oldObject().path("spec").path("paused").asBoolean(false) && !pool.paused();
        if (!unpaused || !pool.pendingConfiguration()) {
            return notGated();
        }
        Judgement judgement = Judgement.ofDrain("Unpause of MachineConfigPool " + pool.name(),
                "machineconfigpool " + pool.name(), false,
                OperationBlockers.of(new DrainOperation.PoolUnpause(pool), snapshot, policy, false));
        return gate(judgement, false, request, snapshot, policy);
    }

    /** A NodeMaintenance created: node-maintenance-operator cordons and drains its node. */
    private static GateVerdict nodeMaintenance(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        if (request.operation() != Operation.CREATE) {
            return notGated();
        }
        String node = text(request.object().path("spec").path("nodeName"));
        if (node.isEmpty()) {
            return notGated(); // the CRD requires spec.nodeName; nothing is drained without one
        }
        Judgement judgement = Judgement.ofDrain("Maintenance of node " + node, "nodemaintenance " + name(request), true,
                OperationBlockers.of(new DrainOperation.NodeMaintenance(node), snapshot, policy, false));
        return gate(judgement, false, request, snapshot, policy);
    }

    /**
     * A cordon ({@code spec.unschedulable} false to true), the first step of {@code oc adm drain}:
     * never refused, warned about with what the drain that follows would do.
     */
    private static GateVerdict cordon(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        boolean cordoned = request.operation() == Operation.UPDATE
                && request.object().path("spec").path("unschedulable").asBoolean(false)
                && !request.oldObject().path("spec").path("unschedulable").asBoolean(false);
        if (!cordoned) {
            return notGated();
        }
        String node = name(request);
        OperationBlockers judged = OperationBlockers.of(new DrainOperation.Cordon(node), snapshot, policy, true);
        return warnOnly("draining " + node, judged, snapshot);
    }

    /** A MachineConfig, KubeletConfig or ContainerRuntimeConfig change may drain the nodes of its pools. */
    private static GateVerdict machineConfigChange(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        JsonNode object = request.operation() == Operation.DELETE ? request.oldObject() : request.object();
        Optional<DrainOperation.MachineConfigChange> change = DrainOperation.MachineConfigChange.of(resource(object));
        if (change.isEmpty() || request.operation() == Operation.CONNECT || request.operation() == Operation.OTHER) {
            return notGated();
        }
        OperationBlockers judged = OperationBlockers.of(change.get(), snapshot, policy, true);
        if (judged.scope().disruption() == DrainScope.Disruption.NONE) {
            return notGated();
        }
        // "draining worker-1 for MachineConfig 99-x", to read on as "would stall on ..." as a cordon's does
        String what = (judged.effect() == OperationBlockers.Effect.REBOOT ? "rebooting " : "draining ") + judged.nodesText(2)
                + " for " + change.get().kind().kind() + " " + change.get().name();
        return warnOnly(what, judged, snapshot);
    }

    /**
     * Warnings for an operation that is never refused: which VMIs the drain (or reboot) would stall
     * or stop, and the fix for the first.
     */
    private static GateVerdict warnOnly(String what, OperationBlockers judged, VerdictSnapshot snapshot) {
        if (!snapshot.synced()) {
            return new GateVerdict(Decision.allow().withWarning(clip("hco-guard cannot tell what " + what
                    + " would do to VMIs (cluster view not synced)", WARNING_LENGTH)), GateOutcome.ALLOWED_NOT_SYNCED);
        }
        List<String> warnings = new ArrayList<>();
        if (judged.effect() == OperationBlockers.Effect.REBOOT) {
            // not started again after the reboot: what a drain's SHUT_DOWN_FOR_GOOD is, in the same words
            warnings.add(vmiList(what + " would shut down for good ", judged.blockers()));
        } else {
            List<VmiVerdict> stalls = judged.blockers().stream()
                    .filter(v -> v.drain().outcome() != DrainOutcome.SHUT_DOWN_FOR_GOOD).toList();
            List<VmiVerdict> stopped = judged.blockers().stream()
                    .filter(v -> v.drain().outcome() == DrainOutcome.SHUT_DOWN_FOR_GOOD).toList();
            if (!stalls.isEmpty()) {
                warnings.add(vmiList(what + " would stall on ", stalls));
            }
            if (!stopped.isEmpty()) {
                warnings.add(vmiList(what + " would shut down for good ", stopped));
            }
        }
        warnings.removeIf(String::isEmpty);
        boolean stalls = judged.blockers().stream().anyMatch(v -> judged.effect() == OperationBlockers.Effect.DRAIN
                && v.drain().outcome() != DrainOutcome.SHUT_DOWN_FOR_GOOD && !v.isFinished());
        boolean finished = judged.blockers().stream().anyMatch(VmiVerdict::isFinished);
        boolean stopped = judged.blockers().stream().anyMatch(v -> judged.effect() == OperationBlockers.Effect.REBOOT
                || v.drain().outcome() == DrainOutcome.SHUT_DOWN_FOR_GOOD);
        if (stalls) {
            warnings.add(FIX_STALL);
        }
        if (finished) {
            warnings.add(FIX_FINISHED);
        }
        if (stopped) {
            warnings.add(FIX_STOP);
        }
        warnings.addAll(drainWarnings(judged));
        return new GateVerdict(Decision.allow().withWarnings(warnings), GateOutcome.NOT_GATED);
    }

    /** "draining worker-1 would stall on 2 running VMIs: ns/a, ns/b", as many names as fit in a warning. */
    private static String vmiList(String head, List<VmiVerdict> vmis) {
        if (vmis.isEmpty()) {
            return "";
        }
        StringBuilder line = new StringBuilder(head).append(BlockerCounts.vmis(vmis)).append(": ");
        for (int i = 0; i < vmis.size(); i++) {
            String name = vmis.get(i).vmi().ref();
            String more = " and " + (vmis.size() - i) + " more";
            boolean last = i == vmis.size() - 1;
            int needed = name.length() + (i == 0 ? 0 : 2) + (last ? 0 : more.length());
            if (line.length() + needed > WARNING_LENGTH) {
                // not even one name fits: the count alone (GET /upgrade-readiness names them)
                return i == 0 ? clip(head + BlockerCounts.runningVmis(vmis.size()), WARNING_LENGTH)
                        : line.append(more).toString();
            }
            line.append(i == 0 ? "" : ", ").append(name);
        }
        return line.toString();
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
        return gate(virtualization(request, snapshot), false, request, snapshot, policy);
    }

    /** An OKD Virtualization upgrade drains no node: the workload update decides. */
    private static Judgement virtualization(GatedRequest request, VerdictSnapshot snapshot) {
        List<VmiVerdict> blockers = snapshot.withUpdate(WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD);
        List<String> warnings = List.of();
        int outdated = snapshot.count(WorkloadUpdateOutcome.STAYS_OUTDATED);
        if (snapshot.synced() && outdated > 0) {
            warnings = List.of(BlockerCounts.runningVmis(outdated)
                    + " will keep the outdated launcher until " + (outdated == 1 ? "it restarts" : "they restart")
                    + " (cannot migrate, or Evict not listed)");
        }
        String namespace = text(request.object().path("metadata").path("namespace"));
        return new Judgement("OKD Virtualization upgrade", "installplan " + name(request) + (namespace.isEmpty() ? "" : " -n " + namespace),
                false, verdict -> verdict.update().consequence(), VmiVerdict::updateRemediation, blockers,
                "the workload update (workloadUpdateMethods " + snapshot.settings().workloadUpdate().methodsText()
                        + ") would shut down " + BlockerCounts.runningVmis(blockers.size()) + " for good.",
                List.of(), warnings,
                List.of("Or remove \"Evict\" from workloadUpdateMethods in the HyperConverged CR"
                        + " (those VMIs then keep the outdated launcher until they restart)."));
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
            Judgement subject, boolean force, GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        List<VmiVerdict> blockers = subject.blockers();
        List<String> warnings = snapshot.synced() ? subject.warnings() : List.of();
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
                    ? "force: true bypasses hco-guard although " + BlockerCounts.vmis(blockers)
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
        lines.addAll(overrideHint(subject, policy));
        GateOutcome outcome = snapshot.synced() ? GateOutcome.DENIED_BLOCKERS : GateOutcome.DENIED_NOT_SYNCED;
        return new GateVerdict(Decision.deny(String.join("\n", lines)), outcome);
    }

    private static GateVerdict override(OverrideReason override, Judgement subject, GatedRequest request, VerdictSnapshot snapshot,
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
                    ? "Upgrade gate overridden although " + BlockerCounts.vmis(blockers)
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
            Judgement subject, VerdictSnapshot snapshot, List<VmiVerdict> blockers, GatePolicy policy) {
        List<String> lines = new ArrayList<>();
        if (!snapshot.synced()) {
            lines.add(subject.title() + " blocked: hco-guard cannot verify it, its view of VMIs, VMs, PVCs, StorageClasses"
                    + " and nodes is not synced yet.");
            lines.add("Retry in a minute; if this persists, check the hco-guard pod's logs and GET " + READINESS_PATH + ".");
            return lines;
        }
        lines.add(subject.title() + " blocked: " + subject.summary());
        lines.addAll(subject.details());
        int listed = Math.min(policy.maxListed(), blockers.size());
        for (VmiVerdict blocker : blockers.subList(0, listed)) {
            lines.add("- " + blocker.title() + ": " + subject.consequence().apply(blocker));
            lines.add("  " + why(blocker) + blocker.settingsText());
        }
        if (blockers.size() > listed) {
            lines.add("... and " + (blockers.size() - listed) + " more");
        }
        // A finished VMI has one fix of its own (delete it): the example is a running blocker while there is one.
        List<VmiVerdict> running = blockers.stream().filter(b -> !b.isFinished()).toList();
        List<VmiVerdict> finished = blockers.stream().filter(VmiVerdict::isFinished).toList();
        List<VmiVerdict> candidates = running.isEmpty() ? finished : running;
        VmiVerdict example = candidates.stream()
                .filter(b -> !(b.vmi().controller() instanceof VmiController.Standalone))
                .findFirst().orElse(candidates.get(0));
        lines.addAll(subject.remediation().apply(example).instructions());
        String repeat = example.isFinished()
                ? (finished.size() > 1 ? "Do the same for every finished VMI listed." : "")
                : repeatAdvice(example, running);
        if (!repeat.isEmpty()) {
            lines.add(repeat);
        }
        if (!example.isFinished() && !finished.isEmpty()) {
            lines.add("Delete each finished VMI listed (its launcher pod goes with it), or update KubeVirt to "
                    + FinishedVmiEviction.FIXED_IN + " or later.");
        }
        lines.addAll(subject.closing());
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

    private static List<String> overrideHint(Judgement subject, GatePolicy policy) {
        if (policy.overrideGroups().isEmpty()) {
            return List.of("Overriding is disabled: no override group is configured.");
        }
        if (subject.created()) {
            return List.of(
                    "To go ahead anyway, a member of " + groups(policy) + " may create it with the annotation "
                            + OVERRIDE_ANNOTATION + ": '<reason>'.");
        }
        return List.of(
                "To upgrade anyway, a member of " + groups(policy)
                        + " may annotate this object with a reason, then retry:",
                "  kubectl annotate " + subject.annotate() + " " + OVERRIDE_ANNOTATION + "='<reason>'");
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

    /** "version" for a ClusterVersion: the object's name, from the old object for a DELETE. */
    private static String name(GatedRequest request) {
        String name = text(request.object().path("metadata").path("name"));
        return name.isEmpty() ? text(request.oldObject().path("metadata").path("name")) : name;
    }

    /** The request's object as the snapshots read it; an object that does not convert reads as empty. */
    private static GenericKubernetesResource resource(JsonNode object) {
        if (!object.isObject()) {
            return new GenericKubernetesResource();
        }
        try {
            return OBJECTS.convertValue(object, GenericKubernetesResource.class);
        } catch (IllegalArgumentException notAnObject) {
            return new GenericKubernetesResource();
        }
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
