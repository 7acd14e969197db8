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
    static final ResourceDefinitionContext INSTALL_PLAN = new ResourceDefinitionContext.Builder()
            .withGroup("operators.coreos.com").withVersion("v1alpha1").withKind("InstallPlan").withPlural("installplans")
            .withNamespaced(true).build();
    static final String NS = "gate-e2e";
    static final String BLOCKED_LINE = "- gate-e2e/db (VM gate-e2e/db): PVC db-root on hostpath storage; "
            + "evictionStrategy=LiveMigrate, runStrategy=Manual";

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
        await().atMost(Duration.ofSeconds(10)).until(() -> view.blockers().isEmpty());
    }

    @Test
    void refusesClusterUpgradeWhileBlockedAndAllowsItOnceTheVmIsFixedAndRestarted() {
        GenericKubernetesResource vm = blockingVm();
        Object requestedBefore = clusterVersion().get("spec", "desiredUpdate");

        assertThatThrownBy(() -> requestClusterUpgrade(admin, "4.16.1", false))
                .hasMessageContaining("admission webhook \"gate.clusterversions.hco-guard.io\" denied the request: "
                        + "Cluster upgrade blocked: 1 running VMI cannot live migrate: 1 would stall node drains.")
                .hasMessageContaining(BLOCKED_LINE)
                .hasMessageContaining("kubectl patch vm db -n gate-e2e --type=merge -p '{\"spec\":{\"running\":null,"
                        + "\"runStrategy\":\"Always\",\"template\":{\"spec\":{\"evictionStrategy\":\"None\"}}}}'");
        assertThat((Object) clusterVersion().get("spec", "desiredUpdate")).isEqualTo(requestedBefore);

        // The remediation the message gives: the patch, then a restart that recreates the VMI.
        vm.setAdditionalProperty("spec", Map.of("runStrategy", "Always",
                "template", Map.of("spec", Map.of("evictionStrategy", "None", "domain", Map.of("devices", Map.of())))));
        GenericKubernetesResource fixed = admin.genericKubernetesResources(Workloads.VM).inNamespace(NS).resource(vm).update();
        workloads.deleteVmi(NS, "db");
        workloads.startVmi(fixed, "None", "db-root");
        await().atMost(Duration.ofSeconds(5)).until(() -> view.blockers().isEmpty() && view.runningVmis() >= 1);

        requestClusterUpgrade(admin, "4.16.1", false);
        assertThat(clusterVersion().<String>get("spec", "desiredUpdate", "version")).isEqualTo("4.16.1");
    }

    @Test
    void judgesDryRunTheSameAndWritesAnEventOnlyForTheRealRequest() {
        blockingVm();
        long eventsBefore = upgradeBlockedEvents();

        assertThatThrownBy(() -> requestClusterUpgrade(admin, "4.17.0", true)).hasMessageContaining(BLOCKED_LINE);
        assertThatThrownBy(() -> requestClusterUpgrade(admin, "4.17.0", false)).hasMessageContaining(BLOCKED_LINE);

        await().atMost(Duration.ofSeconds(5)).until(() -> upgradeBlockedEvents() == eventsBefore + 1);
        assertThat(upgradeBlockedEvents()).isEqualTo(eventsBefore + 1);
    }

    @Test
    void refusesOkdVirtualizationInstallPlanApprovalWhileBlockedButNotOtherOperators() {
        workloads.namespace("openshift-cnv");
        GenericKubernetesResource cnv = installPlan("install-cnv", "kubevirt-hyperconverged-operator.v4.99.0");
        GenericKubernetesResource other = installPlan("install-other", "some-operator.v1.2.3");
        blockingVm();

        assertThatThrownBy(() -> approve(cnv))
                .hasMessageContaining("OKD Virtualization upgrade blocked: 1 running VMI cannot live migrate")
                .hasMessageContaining(BLOCKED_LINE);
        assertThat(approve(other).<Boolean>get("spec", "approved")).isTrue();

        workloads.deleteVmi(NS, "db");
        // How fast the view follows is unblocksWithinASecondOfTheBlockingVmisDeletion's business.
        await().atMost(Duration.ofSeconds(10)).until(() -> view.blockers().isEmpty());
        assertThat(approve(cnv).<Boolean>get("spec", "approved")).isTrue();
    }

    @Test
    void letsOnlyTheOverrideGroupThroughWithTheAnnotation() {
        blockingVm();
        admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("e2e-upgraders").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin").endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("upgraders").endSubject()
                .build()).serverSideApply();
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
                .body("blockingVmis", equalTo(1))
                .body("blockers[0].namespace", equalTo(NS))
                .body("blockers[0].vmi", equalTo("db"))
                .body("blockers[0].impact", equalTo("STALLS_DRAIN"));
        given().auth().oauth2(reader).queryParam("format", "text").get("/upgrade-readiness").then().statusCode(200)
                .body(containsString("gate-e2e/db"));
    }

    @Test
    void unblocksWithinASecondOfTheBlockingVmisDeletion() {
        blockingVm();
        workloads.deleteVmi(NS, "db");
        await().atMost(Duration.ofSeconds(1)).until(() -> view.blockers().isEmpty());
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
        await().atMost(Duration.ofSeconds(5)).until(() -> view.blockingVmis().contains("gate-e2e/db"));
        return vm;
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

    private static long upgradeBlockedEvents() {
        return admin.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "UpgradeBlocked".equals(e.getReason()) && "version".equals(e.getInvolvedObject().getName()))
                .count();
    }

    private static KubernetesClient impersonating(String user, String... groups) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername(user).withImpersonateGroups(groups).build()).build();
    }
}
