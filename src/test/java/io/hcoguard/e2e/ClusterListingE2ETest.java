package io.hcoguard.e2e;

import static io.hcoguard.inventory.WatchedKind.KUBEVIRT;
import static io.hcoguard.inventory.WatchedKind.STORAGE_CLASS;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hcoguard.config.DefaultConfig;
import io.hcoguard.inventory.ClusterListing;
import io.hcoguard.inventory.ClusterListing.Failed;
import io.hcoguard.inventory.ClusterListing.Failure;
import io.hcoguard.inventory.ClusterListing.Listed;
import io.hcoguard.inventory.ClusterListing.Progress;
import io.hcoguard.inventory.ClusterListing.Result;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.VmiController;
import io.hcoguard.migratability.RunStrategy;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A one-off listing of the real API server: the same blockers as the saved kubectl output of the
 * same objects, pages followed to the end, and each way of not being able to tell as its failure.
 */
@QuarkusTest
class ClusterListingE2ETest {

    private static final String NS = "cluster-listing";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-03T10:00:00Z"), ZoneOffset.UTC);
    private static final MigratabilityPolicy POLICY = DefaultConfig.migratabilityPolicy();
    private static final Duration SYNC = Duration.ofSeconds(30);

    private static KubernetesClient admin;

    @BeforeAll
    static void blockedWorkload() {
        admin = ControlPlane.admin();
        Workloads workloads = new Workloads(admin);
        workloads.namespace(NS);
        workloads.hostpathPvc(NS, "db-disk");
        workloads.runningVm(NS, "db", "Always", "LiveMigrate", "db-disk");
    }

    /** A running blocker left behind would deny every other test's upgrade request. */
    @AfterAll
    static void cleanUp() {
        new Workloads(admin).clear(NS);
    }

    @Test
    void listsTheSameBlockersAsTheSavedKubectlOutputOfTheSameObjects() throws Exception {
        Listed live = listed(ClusterListing.fromCluster(admin, POLICY, CLOCK, progress -> {
        }));
        Path saved = ControlPlane.WORK.resolve("cluster-listing.json");
        Kubectl.Result get = Kubectl.run("get", "-A", "-o", "json",
                "virtualmachineinstances.kubevirt.io,virtualmachines.kubevirt.io,kubevirts.kubevirt.io,"
                        + "hyperconvergeds.hco.kubevirt.io,persistentvolumeclaims,storageclasses.storage.k8s.io,namespaces");
        assertThat(get.exitCode()).as(get.stderr()).isZero();
        Files.writeString(saved, get.stdout());

        Listed fromFile = listed(ClusterListing.fromFiles(List.of(saved), POLICY, CLOCK));

        assertThat(live.snapshot().running().stream().filter(v -> v.vmi().namespace().equals(NS)))
                .extracting(v -> v.vmi().name(), v -> v.vmi().controller(), v -> v.drain().outcome())
                .containsExactly(tuple("db", new VmiController.VirtualMachine("db", Optional.of(RunStrategy.ALWAYS)),
                        DrainOutcome.STALLS_DRAIN));
        assertThat(fromFile.snapshot().running()).isEqualTo(live.snapshot().running());
        assertThat(fromFile.read()).isEqualTo(live.read());
        assertThat(fromFile.ignored()).containsOnlyKeys("Namespace v1");
        assertThat(live.ignored()).isEmpty();
    }

