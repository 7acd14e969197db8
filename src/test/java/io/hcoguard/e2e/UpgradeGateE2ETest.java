package io.hcoguard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hcoguard.admission.AdmissionReviews;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upgrade gate behind the real API server: ClusterVersion and InstallPlan edits are refused
 * while a VMI that cannot migrate would stall a drain, and pass once the VM is fixed and restarted.
 */
@QuarkusTest
class UpgradeGateE2ETest {

    static final ResourceDefinitionContext CLUSTER_VERSION = new ResourceDefinitionContext.Builder()
            .withGroup("config.openshift.io").withVersion("v1").withKind("ClusterVersion").withPlural("clusterversions")
            .withNamespaced(false).build();
    static final ResourceDefinitionContext KUBEVIRT = new ResourceDefinitionContext.Builder()
            .withGroup("kubevirt.io").withVersion("v1").withKind("KubeVirt").withPlural("kubevirts").withNamespaced(true).build();
    static final ResourceDefinitionContext INSTALL_PLAN = new ResourceDefinitionContext.Builder()
            .withGroup("operators.coreos.com").withVersion("v1alpha1").withKind("InstallPlan").withPlural("installplans")
            .withNamespaced(true).build();
    static final String NS = "gate-e2e";
    static final String BLOCKED_LINE = "- gate-e2e/db (VM gate-e2e/db) on worker-1: refuses eviction (LiveMigrate, not"
            + " migratable): the drain of worker-1 waits forever\n  why: LiveMigratable=False (DisksNotLiveMigratable), PVC db-root"
            + " on hostpath storage; evictionStrategy=LiveMigrate, runStrategy Manual";

    /**
     * How long a test waits for the view to show a change in the cluster: generous, because the machine
     * is shared with other builds; how soon it shows is a benchmark figure, not something tested here.
     */
    static final Duration SETTLED = Duration.ofSeconds(30);

    private static KubernetesClient admin;
    private static Workloads workloads;

    final AppView view = AppView.of(this);

    @BeforeAll
    static void cluster() {
        admin = ControlPlane.admin();
        workloads = new Workloads(admin);
        workloads.namespace(NS);
        workloads.hostpathPvc(NS, "db-root");
        admin.genericKubernetesResources(CLUSTER_VERSION).resource(Workloads.parse("""
                apiVersion: config.openshift.io/v1
                kind: ClusterVersion
                metadata: {name: version}
                spec: {clusterID: 6a0c8d4e-0000-4000-8000-000000000001, channel: stable-4.15}
                """)).serverSideApply();
        RestAssured.useRelaxedHTTPSValidation();
    }

    @AfterEach
    void noBlockerLeftBehind() {
        workloads.deleteVmi(NS, "db");
        await().atMost(SETTLED).until(() -> clusterBlockers().isEmpty());
    }

    @Test
    void refusesClusterUpgradeWhileBlockedAndAllowsItOnceTheVmIsFixedAndRestarted() {
        GenericKubernetesResource vm = blockingVm();
        Object requestedBefore = clusterVersion().get("spec", "desiredUpdate");

        assertThatThrownBy(() -> requestClusterUpgrade(admin, "4.16.1", false))
                .hasMessageContaining("admission webhook \"gate.clusterversions.hco-guard.io\" denied the request: "
                        + "Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the drain.")
                .hasMessageContaining("By node: worker-1: 1")
                .hasMessageContaining(BLOCKED_LINE)
                .hasMessageContaining("kubectl patch vm db -n gate-e2e --type=merge -p '{\"spec\":{\"running\":null,"
                        + "\"runStrategy\":\"Always\",\"template\":{\"spec\":{\"evictionStrategy\":\"LiveMigrateIfPossible\"}}}}'");
        assertThat((Object) clusterVersion().get("spec", "desiredUpdate")).isEqualTo(requestedBefore);

        // The remediation the message gives: the patch, then a restart that recreates the VMI.
        vm.setAdditionalProperty("spec", Map.of("runStrategy", "Always",
                "template", Map.of("spec", Map.of("evictionStrategy", "LiveMigrateIfPossible", "domain", Map.of("devices", Map.of())))));
        GenericKubernetesResource fixed = admin.genericKubernetesResources(Workloads.VM).inNamespace(NS).resource(vm).update();
        workloads.deleteVmi(NS, "db");
        workloads.startVmi(fixed, "LiveMigrateIfPossible", "db-root");
        await().atMost(SETTLED).until(() -> clusterBlockers().isEmpty() && view.runningVmis() >= 1);

        requestClusterUpgrade(admin, "4.16.1", false);
        assertThat(clusterVersion().<String>get("spec", "desiredUpdate", "version")).isEqualTo("4.16.1");
    }

