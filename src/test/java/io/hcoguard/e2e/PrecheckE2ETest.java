package io.hcoguard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.cli.CliRun;
import io.hcoguard.inventory.ClusterView;
import io.hcoguard.upgrade.OpenShiftAssertions;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code hco-guard precheck} against the real API server, with the webhook under test registered
 * on it: ready on a clean cluster, blocked with the blockers the webhook denies with, the same
 * answer from saved kubectl output, and "could not tell" for each way of not knowing.
 */
@QuarkusTest
class PrecheckE2ETest {

    private static final String NS = "precheck-e2e";
    private static final Path WORK = ControlPlane.WORK.resolve("precheck");
    private static final String KINDS = "virtualmachineinstances.kubevirt.io,virtualmachines.kubevirt.io,kubevirts.kubevirt.io,"
            + "hyperconvergeds.hco.kubevirt.io,persistentvolumeclaims,storageclasses.storage.k8s.io";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static KubernetesClient admin;
    private static Workloads workloads;

    @Inject
    ClusterView view;

    @BeforeAll
    static void cluster() throws IOException {
        RestAssured.useRelaxedHTTPSValidation();
        admin = ControlPlane.admin();
        workloads = new Workloads(admin);
        workloads.namespace(NS);
        workloads.hostpathPvc(NS, "db-root");
        admin.genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).resource(Workloads.parse("""
                apiVersion: config.openshift.io/v1
                kind: ClusterVersion
                metadata: {name: version}
                spec: {clusterID: 6a0c8d4e-0000-4000-8000-000000000001, channel: stable-4.15}
                """)).serverSideApply();
        Files.createDirectories(WORK);
    }

    /** A running blocker left behind would deny every other test's upgrade request. */
    @AfterAll
    static void removeTheBlocker() {
        workloads.clear(NS);
    }

    @Test
    void readyWithoutBlockersThenBlockedWithTheBlockersTheWebhookDeniesWith() throws Exception {
        String kubeconfig = ControlPlane.kubeconfig().toString();
        CliRun ready = CliRun.of("precheck", "--kubeconfig", kubeconfig);
        assertThat(ready.exitCode()).as(ready.stderr()).isZero();
        assertThat(ready.stdout()).startsWith("Ready: none of the ");

        workloads.runningVm(NS, "db", "Always", "LiveMigrate", "db-root");
        await().atMost(Duration.ofSeconds(10)).until(() -> view.verdicts().running().stream()
                .anyMatch(v -> v.vmi().namespace().equals(NS) && v.drain().outcome().blocksClusterUpgrade()));
        CliRun blocked = CliRun.of("precheck", "--kubeconfig", kubeconfig);
        Kubectl.Result upgrade = Kubectl.run("patch", "clusterversion", "version", "--type=merge", "--dry-run=server",
                "-p", "{\"spec\":{\"desiredUpdate\":{\"version\":\"9.9.9\"}}}");

        assertThat(blocked.exitCode()).as(blocked.stderr()).isEqualTo(1);
        assertThat(blocked.stdout()).startsWith("Not ready: a cluster upgrade is blocked by 1 running VMI (would stall a drain"
                        + " or be shut down for good).\n")
                .contains("\nNode worker-1: ")
                .contains("  ! precheck-e2e/db (VM precheck-e2e/db): drain STALLS_DRAIN, update STAYS_OUTDATED\n"
                        + "      drain: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever\n");
        assertThat(upgrade.exitCode()).isEqualTo(1);
        assertThat(upgrade.stderr()).contains("admission webhook \"gate.clusterversions.hco-guard.io\" denied the request: "
                + "Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the drain.")
                .contains("- precheck-e2e/db (VM precheck-e2e/db) on worker-1: refuses eviction (LiveMigrate, not migratable)");
        // The same fix, word for word.
        String fix = blocked.stdout().lines().filter(line -> line.contains("kubectl patch vm db -n precheck-e2e")).findFirst()
                .orElseThrow().trim();
        assertThat(upgrade.stderr()).contains(fix);
        assertThat(blocked.stderr()).startsWith("hco-guard: read ").endsWith(" from " + admin.getMasterUrl() + "\n");

        // The report the running webhook serves is the CLI's JSON, to the field (its time of last change aside);
        // what hco-guard asserts on OpenShift's surfaces too, once written, but for who writes, which only the service knows.
        await().atMost(Duration.ofSeconds(60)).until(() -> "False".equals(
                Arc.container().instance(OpenShiftAssertions.class).get().current().clusterOperator().upgradeable()));
        String reportJson = given().auth().oauth2(token("report-reader", true)).get("/upgrade-readiness").then().statusCode(200)
                .extract().asString();
        ObjectNode served = (ObjectNode) JSON.readTree(reportJson);
        ObjectNode printed = (ObjectNode) JSON.readTree(CliRun.of("precheck", "--kubeconfig", kubeconfig, "-o", "json").stdout());
        served.remove("lastChange");
        printed.remove("lastChange");
        for (ObjectNode report : List.of(served, printed)) {
            report.withObject("/openshift").remove(List.of("writer", "thisReplicaWrites"));
        }
        assertThat(printed).isEqualTo(served);
        assertThat(printed.path("openshift").path("clusterOperator").path("state").asText()).isEqualTo("WRITTEN");

        // Saved kubectl output of the same objects gives the same answer; files tell nothing of OpenShift's surfaces.
        Kubectl.Result saved = Kubectl.run("get", "-A", "-o", "json", KINDS);
        Path file = Files.writeString(WORK.resolve("cluster.json"), saved.stdout());
        CliRun fromFile = CliRun.of("precheck", "-f", file.toString());
        assertThat(fromFile.exitCode()).isEqualTo(1);
        assertThat(fromFile.stdout()).isEqualTo(blocked.stdout().replaceAll("(?m)^OpenShift \\(.*\\n", ""));
        assertThat(blocked.stdout()).contains("\nOpenShift (no writer known): ClusterOperator hco-guard ");
        ObjectNode fromFileJson = (ObjectNode) JSON.readTree(CliRun.of("precheck", "-f", file.toString(), "-o", "json").stdout());
        ObjectNode fromClusterJson = (ObjectNode) JSON.readTree(CliRun.of("precheck", "--kubeconfig", kubeconfig, "-o", "json").stdout());
        assertThat(fromFileJson.remove("openshift").isNull()).isTrue();
        fromClusterJson.remove("openshift");
        assertThat(fromFileJson).isEqualTo(fromClusterJson);
    }

    @Test
    void aServiceAccountWithoutListRightsCannotTell() throws IOException {
        String token = token("nobody", false);
        Path kubeconfig = kubeconfig("nobody", admin.getConfiguration().getMasterUrl(), caData(admin.getConfiguration()), token);

        CliRun run = CliRun.of("precheck", "--kubeconfig", kubeconfig.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).isEqualTo("hco-guard: could not tell: no access: persistentvolumeclaims is forbidden: User "
                + "\"system:serviceaccount:precheck-e2e:nobody\" cannot list resource \"persistentvolumeclaims\" in API group \"\" "
                + "at the cluster scope\n");
    }

    @Test
    void anApiServerThatDoesNotAnswerCannotTell() throws IOException {
        String url = "https://127.0.0.1:" + ControlPlane.freePort() + "/";
        Path kubeconfig = kubeconfig("nowhere", url, null, "token");

        CliRun run = CliRun.of("precheck", "--kubeconfig", kubeconfig.toString(), "--output", "json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("hco-guard: could not tell: cannot reach the API server at " + url
                + ": ConnectException: Connection refused\n");
        assertThat(run.stdout()).isEqualTo("""
                {
                  "ready" : false,
                  "failure" : "UNREACHABLE",
                  "reason" : "cannot reach the API server at %s: ConnectException: Connection refused"
                }
                """.formatted(url));
    }

    @Test
    void aClusterWithoutKubeVirtsCrdsCannotTell() throws IOException {
        EtcdAndApiServer bare = EtcdAndApiServer.start();
        try {
            Path kubeconfig = Files.writeString(WORK.resolve("bare.kubeconfig"), bare.kubeconfigYaml());

            CliRun run = CliRun.of("precheck", "--kubeconfig", kubeconfig.toString());

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.stdout()).isEmpty();
            assertThat(run.stderr()).isEqualTo("hco-guard: could not tell: CRDs virtualmachineinstances.kubevirt.io, "
                    + "virtualmachines.kubevirt.io, kubevirts.kubevirt.io, hyperconvergeds.hco.kubevirt.io are not installed: "
                    + "is this a cluster with KubeVirt and the HyperConverged Cluster Operator (OKD Virtualization)?\n");
        } finally {
            bare.stop();
        }
    }

    @Test
    void checkOfAMisspeltMethodPrintsTheMessageTheWebhookDeniesWith() throws Exception {
        Path hco = ControlPlane.PROJECT.resolve("src/test/resources/check/hco-typo.yaml");
        workloads.namespace("openshift-cnv");
        Kubectl.Result create = Kubectl.run("create", "--dry-run=server", "-f", hco.toString());

        CliRun check = CliRun.of("check", "-f", hco.toString());

        assertThat(check.exitCode()).isEqualTo(1);
        String message = check.stdout().substring(check.stdout().indexOf(": denied: ") + ": denied: ".length()).trim();
        assertThat(message).startsWith("spec.workloadUpdateStrategy.workloadUpdateMethods[0]: ");
        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.stderr()).contains("admission webhook \"validate.hyperconverged.hco-guard.io\" denied the request: " + message);
    }

    // ---------------------------------------------------------------------------------------------

    /** A service account token of this namespace; {@code admin}: bound to cluster-admin. */
    private static String token(String serviceAccount, boolean clusterAdmin) {
        admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(serviceAccount).withNamespace(NS).endMetadata().build())
                .serverSideApply();
        if (clusterAdmin) {
            admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("precheck-e2e-" + serviceAccount).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("cluster-admin")
                    .endRoleRef().addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(NS).endSubject()
                    .build()).serverSideApply();
        }
        return admin.serviceAccounts().inNamespace(NS).withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
    }

    /** A kubeconfig with a bearer token; without a CA it skips TLS verification (nothing answers there anyway). */
    private static Path kubeconfig(String name, String server, String caData, String token) throws IOException {
        String cluster = caData == null ? "{server: " + server + ", insecure-skip-tls-verify: true}"
                : "{server: " + server + ", certificate-authority-data: " + caData + "}";
        return Files.writeString(WORK.resolve(name + ".kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: test, cluster: %s}]
                users: [{name: %s, user: {token: %s}}]
                contexts: [{name: %s, context: {cluster: test, user: %s}}]
                current-context: %s
                """.formatted(cluster, name, token, name, name, name));
    }

    private static String caData(Config config) throws IOException {
        return config.getCaCertData() != null ? config.getCaCertData()
                : Base64.getEncoder().encodeToString(Files.readString(Path.of(config.getCaCertFile())).getBytes(StandardCharsets.UTF_8));
    }
}