    @Test
    void followsEveryPageOfAKindLargerThanOnePageAndReportsProgress() {
        // StorageClasses: cluster-scoped and without finalizers, so they go again without a controller.
        List<StorageClass> classes = new ArrayList<>();
        for (int i = 0; i < 510; i++) {
            classes.add(admin.resource(new StorageClassBuilder().withNewMetadata().withName("listing-page-" + i).endMetadata()
                    .withProvisioner("example.com/none").build()).create());
        }
        try {
            int total = admin.storage().v1().storageClasses().list().getItems().size();
            List<Progress> progress = new ArrayList<>();

            Listed listed = listed(ClusterListing.fromCluster(admin, POLICY, CLOCK, progress::add));

            assertThat(listed.read().get(STORAGE_CLASS)).isEqualTo(total);
            assertThat(progress.stream().filter(p -> p.kind() == STORAGE_CLASS))
                    .containsExactly(new Progress(STORAGE_CLASS, 500, false), new Progress(STORAGE_CLASS, total, true));
            assertThat(progress.get(progress.size() - 1).describe())
                    .isEqualTo("listed " + listed.read().get(VIRTUAL_MACHINE_INSTANCE) + " virtualmachineinstances.kubevirt.io");
        } finally {
            classes.forEach(storageClass -> admin.resource(storageClass).delete());
        }
    }

    @Test
    void aMissingCrdIsNamed() {
        Path crdFile = ControlPlane.PROJECT.resolve("hack/crds/" + KUBEVIRT.crdName() + ".yaml");
        admin.apiextensions().v1().customResourceDefinitions().withName(KUBEVIRT.crdName()).delete();
        try {
            await().atMost(SYNC).until(() -> crd(KUBEVIRT.crdName()) == null);

            assertThat(ClusterListing.fromCluster(admin, POLICY, CLOCK, progress -> {
            })).isEqualTo(new Failed(Failure.CRD_MISSING, "CRD kubevirts.kubevirt.io is not installed: is this a cluster "
                    + "with KubeVirt and the HyperConverged Cluster Operator (OKD Virtualization)?"));
        } finally {
            await().atMost(SYNC).until(() -> crd(KUBEVIRT.crdName()) == null);
            ControlPlane.installCrd(crdFile);
        }
    }

    @Test
    void aServiceAccountWithoutListRightsHasNoAccess() {
        admin.resource(new ServiceAccountBuilder().withNewMetadata().withName("nobody").withNamespace(NS).endMetadata().build())
                .serverSideApply();
        String token = admin.serviceAccounts().inNamespace(NS).withName("nobody")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build())
                .getStatus().getToken();
        Config adminConfig = admin.getConfiguration();
        try (KubernetesClient nobody = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(adminConfig.getMasterUrl())
                .withCaCertData(adminConfig.getCaCertData()).withCaCertFile(adminConfig.getCaCertFile())
                .withOauthToken(token).withRequestRetryBackoffLimit(0).build()).build()) {

            assertThat(ClusterListing.fromCluster(nobody, POLICY, CLOCK, progress -> {
            })).isEqualTo(new Failed(Failure.NO_ACCESS, "no access: persistentvolumeclaims is forbidden: User "
                    + "\"system:serviceaccount:cluster-listing:nobody\" cannot list resource \"persistentvolumeclaims\" "
                    + "in API group \"\" at the cluster scope"));
        }
    }

    @Test
    void anApiServerThatDoesNotAnswerIsUnreachable() {
        String url = "https://127.0.0.1:" + ControlPlane.freePort() + "/";
        try (KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                .withMasterUrl(url).withTrustCerts(true).withRequestRetryBackoffLimit(0).build()).build()) {

            Result result = ClusterListing.fromCluster(nowhere, POLICY, CLOCK, progress -> {
            });

            assertThat(result).isInstanceOf(Failed.class);
            assertThat(((Failed) result).failure()).isEqualTo(Failure.UNREACHABLE);
            assertThat(((Failed) result).reason()).isEqualTo("cannot reach the API server at " + url
                    + ": ConnectException: Connection refused");
        }
    }

    private static CustomResourceDefinition crd(String name) {
        return admin.apiextensions().v1().customResourceDefinitions().withName(name).get();
    }

    private static Listed listed(Result result) {
        assertThat(result).isInstanceOf(Listed.class);
        return (Listed) result;
    }
}