    @Test
    void judgesDryRunTheSameAndWritesAnEventOnlyForTheRealRequest() {
        blockingVm();
        upgradersAreClusterAdmins();
        // Users of this run of this test alone: Events other denials left behind (some still on their way) never count.
        String run = Long.toString(System.nanoTime(), 36);
        KubernetesClient dryRunner = impersonating("dry-runner-" + run, "upgraders");
        KubernetesClient requester = impersonating("requester-" + run, "upgraders");

        assertThatThrownBy(() -> requestClusterUpgrade(dryRunner, "4.17.0", true)).hasMessageContaining(BLOCKED_LINE);
        assertThatThrownBy(() -> requestClusterUpgrade(requester, "4.17.0", false)).hasMessageContaining(BLOCKED_LINE);

        // The Events are written in the order of the denials, by one writer: once the real request's is
        // there, one for the dry run before it would be there too.
        await().atMost(SETTLED).until(() -> upgradeBlockedOccurrences("requester-" + run) > 0);
        assertThat(upgradeBlockedOccurrences("requester-" + run)).isEqualTo(1);
        assertThat(upgradeBlockedOccurrences("dry-runner-" + run)).isZero();
    }

    @Test
    void judgesAnOkdVirtualizationApprovalByTheWorkloadUpdateNotByDrains() throws Exception {
        workloads.namespace("openshift-cnv");
        GenericKubernetesResource cnv = installPlan("install-cnv", "kubevirt-hyperconverged-operator.v4.99.0");
        GenericKubernetesResource other = installPlan("install-other", "some-operator.v1.2.3");
        // Not migratable, None, Manual: a drain shuts it down for good; [LiveMigrate] leaves it outdated.
        workloads.runningVm(NS, "db", "Manual", "None", "db-root");
        await().atMost(SETTLED).until(() -> clusterBlockers().size() == 1);

        Kubectl.Result approval = Kubectl.run("patch", "installplan", "install-cnv", "-n", "openshift-cnv", "--type=merge",
                "-p", "{\"spec\":{\"approved\":true}}", "--dry-run=server");
        assertThat(approval.exitCode()).as(approval.stderr()).isZero();
        assertThat(approval.stderr()).contains("Warning: 1 running VMI will keep the outdated launcher until it restarts"
                + " (cannot migrate, or Evict not listed)");

        GenericKubernetesResource kubeVirt = admin.genericKubernetesResources(KUBEVIRT).inNamespace(NS).resource(Workloads.parse("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {name: kubevirt, namespace: gate-e2e}
                spec: {workloadUpdateStrategy: {workloadUpdateMethods: [LiveMigrate, Evict], batchEvictionSize: 10}}
                """)).serverSideApply();
        try {
            await().atMost(SETTLED).until(() -> view.settings().path("workloadUpdateMethods").asText().contains("Evict"));
            assertThatThrownBy(() -> approve(cnv))
                    .hasMessageContaining("OKD Virtualization upgrade blocked: the workload update (workloadUpdateMethods"
                            + " [LiveMigrate, Evict]) would shut down 1 running VMI for good.")
                    .hasMessageContaining("- gate-e2e/db (VM gate-e2e/db) on worker-1: is evicted by the workload update and"
                            + " not restarted: runStrategy Manual")
                    .hasMessageContaining("kubectl patch vm db -n gate-e2e --type=merge -p '{\"spec\":{\"running\":null,"
                            + "\"runStrategy\":\"Always\"}}'");
            assertThat(approve(other).<Boolean>get("spec", "approved")).isTrue();

            // runStrategy Always is read live by the VM controller: no restart, the approval passes.
            workloads.vm(NS, "db", "Always", "None", "db-root");
            await().atMost(SETTLED).until(() -> view.vmis().stream()
                    .noneMatch(v -> v.updateOutcome().equals("SHUT_DOWN_FOR_GOOD")));
            assertThat(approve(cnv).<Boolean>get("spec", "approved")).isTrue();
        } finally {
            admin.genericKubernetesResources(KUBEVIRT).inNamespace(NS).resource(kubeVirt).delete();
        }
    }

    @Test
    void aMigratableVmiWithEvictionStrategyNoneOfAManualVmBlocksUntilTheVmRunsAlways() {
        GenericKubernetesResource vm = workloads.vm(NS, "db", "Manual", "None", "db-root");
        workloads.startVmi(vm, "None", "db-root", Workloads.MIGRATABLE);
        await().atMost(SETTLED).until(() -> clusterBlockers().size() == 1);

        assertThatThrownBy(() -> requestClusterUpgrade(admin, "4.16.2", false))
                .hasMessageContaining("- gate-e2e/db (VM gate-e2e/db) on worker-1: is shut down at eviction (evictionStrategy"
                        + " None) and not restarted: runStrategy Manual")
                .hasMessageContaining("Set runStrategy Always on VM gate-e2e/db (read live by the VM controller, no restart"
                        + " needed)");

        workloads.vm(NS, "db", "Always", "None", "db-root"); // the VMI keeps running: no restart
        await().atMost(SETTLED).until(() -> clusterBlockers().isEmpty());
        requestClusterUpgrade(admin, "4.16.2", false);
    }

    @Test
    void aLiveMigrateVmiWhoseConditionIsNotReportedBlocks() {
        GenericKubernetesResource vm = workloads.vm(NS, "db", "Always", "LiveMigrate", "db-root");
        workloads.startVmi(vm, "LiveMigrate", "db-root", null);

        await().atMost(SETTLED).until(() -> clusterBlockers().size() == 1);
        assertThatThrownBy(() -> requestClusterUpgrade(admin, "4.16.3", false))
                .hasMessageContaining("refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever\n"
                        + "  why: LiveMigratable not reported, PVC db-root on hostpath storage; evictionStrategy=LiveMigrate");
    }

    @Test
    void anSriovVmiThatKubeVirtReportsMigratablePasses() {
        workloads.sharedPvc(NS, "web-root");
        GenericKubernetesResource vm = workloads.vm(NS, "db", "Always", "LiveMigrate", "web-root");
        workloads.startVmi(vm, "LiveMigrate", "web-root", Workloads.MIGRATABLE,
                "interfaces: [{name: default, masquerade: {}}, {name: fast, sriov: {}}]");
        await().atMost(SETTLED).until(() -> view.vmis().stream()
                .anyMatch(v -> v.ref().equals("gate-e2e/db") && v.drainOutcome().equals("MIGRATES")));

        requestClusterUpgrade(admin, "4.16.4", false);
        assertThat(clusterVersion().<String>get("spec", "desiredUpdate", "version")).isEqualTo("4.16.4");
    }

    @Test
    void letsOnlyTheOverrideGroupThroughWithTheAnnotation() {
        blockingVm();
        upgradersAreClusterAdmins();
        KubernetesClient bob = impersonating("bob", "upgraders");
        KubernetesClient alice = impersonating("alice", "upgraders", "virt-admins");

        assertThatThrownBy(() -> requestClusterUpgrade(bob, "4.18.0", false, "maintenance window 42"))
                .hasMessageContaining("Override refused: user bob may not override the upgrade gate; only members of group virt-admins may.");
        requestClusterUpgrade(alice, "4.18.0", false, "maintenance window 42");
        assertThat(clusterVersion().<String>get("spec", "desiredUpdate", "version")).isEqualTo("4.18.0");
    }

    @Test
    void reportAgreesWithTheGateAndNeedsATokenAllowedToListVmis() {
        blockingVm();
        String reader = ServiceAccountTokens.token(admin, NS, "report-reader", true);
        String stranger = ServiceAccountTokens.token(admin, NS, "stranger", false);

        given().get("/upgrade-readiness").then().statusCode(401)
                .body("error", equalTo("a bearer token is required (Authorization: Bearer <token>)"));
        given().auth().oauth2("not-a-token").get("/upgrade-readiness").then().statusCode(401)
                .body("error", equalTo("the bearer token is not valid"));
        given().auth().oauth2(stranger).get("/upgrade-readiness").then().statusCode(403)
                .body("error", equalTo("user \"system:serviceaccount:gate-e2e:stranger\" may not list "
                        + "virtualmachineinstances.kubevirt.io in all namespaces, which this report shows"));
        given().auth().oauth2(reader).get("/upgrade-readiness").then().statusCode(200)
                .body("ready", equalTo(false))
                .body("synced", equalTo(true))
                .body("clusterUpgrade.blocking", equalTo(1))
                .body("nodes.find { it.name == 'worker-1' }.vmis.find { it.vmi == 'db' }.namespace", equalTo(NS))
                .body("nodes.find { it.name == 'worker-1' }.vmis.find { it.vmi == 'db' }.drainOutcome", equalTo("STALLS_DRAIN"))
                .body("nodes.find { it.name == 'worker-1' }.vmis.find { it.vmi == 'db' }.blocks", equalTo(List.of("cluster")));
        given().auth().oauth2(reader).queryParam("format", "text").get("/upgrade-readiness").then().statusCode(200)
                .body(containsString("Node worker-1: "))
                .body(containsString("  ! gate-e2e/db (VM gate-e2e/db): drain STALLS_DRAIN, update STAYS_OUTDATED"));
    }

    @Test
    void unblocksOnceTheBlockingVmiIsDeleted() {
        blockingVm();
        workloads.deleteVmi(NS, "db");
        await().atMost(SETTLED).until(() -> clusterBlockers().isEmpty());
        requestClusterUpgrade(admin, "4.19.0", false);
    }

    @Test
    void decidesFromTheWatchedIndexWithoutAnyApiCall() {
        blockingVm();
        ObjectNode review = AdmissionReviews.request("cost", "config.openshift.io", "v1", "ClusterVersion", "clusterversions",
                "UPDATE", "{\"metadata\":{\"name\":\"version\"},\"spec\":{\"desiredUpdate\":{\"version\":\"9.9.9\"}}}",
                "{\"metadata\":{\"name\":\"version\"},\"spec\":{}}");
        ((ObjectNode) review.get("request")).put("dryRun", true); // a dry run writes no Event either
        Map<String, Long> before = ApiServerRequests.count(admin);

        for (int i = 0; i < 100; i++) {
            given().contentType("application/json").body(review.toString()).post("/validate-upgrade")
                    .then().statusCode(200).body("response.allowed", equalTo(false));
        }

        assertThat(ApiServerRequests.count(admin)).isEqualTo(before);
    }

    private GenericKubernetesResource blockingVm() {
        GenericKubernetesResource vm = workloads.runningVm(NS, "db", "Manual", "LiveMigrate", "db-root");
        await().atMost(SETTLED).until(() -> clusterBlockers().contains("gate-e2e/db"));
        return vm;
    }

    /** The VMIs that block a cluster upgrade, as the gate sees them. */
    private List<String> clusterBlockers() {
        return view.clusterBlockers();
    }

    private static void requestClusterUpgrade(KubernetesClient client, String version, boolean dryRun) {
        requestClusterUpgrade(client, version, dryRun, null);
    }

    private static void requestClusterUpgrade(KubernetesClient client, String version, boolean dryRun, String overrideReason) {
        GenericKubernetesResource cv = clusterVersion();
        cv.setAdditionalProperty("spec", Map.of("clusterID", "6a0c8d4e-0000-4000-8000-000000000001", "channel", "stable-4.15",
                "desiredUpdate", Map.of("version", version)));
        if (overrideReason != null) {
            cv.getMetadata().setAnnotations(Map.of("hco-guard.io/allow-upgrade-with-blockers", overrideReason));
        }
        var resource = client.genericKubernetesResources(CLUSTER_VERSION).resource(cv);
        if (dryRun) {
            resource.dryRun().update();
        } else {
            resource.update();
        }
    }

    private static GenericKubernetesResource clusterVersion() {
        return admin.genericKubernetesResources(CLUSTER_VERSION).withName("version").get();
    }

    private static GenericKubernetesResource installPlan(String name, String csv) {
        return admin.genericKubernetesResources(INSTALL_PLAN).inNamespace("openshift-cnv").resource(Workloads.parse("""
                apiVersion: operators.coreos.com/v1alpha1
                kind: InstallPlan
                metadata: {name: %s, namespace: openshift-cnv}
                spec: {approval: Manual, approved: false, clusterServiceVersionNames: [%s]}
                """.formatted(name, csv))).serverSideApply();
    }

    private static GenericKubernetesResource approve(GenericKubernetesResource plan) {
        GenericKubernetesResource current = admin.genericKubernetesResources(INSTALL_PLAN).inNamespace("openshift-cnv")
                .withName(plan.getMetadata().getName()).get();
        Map<String, Object> spec = current.get("spec");
        spec.put("approved", true);
        return admin.genericKubernetesResources(INSTALL_PLAN).inNamespace("openshift-cnv").resource(current).update();
    }

    /**
     * Denials of a ClusterVersion edit by this user recorded as Events: the count of each such Event
     * summed, so that Events counted up rather than repeated count the same.
     */
    private static long upgradeBlockedOccurrences(String user) {
        return admin.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "UpgradeBlocked".equals(e.getReason()) && "version".equals(e.getInvolvedObject().getName())
                        && e.getMessage().startsWith("Denied UPDATE by " + user + ":"))
                .mapToLong(e -> e.getCount() == null ? 1 : e.getCount())
                .sum();
    }

    /** Group "upgraders" may do anything, so that its impersonated members reach the gate. */
    private static void upgradersAreClusterAdmins() {
        admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("e2e-upgraders").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin").endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("upgraders").endSubject()
                .build()).serverSideApply();
    }

    private static KubernetesClient impersonating(String user, String... groups) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername(user).withImpersonateGroups(groups).build()).build();
    }
}
