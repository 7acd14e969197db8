package io.hcoguard.upgrade;

import static io.hcoguard.upgrade.GateFixtures.ALICE;
import static io.hcoguard.upgrade.GateFixtures.BOB;
import static io.hcoguard.upgrade.GateFixtures.NOTHING_BLOCKS;
import static io.hcoguard.upgrade.GateFixtures.NOT_SYNCED;
import static io.hcoguard.upgrade.GateFixtures.POLICY;
import static io.hcoguard.upgrade.GateFixtures.THREE_BLOCKERS;
import static io.hcoguard.upgrade.GateFixtures.approveHco;
import static io.hcoguard.upgrade.GateFixtures.clusterVersion;
import static io.hcoguard.upgrade.GateFixtures.clusterVersionUpdate;
import static io.hcoguard.upgrade.GateFixtures.installPlan;
import static io.hcoguard.upgrade.GateFixtures.installPlanUpdate;
import static io.hcoguard.upgrade.GateFixtures.manyStallingDrains;
import static io.hcoguard.upgrade.GateFixtures.overridden;
import static io.hcoguard.upgrade.GateFixtures.shutDown;
import static io.hcoguard.upgrade.GateFixtures.standalone;
import static io.hcoguard.upgrade.GateFixtures.stallsDrain;
import static io.hcoguard.upgrade.GateFixtures.subscription;
import static io.hcoguard.upgrade.GateFixtures.synced;
import static io.hcoguard.upgrade.GateFixtures.upgradeTo4173;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.hcoguard.admission.Decision;
import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.RunStrategy;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.Verdicts;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpgradeGateTest {

    private static final String HCO_CSV = "[kubevirt-hyperconverged-operator.v4.17.3]";
    private static final String FORCE_WARNING =
            "force: true bypasses hco-guard although 3 running VMIs block it (GET /upgrade-readiness)";
    private static final String OVERRIDE_WARNING =
            "Upgrade gate overridden although 3 running VMIs block it; remove the annotation afterwards";
    private static final JsonNode EMPTY_OBJECT = JsonNodeFactory.instance.objectNode();
    private static final Set<GateOutcome> ALLOWING = EnumSet.of(GateOutcome.ALLOWED, GateOutcome.OVERRIDDEN,
            GateOutcome.FORCED, GateOutcome.ALLOWED_NOT_SYNCED, GateOutcome.NOT_GATED, GateOutcome.UNEXPECTED_KIND);

    private static GateVerdict judge(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        return UpgradeGate.judge(request, snapshot, policy);
    }

    private static GatedRequest cvUpdate(String oldDesired, String newDesired) {
        return clusterVersionUpdate(clusterVersion(oldDesired), clusterVersion(newDesired), BOB);
    }

    private static GatedRequest ipUpdate(String oldApproved, String newApproved, String csvs) {
        return installPlanUpdate(installPlan(oldApproved, csvs), installPlan(newApproved, csvs), BOB);
    }

    private static GatedRequest request(String group, String kind, String operation, JsonNode object, JsonNode old) {
        return GatedRequest.of(group, kind, operation, object, old, BOB, false);
    }

    private static GatedRequest subscriptionEdit(String operation, String spec) {
        return request("operators.coreos.com", "Subscription", operation, subscription(spec), null);
    }

    private static GatedRequest withOverride(GatedRequest request, String reason, RequestUser user) {
        return new GatedRequest(request.kind(), request.kindName(), request.operation(),
                overridden(request.object(), reason), request.oldObject(), user, request.dryRun());
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                // ClusterVersion
                verdict("a new cluster version passes when nothing blocks",
                        upgradeTo4173(BOB), NOTHING_BLOCKS, POLICY, GateOutcome.ALLOWED),
                verdict("a new cluster version is denied while VMIs block",
                        upgradeTo4173(BOB), THREE_BLOCKERS, POLICY, GateOutcome.DENIED_BLOCKERS),
                verdict("a new release image is a new target",
                        cvUpdate("{version: 4.17.1}", "{image: \"quay.io/okd/release@sha256:bbb\"}"),
                        THREE_BLOCKERS, POLICY, GateOutcome.DENIED_BLOCKERS),
                verdict("the first desiredUpdate is a new target",
                        cvUpdate("null", "{version: 4.17.3}"), THREE_BLOCKERS, POLICY, GateOutcome.DENIED_BLOCKERS),
                verdict("a switch to the multi-architecture payload is a new target",
                        cvUpdate("{version: 4.17.1}", "{version: 4.17.1, architecture: Multi}"),
                        THREE_BLOCKERS, POLICY, GateOutcome.DENIED_BLOCKERS),
                verdict("an edit that keeps desiredUpdate passes untouched",
                        cvUpdate("{version: 4.17.3}", "{version: 4.17.3}"), THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("changing only force asks for no new target",
                        cvUpdate("{version: 4.17.3}", "{version: 4.17.3, force: true}"),
                        THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("clearing desiredUpdate passes",
                        cvUpdate("{version: 4.17.3}", "null"), THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("a target naming the release the cluster already wants passes",
                        cvUpdate("null", "{version: 4.17.1, image: \"quay.io/okd/release@sha256:aaa\"}"),
                        THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("a target naming only the version the cluster already wants passes",
                        cvUpdate("null", "{version: 4.17.1}"), THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("a Preflight of a new target passes, saying what would block the update itself",
                        cvUpdate("{version: 4.17.1}", "{version: 4.17.3, mode: Preflight}"), THREE_BLOCKERS, POLICY,
                        GateOutcome.NOT_GATED,
                        "Preflight: the update itself would be refused: 3 running VMIs block it (GET /upgrade-readiness)"),
                verdict("dropping Preflight from the same target starts the update: judged as a new target",
                        cvUpdate("{version: 4.17.3, mode: Preflight}", "{version: 4.17.3}"), THREE_BLOCKERS, POLICY,
                        GateOutcome.DENIED_BLOCKERS),
                verdict("turning the wanted target into a Preflight asks for no new target",
                        cvUpdate("{version: 4.17.3}", "{version: 4.17.3, mode: Preflight}"), THREE_BLOCKERS, POLICY,
                        GateOutcome.NOT_GATED),
                verdict("creating the ClusterVersion is not gated",
                        request("config.openshift.io", "ClusterVersion", "CREATE", clusterVersion("{version: 4.17.3}"), null),
                        THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("deleting the ClusterVersion is not gated",
                        request("config.openshift.io", "ClusterVersion", "DELETE", null, clusterVersion("{version: 4.17.3}")),
                        THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("an operation the API server does not send is not gated",
                        request("config.openshift.io", "ClusterVersion", "PATCH", clusterVersion("{version: 4.17.3}"),
                                clusterVersion("{version: 4.17.1}")),
                        THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("force: true passes despite blockers, with a warning",
                        cvUpdate("{version: 4.17.1}", "{version: 4.17.3, force: true}"),
                        THREE_BLOCKERS, POLICY, GateOutcome.FORCED, FORCE_WARNING),
                verdict("force: true passes an unverified upgrade, with a warning",
                        cvUpdate("{version: 4.17.1}", "{version: 4.17.3, force: true}"), NOT_SYNCED, POLICY,
                        GateOutcome.FORCED,
                        "force: true bypasses hco-guard, which cannot verify VMIs yet (cluster view not synced)"),
                verdict("force: true with nothing blocking is a plain approval",
                        cvUpdate("{version: 4.17.1}", "{version: 4.17.3, force: true}"),
                        NOTHING_BLOCKS, POLICY, GateOutcome.ALLOWED),
                verdict("force: true wins over an override annotation nobody may use",
                        withOverride(cvUpdate("{version: 4.17.1}", "{version: 4.17.3, force: true}"), "x", BOB),
                        THREE_BLOCKERS, GatePolicy.defaults(), GateOutcome.FORCED, FORCE_WARNING),
                // InstallPlan
                verdict("approving an OKD Virtualization InstallPlan passes when nothing blocks",
                        approveHco(BOB), NOTHING_BLOCKS, POLICY, GateOutcome.ALLOWED),
                verdict("approving an OKD Virtualization InstallPlan is denied while VMIs block",
                        approveHco(BOB), THREE_BLOCKERS, POLICY, GateOutcome.DENIED_BLOCKERS),
                verdict("approving a plan whose approved flag was missing is an approval",
                        ipUpdate("null", "true", HCO_CSV), THREE_BLOCKERS, POLICY, GateOutcome.DENIED_BLOCKERS),
                verdict("approving a plan that installs OKD Virtualization among others is gated",
                        ipUpdate("false", "true", "[cluster-logging.v6.1.0, kubevirt-hyperconverged-operator.v4.17.3]"),
                        THREE_BLOCKERS, POLICY, GateOutcome.DENIED_BLOCKERS),
                verdict("approving another operator's InstallPlan is not gated",
                        ipUpdate("false", "true", "[cluster-logging.v6.1.0]"), THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("a plan that was approved already is not gated",
                        ipUpdate("true", "true", HCO_CSV), THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("a plan left unapproved is not gated",
                        ipUpdate("false", "false", HCO_CSV), THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("withdrawing an approval is not gated",
                        ipUpdate("true", "false", HCO_CSV), THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("OLM creating an approved plan (Automatic approval) is not gated",
                        request("operators.coreos.com", "InstallPlan", "CREATE", installPlan("true", HCO_CSV), null),
                        THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("a configured CSV prefix marks the plan",
                        ipUpdate("false", "true", "[community-kubevirt-hyperconverged.v1.14.0]"), THREE_BLOCKERS,
                        new GatePolicy(Set.of(), true, List.of("community-kubevirt-hyperconverged."),
                                Set.of("community-kubevirt-hyperconverged"), 10, false),
                        GateOutcome.DENIED_BLOCKERS),
                verdict("under [LiveMigrate] a VMI that cannot migrate keeps its launcher: the approval passes, counted",
                        approveHco(BOB), Verdicts.snapshot(ClusterSettings.DEFAULTS, GateFixtures.T0,
                                shutDown("db", "pg-1"), stallsDrain("db", "pg-0")), POLICY, GateOutcome.ALLOWED,
                        "2 running VMIs will keep the outdated launcher until they restart (cannot migrate, or Evict not"
                                + " listed)"),
                verdict("a VMI that migrates updates and warns of nothing",
                        approveHco(BOB), GateFixtures.synced(Verdicts.vmi("web", "front")), POLICY, GateOutcome.ALLOWED),
                // External
                verdict("External VMIs wait for their controller: a cluster upgrade passes, counted",
                        upgradeTo4173(BOB), GateFixtures.synced(Verdicts.vmi("capi", "md-0")
                                .strategy(EvictionStrategy.EXTERNAL)), POLICY, GateOutcome.ALLOWED,
                        "1 running VMI with evictionStrategy External waits for its external controller at each drain"),
                verdict("External VMIs block when guard.upgrade.external-blocks is set",
                        upgradeTo4173(BOB), GateFixtures.synced(Verdicts.vmi("capi", "md-0")
                                .strategy(EvictionStrategy.EXTERNAL)), POLICY.withExternalBlocks(true),
                        GateOutcome.DENIED_BLOCKERS),
                verdict("a migratable VMI with None of a Manual VM blocks a cluster upgrade (it is shut down for good)",
                        upgradeTo4173(BOB), GateFixtures.synced(Verdicts.vmi("web", "front")
                                .strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL)), POLICY, GateOutcome.DENIED_BLOCKERS),
                // override
                verdict("the override of a permitted user passes, with a warning",
                        withOverride(upgradeTo4173(ALICE), "CHG0042 maintenance window", ALICE), THREE_BLOCKERS, POLICY,
                        GateOutcome.OVERRIDDEN, OVERRIDE_WARNING),
                verdict("the override works on an InstallPlan approval too",
                        withOverride(approveHco(ALICE), "CHG0042", ALICE), THREE_BLOCKERS, POLICY,
                        GateOutcome.OVERRIDDEN, OVERRIDE_WARNING.replace("3 running VMIs", "2 running VMIs")),
                verdict("the override of a user outside the override groups is refused",
                        withOverride(upgradeTo4173(BOB), "I am sure", BOB), THREE_BLOCKERS, POLICY,
                        GateOutcome.OVERRIDE_REFUSED),
                verdict("the override is refused when no group may override",
                        withOverride(upgradeTo4173(ALICE), "CHG0042", ALICE), THREE_BLOCKERS, GatePolicy.defaults(),
                        GateOutcome.OVERRIDE_REFUSED),
                verdict("an override without a reason is refused",
                        withOverride(upgradeTo4173(ALICE), "  ", ALICE), THREE_BLOCKERS, POLICY,
                        GateOutcome.OVERRIDE_REFUSED),
                verdict("an override annotation changes nothing when nothing blocks",
                        withOverride(upgradeTo4173(BOB), "I am sure", BOB), NOTHING_BLOCKS, POLICY, GateOutcome.ALLOWED),
                verdict("the override lets an unverified upgrade through",
                        withOverride(upgradeTo4173(ALICE), "CHG0042", ALICE), NOT_SYNCED, POLICY, GateOutcome.OVERRIDDEN,
                        "Upgrade gate overridden unverified (cluster view not synced); remove the annotation afterwards"),
                // unsynced view
                verdict("an unverified upgrade is denied when failing closed",
                        upgradeTo4173(BOB), NOT_SYNCED, POLICY, GateOutcome.DENIED_NOT_SYNCED),
                verdict("an unverified InstallPlan approval is denied when failing closed",
                        approveHco(BOB), NOT_SYNCED, POLICY, GateOutcome.DENIED_NOT_SYNCED),
                verdict("an unverified upgrade passes with a warning when failing open",
                        upgradeTo4173(BOB), NOT_SYNCED, POLICY.withFailClosed(false), GateOutcome.ALLOWED_NOT_SYNCED,
                        "hco-guard cannot verify this upgrade (cluster view not synced yet); allowed as failClosed is off"),
                verdict("an unsynced view does not matter to an edit that is not gated",
                        cvUpdate("{version: 4.17.3}", "{version: 4.17.3, force: true}"), NOT_SYNCED, POLICY,
                        GateOutcome.NOT_GATED),
                verdict("a dry run is judged the same",
                        GatedRequest.of("config.openshift.io", "ClusterVersion", "UPDATE",
                                clusterVersion("{version: 4.17.3}"), clusterVersion("{version: 4.17.1}"), BOB, true),
                        THREE_BLOCKERS, POLICY, GateOutcome.DENIED_BLOCKERS),
                // Subscription
                verdict("a Subscription with Manual approval and another channel gets both warnings",
                        subscriptionEdit("CREATE", "{name: kubevirt-hyperconverged, channel: candidate,"
                                + " installPlanApproval: Manual, source: community-operators}"),
                        THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED,
                        "installPlanApproval: Manual risks supportability (OKD Virtualization falls behind);"
                                + " Automatic is recommended",
                        "channel \"candidate\" is not \"stable\", the supported channel of OKD Virtualization"),
                verdict("a Subscription update with Manual approval on stable gets one warning",
                        subscriptionEdit("UPDATE", "{name: kubevirt-hyperconverged, channel: stable,"
                                + " installPlanApproval: Manual}"),
                        NOTHING_BLOCKS, POLICY, GateOutcome.NOT_GATED,
                        "installPlanApproval: Manual risks supportability (OKD Virtualization falls behind);"
                                + " Automatic is recommended"),
                verdict("a very long channel name is clipped in the warning",
                        subscriptionEdit("CREATE", "{name: kubevirt-hyperconverged,"
                                + " channel: a-channel-name-that-goes-on-and-on-and-on-forever}"),
                        NOTHING_BLOCKS, POLICY, GateOutcome.NOT_GATED,
                        "channel \"a-channel-name-that-goes-on-and-on-an...\" is not \"stable\","
                                + " the supported channel of OKD Virtualization"),
                verdict("a Subscription with Automatic approval on stable gets none",
                        subscriptionEdit("CREATE", "{name: kubevirt-hyperconverged, channel: stable,"
                                + " installPlanApproval: Automatic}"),
                        THREE_BLOCKERS, POLICY, GateOutcome.NOT_GATED),
                verdict("a Subscription without channel follows the package default and gets none",
                        subscriptionEdit("CREATE", "{name: kubevirt-hyperconverged}"), NOTHING_BLOCKS, POLICY,
                        GateOutcome.NOT_GATED),
                verdict("another package's Subscription gets none",
                        subscriptionEdit("CREATE", "{name: cluster-logging, channel: candidate, installPlanApproval: Manual}"),
                        NOTHING_BLOCKS, POLICY, GateOutcome.NOT_GATED),
                verdict("deleting a Subscription gets none",
                        request("operators.coreos.com", "Subscription", "DELETE", null,
                                subscription("{name: kubevirt-hyperconverged, installPlanApproval: Manual}")),
                        NOTHING_BLOCKS, POLICY, GateOutcome.NOT_GATED),
                // anything else
                verdict("an unexpected kind passes with a warning about the webhook configuration",
                        request("apps", "Deployment", "UPDATE", EMPTY_OBJECT, EMPTY_OBJECT),
                        THREE_BLOCKERS, POLICY, GateOutcome.UNEXPECTED_KIND,
                        "hco-guard does not gate apps/Deployment; the webhook configuration should not send it"),
                verdict("a ClusterVersion of another group is an unexpected kind",
                        request("example.com", "ClusterVersion", "UPDATE", clusterVersion("{version: 4.17.3}"), null),
                        THREE_BLOCKERS, POLICY, GateOutcome.UNEXPECTED_KIND,
                        "hco-guard does not gate example.com/ClusterVersion; the webhook configuration should not send it"),
                verdict("a core kind is named without a group",
                        request("", "Pod", "CREATE", EMPTY_OBJECT, null), THREE_BLOCKERS, POLICY,
                        GateOutcome.UNEXPECTED_KIND,
                        "hco-guard does not gate Pod; the webhook configuration should not send it"));
    }

    private static Arguments verdict(String name, GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy,
            GateOutcome outcome, String... warnings) {
        return Arguments.of(Named.of(name, request), snapshot, policy, outcome, List.of(warnings));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void judgesEachRequest(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy, GateOutcome outcome,
            List<String> warnings) {
        GateVerdict verdict = judge(request, snapshot, policy);

        assertThat(verdict.outcome()).isEqualTo(outcome);
        assertThat(verdict.decision().allowed()).isEqualTo(ALLOWING.contains(outcome));
        assertThat(verdict.decision().warnings()).isEqualTo(warnings);
        assertThat(verdict.decision().patch()).isNull();
        if (verdict.decision().allowed()) {
            assertThat(verdict.decision().message()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void staysReadableInKubectlOutput(GatedRequest request, VerdictSnapshot snapshot, GatePolicy policy) {
        Decision decision = judge(request, snapshot, policy).decision();

        assertThat(decision.warnings()).allSatisfy(w -> assertThat(w.length()).isLessThan(120));
        assertThat(decision.warnings()).hasSizeLessThanOrEqualTo(3);
        if (decision.message() != null) {
            assertThat(decision.message().lines()).allSatisfy(line -> {
                // A command stays on one line, to be copied whole.
                boolean command = line.startsWith("  kubectl ") || line.startsWith("  virtctl ");
                assertThat(line.length()).isLessThan(command ? 200 : 160);
                assertThat(line).doesNotEndWith(" ").isNotBlank();
            });
        }
    }

    @Test
    void deniesAClusterUpgradeListingTheBlockersAndOneFixToCopy() {
        Decision decision = judge(upgradeTo4173(BOB), THREE_BLOCKERS, POLICY).decision();

        assertThat(decision.message()).isEqualTo("""
                Cluster upgrade blocked: 3 running VMIs block it: 1 stalls the drain, 2 are shut down for good.
                By node: worker-1: 1, worker-2: 2
                - db/pg-0 (VM db/pg-0) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC pg-0-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - db/pg-1 (VM db/pg-1) on worker-2: is shut down at eviction (evictionStrategy None) and not restarted: runStrategy Manual
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC pg-1-data not ReadWriteMany; evictionStrategy=None, runStrategy Manual
                - lab/scratch (standalone VMI) on worker-2: is shut down at eviction (evictionStrategy None) and not restarted: standalone VMI
                  why: LiveMigratable=False (HostDeviceNotLiveMigratable), host device gpu1; evictionStrategy=None, standalone VMI
                Make VM db/pg-0 migratable, or set evictionStrategy LiveMigrateIfPossible with runStrategy Always, then restart it so the running VMI picks them up:
                  kubectl patch vm pg-0 -n db --type=merge -p '{"spec":{"running":null,"runStrategy":"Always","template":{"spec":{"evictionStrategy":"LiveMigrateIfPossible"}}}}'
                  virtctl restart pg-0 -n db
                Repeat for every VM listed. Recreate each standalone VMI as a VirtualMachine with runStrategy Always.
                Every blocker with its fix: GET /upgrade-readiness
                To upgrade anyway, a member of group virt-admins may annotate this object with a reason, then retry:
                  kubectl annotate clusterversion version hco-guard.io/allow-upgrade-with-blockers='<reason>'""");
        assertThat(decision.auditAnnotations()).isEmpty();
    }

    @Test
    void deniesAnInstallPlanApprovalNamingThePlanToAnnotate() {
        GatePolicy twoGroups = POLICY.withOverrideGroups(Set.of("virt-admins", "cluster-admins"));

        Decision decision = judge(approveHco(BOB), synced(shutDown("db", "pg-1")), twoGroups).decision();

        assertThat(decision.message()).isEqualTo("""
                OKD Virtualization upgrade blocked: the workload update (workloadUpdateMethods [LiveMigrate, Evict]) would shut down 1 running VMI for good.
                - db/pg-1 (VM db/pg-1) on worker-2: is evicted by the workload update and not restarted: runStrategy Manual
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC pg-1-data not ReadWriteMany; evictionStrategy=None, runStrategy Manual
                Set runStrategy Always on VM db/pg-1 (read live by the VM controller, no restart needed):
                  kubectl patch vm pg-1 -n db --type=merge -p '{"spec":{"running":null,"runStrategy":"Always"}}'
                Or remove "Evict" from workloadUpdateMethods in the HyperConverged CR (those VMIs then keep the outdated launcher until they restart).
                Every blocker with its fix: GET /upgrade-readiness
                To upgrade anyway, a member of groups cluster-admins, virt-admins may annotate this object with a reason, then retry:
                  kubectl annotate installplan install-7xk2p -n kubevirt-hyperconverged hco-guard.io/allow-upgrade-with-blockers='<reason>'""");
    }

    @Test
    void listsAtMostTenBlockersAndCountsTheRest() {
        Decision decision = judge(upgradeTo4173(BOB), manyStallingDrains(12), GatePolicy.defaults()).decision();

        assertThat(decision.message()).isEqualTo("""
                Cluster upgrade blocked: 12 running VMIs block it: 12 stall the drain.
                By node: worker-1: 12
                - ns/vm-01 (VM ns/vm-01) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-01-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - ns/vm-02 (VM ns/vm-02) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-02-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - ns/vm-03 (VM ns/vm-03) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-03-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - ns/vm-04 (VM ns/vm-04) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-04-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - ns/vm-05 (VM ns/vm-05) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-05-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - ns/vm-06 (VM ns/vm-06) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-06-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - ns/vm-07 (VM ns/vm-07) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-07-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - ns/vm-08 (VM ns/vm-08) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-08-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - ns/vm-09 (VM ns/vm-09) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-09-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                - ns/vm-10 (VM ns/vm-10) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC vm-10-data not ReadWriteMany; evictionStrategy=LiveMigrate, runStrategy Always
                ... and 2 more
                Make VM ns/vm-01 migratable, or set evictionStrategy LiveMigrateIfPossible with runStrategy Always, then restart it so the running VMI picks them up:
                  kubectl patch vm vm-01 -n ns --type=merge -p '{"spec":{"running":null,"runStrategy":"Always","template":{"spec":{"evictionStrategy":"LiveMigrateIfPossible"}}}}'
                  virtctl restart vm-01 -n ns
                Repeat for every VM listed.
                Every blocker with its fix: GET /upgrade-readiness
                Overriding is disabled: no override group is configured.""");
    }

    @Test
    void listsAsFewBlockersAsConfigured() {
        Decision decision = judge(upgradeTo4173(BOB), THREE_BLOCKERS, POLICY.withMaxListed(1)).decision();

        assertThat(decision.message().lines().toList()).startsWith(
                "Cluster upgrade blocked: 3 running VMIs block it: 1 stalls the drain, 2 are shut down for good.",
                "By node: worker-1: 1, worker-2: 2",
                "- db/pg-0 (VM db/pg-0) on worker-1: refuses eviction (LiveMigrate, not migratable): the drain of worker-1"
                        + " waits forever",
                "  why: LiveMigratable=False (DisksNotLiveMigratable), PVC pg-0-data not ReadWriteMany;"
                        + " evictionStrategy=LiveMigrate, runStrategy Always",
                "... and 2 more",
                "Make VM db/pg-0 migratable, or set evictionStrategy LiveMigrateIfPossible with runStrategy Always, then"
                        + " restart it so the running VMI picks them up:");
    }

    @Test
    void tellsHowToRecreateStandaloneVmisWhenNoVmBlocks() {
        Decision decision = judge(upgradeTo4173(BOB), synced(standalone("lab", "a"), standalone("lab", "b")), POLICY)
                .decision();

        assertThat(decision.message()).isEqualTo("""
                Cluster upgrade blocked: 2 running VMIs block it: 2 are shut down for good.
                By node: worker-2: 2
                - lab/a (standalone VMI) on worker-2: is shut down at eviction (evictionStrategy None) and not restarted: standalone VMI
                  why: LiveMigratable=False (HostDeviceNotLiveMigratable), host device gpu1; evictionStrategy=None, standalone VMI
                - lab/b (standalone VMI) on worker-2: is shut down at eviction (evictionStrategy None) and not restarted: standalone VMI
                  why: LiveMigratable=False (HostDeviceNotLiveMigratable), host device gpu1; evictionStrategy=None, standalone VMI
                Recreate standalone VMI lab/a as a VirtualMachine with runStrategy Always.
                Do the same for every standalone VMI listed.
                Every blocker with its fix: GET /upgrade-readiness
                To upgrade anyway, a member of group virt-admins may annotate this object with a reason, then retry:
                  kubectl annotate clusterversion version hco-guard.io/allow-upgrade-with-blockers='<reason>'""");
    }

    @Test
    void deniesWhileTheClusterViewIsNotSynced() {
        Decision decision = judge(upgradeTo4173(BOB), NOT_SYNCED, POLICY).decision();

        assertThat(decision.message()).isEqualTo("""
                Cluster upgrade blocked: hco-guard cannot verify it, its view of VMIs, VMs, PVCs, StorageClasses and nodes is not synced yet.
                Retry in a minute; if this persists, check the hco-guard pod's logs and GET /upgrade-readiness.
                To upgrade anyway, a member of group virt-admins may annotate this object with a reason, then retry:
                  kubectl annotate clusterversion version hco-guard.io/allow-upgrade-with-blockers='<reason>'""");
    }

    @Test
    void refusesTheOverrideOfAUserOutsideTheOverrideGroupsSayingWhoMay() {
        Decision decision = judge(withOverride(approveHco(BOB), "I am sure", BOB), synced(shutDown("db", "pg-1")),
                POLICY).decision();

        assertThat(decision.message()).isEqualTo("""
                Override refused: user bob may not override the upgrade gate; only members of group virt-admins may.
                OKD Virtualization upgrade blocked: the workload update (workloadUpdateMethods [LiveMigrate, Evict]) would shut down 1 running VMI for good.
                - db/pg-1 (VM db/pg-1) on worker-2: is evicted by the workload update and not restarted: runStrategy Manual
                  why: LiveMigratable=False (DisksNotLiveMigratable), PVC pg-1-data not ReadWriteMany; evictionStrategy=None, runStrategy Manual
                Set runStrategy Always on VM db/pg-1 (read live by the VM controller, no restart needed):
                  kubectl patch vm pg-1 -n db --type=merge -p '{"spec":{"running":null,"runStrategy":"Always"}}'
                Or remove "Evict" from workloadUpdateMethods in the HyperConverged CR (those VMIs then keep the outdated launcher until they restart).
                Every blocker with its fix: GET /upgrade-readiness""");
    }

    @Test
    void refusesEveryOverrideWhenNoGroupIsConfigured() {
        Decision decision = judge(withOverride(upgradeTo4173(ALICE), "CHG0042", ALICE), NOT_SYNCED, GatePolicy.defaults())
                .decision();

        assertThat(decision.message()).isEqualTo("""
                Override refused: no override group is configured, so nobody may override the upgrade gate.
                Cluster upgrade blocked: hco-guard cannot verify it, its view of VMIs, VMs, PVCs, StorageClasses and nodes is not synced yet.
                Retry in a minute; if this persists, check the hco-guard pod's logs and GET /upgrade-readiness.""");
    }

    @Test
    void refusesAnOverrideWithoutReason() {
        Decision decision = judge(withOverride(upgradeTo4173(ALICE), "", ALICE), THREE_BLOCKERS, POLICY).decision();

        assertThat(decision.message().lines().findFirst())
                .contains("Override refused: hco-guard.io/allow-upgrade-with-blockers needs the reason as its value.");
    }

    @Test
    void recordsWhoOverrodeTheGateAndWhy() {
        GateVerdict verdict = judge(withOverride(upgradeTo4173(ALICE), " CHG0042 maintenance window ", ALICE),
                THREE_BLOCKERS, POLICY);

        assertThat(verdict.decision()).isEqualTo(Decision.allow()
                .withWarning(OVERRIDE_WARNING)
                .withAuditAnnotation("override-user", "alice")
                .withAuditAnnotation("override-reason", "CHG0042 maintenance window")
                .withAuditAnnotation("blockers", "3")
                .withAuditAnnotation("blocking-vmis", "db/pg-0,db/pg-1,lab/scratch"));
    }

    @Test
    void recordsAnUnverifiedOverrideWithUnknownBlockers() {
        Decision decision = judge(withOverride(upgradeTo4173(ALICE), "CHG0042", ALICE), NOT_SYNCED, POLICY).decision();

        assertThat(decision.auditAnnotations()).isEqualTo(Map.of(
                "override-user", "alice", "override-reason", "CHG0042", "blockers", "unknown"));
    }

    @Test
    void recordsAForcedUpgradeWithTheFirstBlockersByName() {
        GateVerdict verdict = judge(cvUpdate("{version: 4.17.1}", "{version: 4.17.3, force: true}"),
                THREE_BLOCKERS, POLICY.withMaxListed(2));

        assertThat(verdict.decision()).isEqualTo(Decision.allow()
                .withWarning(FORCE_WARNING)
                .withAuditAnnotation("forced", "true")
                .withAuditAnnotation("blockers", "3")
                .withAuditAnnotation("blocking-vmis", "db/pg-0,db/pg-1,... and 1 more"));
    }
}
