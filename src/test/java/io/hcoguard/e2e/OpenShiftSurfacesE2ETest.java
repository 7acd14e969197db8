package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenShift's own surfaces behind the real API server, with the upstream ClusterOperator,
 * OperatorCondition, Subscription and (DevPreview) ClusterVersion CRDs of hack/crds: ClusterOperator
 * hco-guard follows the VMIs and comes back when deleted, the opt-in hold appears on HCO's
 * OperatorCondition and goes again while leaving every other override as it was, and a ClusterVersion
 * update that accepts hco-guard's risk passes for the override group only.
 */
@QuarkusTest
@TestProfile(OpenShiftSurfacesE2ETest.HoldOn.class)
class OpenShiftSurfacesE2ETest {

    /** The app with the hold of OKD Virtualization updates switched on. */
    public static class HoldOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("guard.upgrade.hold-virtualization-updates", "true");
        }
    }

    static final ResourceDefinitionContext CLUSTER_OPERATOR = context("config.openshift.io", "v1", "ClusterOperator",
            "clusteroperators", false);
    static final ResourceDefinitionContext SUBSCRIPTION = context("operators.coreos.com", "v1alpha1", "Subscription",
            "subscriptions", true);
    static final ResourceDefinitionContext OPERATOR_CONDITION = context("operators.coreos.com", "v2", "OperatorCondition",
            "operatorconditions", true);
    static final String NS = "surfaces-e2e";
    static final String CNV = "openshift-cnv";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String SEE_ALL = "Every VMI with its fix: kubectl hco-guard precheck, or GET /upgrade-readiness.";
    static final String FOREIGN_OTHER_TYPE = """
            {"type": "example.com/Ready", "status": "True", "lastTransitionTime": "2026-01-02T03:04:05Z",
             "reason": "SetByHand", "message": "not hco-guard's"}""";
    static final String FOREIGN_UPGRADEABLE = """
            {"type": "Upgradeable", "status": "True", "lastTransitionTime": "2026-01-02T03:04:05Z",
             "reason": "ChangeApproved", "message": "CHG0042: update despite the VMs"}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    final AppView view = AppView.of(this);

    private static KubernetesClient admin;
    private static Workloads workloads;

    @BeforeAll
    static void cluster() {
        admin = ControlPlane.admin();
        workloads = new Workloads(admin);
        for (String namespace : List.of(NS, CNV)) {
            workloads.namespace(namespace);
        }
        workloads.hostpathPvc(NS, "db-root");
        workloads.clusterVersion("stable-4.19");
    }

    @AfterEach
    void noBlockerLeftBehind() {
        workloads.deleteVmi(NS, "db");
        await().atMost(WAIT).until(() -> view.vmis().stream().noneMatch(v -> v.ref().equals(NS + "/db")));
    }

    @Test
    void theClusterOperatorFollowsTheVmisStaysAvailableAndComesBackWhenDeleted() {
        await().atMost(WAIT).until(() -> "True".equals(condition("Upgradeable").path("status").asText()));
        String availableSince = condition("Available").path("lastTransitionTime").asText();
        List<String> availability = sampleAvailability();

        workloads.runningVm(NS, "db", "Manual", "LiveMigrate", "db-root");
        await().atMost(WAIT).until(() -> "False".equals(condition("Upgradeable").path("status").asText()));

        JsonNode status = status();
        assertThat(conditionsWithoutTimes(status)).containsExactly(
                Map.of("type", "Available", "status", "True", "reason", "AsExpected", "message", "hco-guard answers admission requests."),
                Map.of("type", "Progressing", "status", "False", "reason", "AsExpected", "message", "hco-guard is not changing anything."),
                Map.of("type", "Degraded", "status", "False", "reason", "AsExpected", "message", "hco-guard's view of the cluster is synced."),
                Map.of("type", "Upgradeable", "status", "False", "reason", "VMIsBlockClusterUpdates", "message",
                        "1 running VMI blocks cluster updates: 1 stalls the drain. By node: worker-1: 1. VMIs: surfaces-e2e/db. "
                                + SEE_ALL + " To accept the risk: oc adm upgrade accept ClusterOperatorUpgradeable-hco-guard"));
        assertThat(JSON.convertValue(status.path("versions"), List.class))
                .isEqualTo(List.of(Map.of("name", "operator", "version", System.getProperty("project.version"))));
        assertThat(JSON.convertValue(status.path("relatedObjects"), List.class)).isEqualTo(List.of(
                Map.of("group", "", "resource", "namespaces", "name", "default"),
                Map.of("group", "apps", "resource", "deployments", "namespace", "default", "name", "hco-guard"),
                Map.of("group", "admissionregistration.k8s.io", "resource", "validatingwebhookconfigurations", "name", "hco-guard"),
                Map.of("group", "admissionregistration.k8s.io", "resource", "mutatingwebhookconfigurations", "name", "hco-guard")));
        // The report and the gauge follow what the writer last wrote, once its tick is over: after the write itself.
        await().atMost(WAIT).until(() -> view.report().path("openshift").path("clusterOperator").path("upgradeable").asText()
                .equals("False"));
        assertThat(view.report().path("openshift").path("thisReplicaWrites").asBoolean()).isTrue();
        assertThat(view.meter("hco_guard_upgrade_held", "by", "ClusterOperator")).isEqualTo(1);
        assertThat(view.meter("hco_guard_leader")).isEqualTo(1);

        workloads.deleteVmi(NS, "db");
        await().atMost(WAIT).until(() -> "True".equals(condition("Upgradeable").path("status").asText()));
        assertThat(condition("Upgradeable").path("message").asText()).isEqualTo("No running VMI blocks cluster updates.");
        assertThat(condition("Available").path("lastTransitionTime").asText()).isEqualTo(availableSince);
        await().atMost(WAIT).until(() -> view.meter("hco_guard_upgrade_held", "by", "ClusterOperator") == 0);

        admin.genericKubernetesResources(CLUSTER_OPERATOR).withName("hco-guard").delete();
        await().atMost(WAIT).until(() -> "True".equals(condition("Upgradeable").path("status").asText()));
        assertThat(condition("Available").path("status").asText()).isEqualTo("True");
        // Every sample taken while the ClusterOperator existed said Available=True.
        assertThat(availability).isNotEmpty().containsOnly("True", "absent");
    }

    @Test
    void theHoldAppearsWhileAVmiWouldBeShutDownForGoodAndGoesWhenItIsFixedLeavingOtherOverridesAlone() {
        String csv = "kubevirt-hyperconverged-operator.v4.99.0";
        GenericKubernetesResource original = operatorCondition(csv, FOREIGN_OTHER_TYPE);
        installed(csv);
        await().atMost(WAIT).until(() -> holdReported("NOT_HELD", csv));
        GenericKubernetesResource kubeVirt = evictingKubeVirt();
        try {
            // Not migratable, None, Manual: [LiveMigrate, Evict] evicts it and nothing starts it again.
            workloads.runningVm(NS, "db", "Manual", "None", "db-root");
            String message = "hco-guard holds OKD Virtualization updates: the workload update (workloadUpdateMethods"
                    + " [LiveMigrate, Evict]) would shut down 1 running VMI for good: surfaces-e2e/db. " + SEE_ALL
                    + " The hold lifts when none is left.";
            await().atMost(WAIT).until(() -> overrides(csv).size() == 2);

            List<Map<String, Object>> held = overrides(csv);
            assertThat(held.get(0)).isEqualTo(JSON.convertValue(tree(FOREIGN_OTHER_TYPE), Map.class));
            assertThat(held.get(1)).containsOnlyKeys("type", "status", "lastTransitionTime", "reason", "message")
                    .containsEntry("type", "Upgradeable").containsEntry("status", "False")
                    .containsEntry("reason", "HcoGuardHold").containsEntry("message", message);
            await().atMost(WAIT).until(() -> events(csv, "VirtualizationUpdatesHeld").contains(message));
            await().atMost(WAIT).until(() -> holdReported("HELD", csv)); // the report follows once the writer's tick is over
            assertThat(view.report().path("openshift").path("virtualizationHold").path("message").asText()).isEqualTo(message);
            assertThat(view.meter("hco_guard_upgrade_held", "by", "OperatorCondition")).isEqualTo(1);

            workloads.vm(NS, "db", "Always", "None", "db-root"); // read live by the VM controller: restarted, not lost
            await().atMost(WAIT).until(() -> overrides(csv).size() == 1);

            assertThat(overrides(csv)).isEqualTo(original.<List<Object>>get("spec", "overrides"));
            await().atMost(WAIT).until(() -> events(csv, "VirtualizationUpdatesReleased").contains(
                    "hco-guard removed its hold: no running VMI would be shut down for good by the workload update."));
            await().atMost(WAIT).until(() -> "NOT_HELD".equals(view.report().path("openshift").path("virtualizationHold")
                    .path("state").asText()));
        } finally {
            admin.genericKubernetesResources(UpgradeGateE2ETest.KUBEVIRT).inNamespace(NS).resource(kubeVirt).delete();
        }
    }

    @Test
    void anUpgradeableOverrideSomeoneElseWroteDecidesAndIsNeverTouched() {
        String csv = "kubevirt-hyperconverged-operator.v4.99.1";
        GenericKubernetesResource original = operatorCondition(csv, FOREIGN_UPGRADEABLE);
        GenericKubernetesResource kubeVirt = evictingKubeVirt();
        try {
            workloads.runningVm(NS, "db", "Manual", "None", "db-root");
            await().atMost(WAIT).until(() -> view.vmis().stream().anyMatch(v -> v.ref().equals(NS + "/db")
                    && v.updateOutcome().equals("SHUT_DOWN_FOR_GOOD")));

            // The CSV is found at a resync, and judged then with the blocker in view: the report says so after.
            installed(csv);
            await().atMost(WAIT).until(() -> holdReported("FOREIGN_OVERRIDE", csv));
            GenericKubernetesResource now = admin.genericKubernetesResources(OPERATOR_CONDITION).inNamespace(CNV).withName(csv).get();
            assertThat(now.getMetadata().getResourceVersion()).isEqualTo(original.getMetadata().getResourceVersion());
            assertThat(view.meter("hco_guard_upgrade_held", "by", "OperatorCondition")).isZero();
        } finally {
            admin.genericKubernetesResources(UpgradeGateE2ETest.KUBEVIRT).inNamespace(NS).resource(kubeVirt).delete();
        }
    }

    @Test
    void acceptingHcoGuardsRiskPassesForTheOverrideGroupAndIsDeniedForOthers() {
        workloads.runningVm(NS, "db", "Manual", "LiveMigrate", "db-root");
        await().atMost(WAIT).until(() -> view.clusterBlockers().contains(NS + "/db"));
        admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("e2e-surfaces-upgraders").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin").endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("Group").withName("surfaces-upgraders").endSubject()
                .build()).serverSideApply();

        assertThatThrownBy(() -> requestAcceptingTheRisk(impersonating("bob", "surfaces-upgraders"), "4.20.1"))
                .hasMessageContaining("admission webhook \"gate.clusterversions.hco-guard.io\" denied the request: "
                        + "Override refused: user bob may not override the upgrade gate; only members of group virt-admins may.")
                .hasMessageContaining("Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the drain.");

        requestAcceptingTheRisk(impersonating("alice", "surfaces-upgraders", "virt-admins"), "4.20.1");
        GenericKubernetesResource version = admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).withName("version").get();
        assertThat(version.<String>get("spec", "desiredUpdate", "version")).isEqualTo("4.20.1");
        assertThat(version.<List<Object>>get("spec", "desiredUpdate", "acceptRisks"))
                .containsExactly(Map.of("name", "ClusterOperatorUpgradeable-hco-guard"));
    }

    @Test
    void withoutTheClusterOperatorKindThePartIsOffAndItIsWrittenOnceTheKindIsServed() {
        Path crd = ControlPlane.PROJECT.resolve("hack/crds/clusteroperators.config.openshift.io.yaml");
        admin.apiextensions().v1().customResourceDefinitions().withName("clusteroperators.config.openshift.io").delete();
        try {
            await().atMost(WAIT).until(() -> "KIND_ABSENT".equals(
                    view.report().path("openshift").path("clusterOperator").path("state").asText()));
        } finally {
            await().atMost(WAIT).until(() -> admin.apiextensions().v1().customResourceDefinitions()
                    .withName("clusteroperators.config.openshift.io").get() == null);
            ControlPlane.installCrd(crd);
        }
        await().atMost(WAIT).until(() -> "WRITTEN".equals(view.report().path("openshift").path("clusterOperator").path("state").asText()));
        assertThat(condition("Upgradeable").path("status").asText()).isEqualTo("True");
    }

    // ---------------------------------------------------------------------------------------------

    /** Samples Available every 200 ms until the test ends: "True", "False", "Unknown", "missing" or "absent" (no object). */
    private static List<String> sampleAvailability() {
        List<String> samples = new CopyOnWriteArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> {
            GenericKubernetesResource operator = admin.genericKubernetesResources(CLUSTER_OPERATOR).withName("hco-guard").get();
            samples.add(operator == null ? "absent" : conditionOf(status(operator), "Available").path("status").asText("missing"));
        }, 0, 200, TimeUnit.MILLISECONDS);
        SAMPLERS.add(sampler);
        return samples;
    }

    private static final List<ScheduledExecutorService> SAMPLERS = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopSampling() {
        SAMPLERS.forEach(ScheduledExecutorService::shutdownNow);
        SAMPLERS.clear();
    }

    private static JsonNode status() {
        GenericKubernetesResource operator = admin.genericKubernetesResources(CLUSTER_OPERATOR).withName("hco-guard").get();
        return operator == null ? JSON.missingNode() : status(operator);
    }

    private static JsonNode status(GenericKubernetesResource operator) {
        return JSON.valueToTree(operator.getAdditionalProperties().getOrDefault("status", Map.of()));
    }

    private static JsonNode condition(String type) {
        return conditionOf(status(), type);
    }

    private static JsonNode conditionOf(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return JSON.missingNode();
    }

    private static List<Map<String, Object>> conditionsWithoutTimes(JsonNode status) {
        List<Map<String, Object>> conditions = new ArrayList<>();
        for (JsonNode condition : status.path("conditions")) {
            assertThat(condition.path("lastTransitionTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.convertValue(condition, Map.class);
            map.remove("lastTransitionTime");
            conditions.add(map);
        }
        return conditions;
    }

    /** The OperatorCondition OLM creates for a CSV, with these overrides (JSON objects, comma-separated). */
    static GenericKubernetesResource operatorCondition(String csv, String override) {
        var conditions = ControlPlane.admin().genericKubernetesResources(OPERATOR_CONDITION).inNamespace(CNV);
        conditions.withName(csv).delete();
        await().atMost(WAIT).until(() -> conditions.withName(csv).get() == null);
        return conditions.resource(Workloads.parse("""
                apiVersion: operators.coreos.com/v2
                kind: OperatorCondition
                metadata: {name: %s, namespace: %s}
                spec:
                  deployments: [hco-operator]
                  serviceAccounts: [hyperconverged-cluster-operator]
                  overrides: [%s]
                """.formatted(csv, CNV, override.replace("\n", " ")))).create();
    }

    /** HCO's Subscription, as OLM leaves it once {@code csv} is installed. */
    static void installed(String csv) {
        GenericKubernetesResource subscription = ControlPlane.admin().genericKubernetesResources(SUBSCRIPTION).inNamespace(CNV)
                .resource(Workloads.parse("""
                        apiVersion: operators.coreos.com/v1alpha1
                        kind: Subscription
                        metadata: {name: kubevirt-hyperconverged, namespace: %s}
                        spec: {name: kubevirt-hyperconverged, source: community-operators, sourceNamespace: openshift-marketplace,
                               channel: stable}
                        """.formatted(CNV))).serverSideApply();
        subscription.setAdditionalProperty("status", Map.of("installedCSV", csv, "currentCSV", csv,
                "state", "AtLatestKnown", "lastUpdated", "2026-12-06T10:00:00Z"));
        ControlPlane.admin().genericKubernetesResources(SUBSCRIPTION).inNamespace(CNV).resource(subscription).updateStatus();
    }

    /** KubeVirt evicts what it cannot migrate in a workload update. */
    private static GenericKubernetesResource evictingKubeVirt() {
        return admin.genericKubernetesResources(UpgradeGateE2ETest.KUBEVIRT).inNamespace(NS).resource(Workloads.parse("""
                apiVersion: kubevirt.io/v1
                kind: KubeVirt
                metadata: {name: kubevirt, namespace: surfaces-e2e}
                spec: {workloadUpdateStrategy: {workloadUpdateMethods: [LiveMigrate, Evict], batchEvictionSize: 10}}
                """)).serverSideApply();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> overrides(String csv) {
        GenericKubernetesResource condition =
                ControlPlane.admin().genericKubernetesResources(OPERATOR_CONDITION).inNamespace(CNV).withName(csv).get();
        Object overrides = condition.get("spec", "overrides");
        return overrides == null ? List.of() : (List<Map<String, Object>>) overrides;
    }

    /** The report's hold is in this state on the CSV's OperatorCondition. */
    private boolean holdReported(String state, String csv) {
        JsonNode hold = view.report().path("openshift").path("virtualizationHold");
        return state.equals(hold.path("state").asText()) && (CNV + "/" + csv).equals(hold.path("operatorCondition").asText());
    }

    /** The messages of Events with this reason on the CSV's OperatorCondition. */
    static List<String> events(String csv, String reason) {
        return ControlPlane.admin().v1().events().inNamespace(CNV).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()) && csv.equals(e.getInvolvedObject().getName())
                        && "OperatorCondition".equals(e.getInvolvedObject().getKind()))
                .map(e -> e.getMessage()).toList();
    }

    private static void requestAcceptingTheRisk(KubernetesClient client, String version) {
        GenericKubernetesResource cv = admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).withName("version").get();
        cv.setAdditionalProperty("spec", Map.of("clusterID", "6a0c8d4e-0000-4000-8000-000000000001", "channel", "stable-4.19",
                "desiredUpdate", Map.of("version", version, "acceptRisks", List.of(Map.of("name", "ClusterOperatorUpgradeable-hco-guard")))));
        client.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).resource(cv).update();
    }

    private static KubernetesClient impersonating(String user, String... groups) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername(user).withImpersonateGroups(groups).build()).build();
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural, boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind).withPlural(plural)
                .withNamespaced(namespaced).build();
    }
}
