package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the README's "What happens while hco-guard is down" promises, against the real API server: a
 * copy of the shipped webhook configurations whose every call fails, so that their failure
 * policies and match conditions decide. Fail-closed webhooks refuse exactly what they
 * guard (HyperConverged spec edits, a new ClusterVersion target, an InstallPlan approval); every
 * other edit of those kinds, and everything the Ignore webhooks see, goes through.
 */
@QuarkusTest
class WebhookDownE2ETest {

    private static final String DOWN = "hco-guard-down";
    private static final String NS = "webhook-down";
    private static KubernetesClient admin;

    @BeforeAll
    static void cluster() {
        // The API server answers a failed webhook call with HTTP 500, which fabric8 would retry with backoff.
        admin = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(ControlPlane.admin().getConfiguration()).withRequestRetryBackoffLimit(0).build())
                .build();
        for (String namespace : List.of(NS, "openshift-cnv")) {
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).serverSideApply();
        }
        admin.resource(HyperConvergedE2ETest.hco(NS, "v1beta1", "workloadUpdateStrategy: {workloadUpdateMethods: [LiveMigrate]}"))
                .serverSideApply();
        admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).resource(Workloads.parse("""
                apiVersion: config.openshift.io/v1
                kind: ClusterVersion
                metadata: {name: version}
                spec: {clusterID: 6a0c8d4e-0000-4000-8000-000000000001, channel: stable-4.15}
                """)).serverSideApply();
    }

    @AfterAll
    static void closeClient() {
        admin.close();
    }

    @BeforeEach
    void hcoGuardGoesDown() {
        WebhookRegistration.registerFailing(admin, DOWN, ControlPlane.webhookPort(), ControlPlane.caBundle());
        // The API server picks webhook configurations up from its own watch: wait until it calls the dead one.
        await().atMost(Duration.ofSeconds(10)).until(() -> refused(() -> editHcoSpec("1m0s")));
    }

    @AfterEach
    void hcoGuardComesBack() {
        WebhookRegistration.unregister(admin, DOWN);
        await().atMost(Duration.ofSeconds(10)).until(() -> !refused(() -> editHcoSpec("2m0s")));
    }

    @Test
    void refusesHyperConvergedSpecEditsButLetsMetadataEditsThrough() {
        assertRefusedBy("validate.hyperconverged.hco-guard.io", () -> editHcoSpec("3m0s"));

        // What HCO itself does to its CR besides status: finalizers and labels.
        GenericKubernetesResource hco = hco();
        hco.getMetadata().setFinalizers(List.of("kubevirt.io/hyperconverged"));
        hco.getMetadata().setLabels(Map.of("edited-while", "down"));
        GenericKubernetesResource stored = admin.resource(hco).update();

        assertThat(stored.getMetadata().getFinalizers()).containsExactly("kubevirt.io/hyperconverged");
        assertThat(stored.getMetadata().getLabels()).containsEntry("edited-while", "down");
        stored.getMetadata().setFinalizers(List.of());
        admin.resource(stored).update();
    }

    @Test
    void refusesANewClusterTargetButLetsOtherClusterVersionEditsThrough() {
        GenericKubernetesResource channel = clusterVersion();
        channel.<Map<String, Object>>get("spec").put("channel", "fast-4.15");
        assertThat(admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).resource(channel).update()
                .<String>get("spec", "channel")).isEqualTo("fast-4.15");

        GenericKubernetesResource target = clusterVersion();
        target.<Map<String, Object>>get("spec").put("desiredUpdate", Map.of("version", "4.99.1"));
        assertRefusedBy("gate.clusterversions.hco-guard.io",
                () -> admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).resource(target).update());
    }

    @Test
    void refusesAnInstallPlanApprovalButLetsOlmUpdateInstallPlans() {
        GenericKubernetesResource plan = installPlans().resource(Workloads.parse("""
                apiVersion: operators.coreos.com/v1alpha1
                kind: InstallPlan
                metadata: {name: install-while-down, namespace: openshift-cnv}
                spec: {approval: Manual, approved: false, clusterServiceVersionNames: [kubevirt-hyperconverged-operator.v4.99.0]}
                """)).create();

        GenericKubernetesResource olmUpdate = installPlans().withName(plan.getMetadata().getName()).get();
        olmUpdate.getMetadata().setLabels(Map.of("operators.coreos.com/kubevirt-hyperconverged.openshift-cnv", ""));
        olmUpdate.<Map<String, Object>>get("spec").put("clusterServiceVersionNames",
                List.of("kubevirt-hyperconverged-operator.v4.99.0", "some-dependency.v1.0.0"));
        assertThat(installPlans().resource(olmUpdate).update().<List<String>>get("spec", "clusterServiceVersionNames"))
                .hasSize(2);

        GenericKubernetesResource approval = installPlans().withName(plan.getMetadata().getName()).get();
        approval.<Map<String, Object>>get("spec").put("approved", true);
        assertRefusedBy("gate.installplans.hco-guard.io", () -> installPlans().resource(approval).update());
        installPlans().resource(plan).delete();
    }

    @Test
    void storesSubscriptionsWithoutWarnings() {
        GenericKubernetesResource subscription = admin.genericKubernetesResources("operators.coreos.com/v1alpha1", "Subscription")
                .inNamespace("openshift-cnv").resource(Workloads.parse("""
                        apiVersion: operators.coreos.com/v1alpha1
                        kind: Subscription
                        metadata: {name: hco-while-down, namespace: openshift-cnv}
                        spec: {name: kubevirt-hyperconverged, source: community-operators, sourceNamespace: openshift-marketplace,
                               channel: candidate, installPlanApproval: Manual}
                        """)).create();

        assertThat(subscription.<String>get("spec", "channel")).isEqualTo("candidate");
        admin.resource(subscription).delete();
    }

    private static void editHcoSpec(String interval) {
        GenericKubernetesResource hco = hco();
        hco.setAdditionalProperty("spec", Map.of("workloadUpdateStrategy",
                Map.of("workloadUpdateMethods", List.of("LiveMigrate", "Evict"), "batchEvictionSize", 10, "batchEvictionInterval", interval)));
        admin.resource(hco).update();
    }

    private static boolean refused(Runnable edit) {
        try {
            edit.run();
            return false;
        } catch (RuntimeException e) {
            return explained(e).contains("failed calling webhook");
        }
    }

    /** The exception's messages down its causes: fabric8 puts the API server's answer in a cause. */
    private static String explained(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static void assertRefusedBy(String webhook, Runnable edit) {
        assertThatThrownBy(edit::run).isInstanceOf(KubernetesClientException.class)
                .satisfies(e -> assertThat(explained(e)).contains("failed calling webhook \"" + webhook + "\""));
    }

    private static GenericKubernetesResource hco() {
        return admin.genericKubernetesResources("hco.kubevirt.io/v1beta1", "HyperConverged").inNamespace(NS)
                .withName("kubevirt-hyperconverged").get();
    }

    private static GenericKubernetesResource clusterVersion() {
        return admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).withName("version").get();
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> installPlans() {
        return admin.genericKubernetesResources(UpgradeGateE2ETest.INSTALL_PLAN).inNamespace("openshift-cnv");
    }
}
