package io.hcoguard.inventory;

import static io.hcoguard.inventory.WatchedKind.HYPER_CONVERGED;
import static io.hcoguard.inventory.WatchedKind.INFRASTRUCTURE;
import static io.hcoguard.inventory.WatchedKind.KUBEVIRT;
import static io.hcoguard.inventory.WatchedKind.MACHINE_CONFIG_POOL;
import static io.hcoguard.inventory.WatchedKind.NODE;
import static io.hcoguard.inventory.WatchedKind.NODE_MAINTENANCE;
import static io.hcoguard.inventory.WatchedKind.PERSISTENT_VOLUME;
import static io.hcoguard.inventory.WatchedKind.PERSISTENT_VOLUME_CLAIM;
import static io.hcoguard.inventory.WatchedKind.STORAGE_CLASS;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE;
import static io.hcoguard.inventory.WatchedKind.VIRTUAL_MACHINE_INSTANCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hcoguard.config.DefaultConfig;
import io.hcoguard.inventory.ClusterListing.Failed;
import io.hcoguard.inventory.ClusterListing.Failure;
import io.hcoguard.inventory.ClusterListing.Listed;
import io.hcoguard.inventory.ClusterListing.Result;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.VerdictSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved lists routed into a fresh index, and API server answers turned into one-line failures. */
class ClusterListingTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-03T10:00:00Z"), ZoneOffset.UTC);
    private static final MigratabilityPolicy POLICY = DefaultConfig.migratabilityPolicy();

    @TempDir
    Path dir;

    // --- routing ------------------------------------------------------------------------------

    @Test
    void routesEachItemOfAKubectlListToItsKindAndCountsTheOthers() {
        Listed listed = listed(ClusterListing.fromFiles(List.of(fixture("blocked-cluster.json")), POLICY, CLOCK));

        assertThat(listed.read()).isEqualTo(Map.ofEntries(
                Map.entry(VIRTUAL_MACHINE_INSTANCE, 2), Map.entry(VIRTUAL_MACHINE, 2), Map.entry(KUBEVIRT, 1),
                Map.entry(HYPER_CONVERGED, 1), Map.entry(PERSISTENT_VOLUME_CLAIM, 1), Map.entry(STORAGE_CLASS, 2),
                Map.entry(NODE, 0), Map.entry(PERSISTENT_VOLUME, 0), Map.entry(MACHINE_CONFIG_POOL, 0),
                Map.entry(INFRASTRUCTURE, 0), Map.entry(NODE_MAINTENANCE, 0)));
        assertThat(listed.absent()).containsExactlyInAnyOrder(MACHINE_CONFIG_POOL, INFRASTRUCTURE, NODE_MAINTENANCE);
        assertThat(listed.ignored()).isEqualTo(Map.of("Namespace v1", 2, "Pod v1", 1));
        assertThat(listed.ignoredCount()).isEqualTo(3);
        assertThat(listed.describe()).isEqualTo("2 virtualmachineinstances.kubevirt.io, 2 virtualmachines.kubevirt.io, "
                + "1 kubevirts.kubevirt.io, 1 hyperconvergeds.hco.kubevirt.io, 1 persistentvolumeclaims, "
                + "2 storageclasses.storage.k8s.io, 0 nodes, 0 persistentvolumes, "
                + "no machineconfigpools.machineconfiguration.openshift.io (optional), no infrastructures.config.openshift.io"
                + " (optional), no nodemaintenances.nodemaintenance.medik8s.io (optional)");
        VerdictSnapshot snapshot = listed.snapshot();
        assertThat(snapshot.synced()).isTrue();
        assertThat(snapshot.runningVmis()).isEqualTo(2);
        assertThat(blockers(snapshot)).containsExactly("vm-demo/rhel9-db (VM vm-demo/rhel9-db) on worker-1 STALLS_DRAIN");
    }

    @Test
    void givesTheSameBlockersAsTheIndexFedTheSameObjectsOneByOne() throws IOException {
        ClusterIndex direct = new ClusterIndex(POLICY, CLOCK);
        SavedObjects objects = new SavedObjects(direct);
        SavedFile.flatten(new ObjectMapper().readTree(fixture("blocked-cluster.json").toFile()), objects::accept);

        Listed listed = listed(ClusterListing.fromFiles(List.of(fixture("blocked-cluster.json")), POLICY, CLOCK));

        assertThat(listed.snapshot().running()).isEqualTo(direct.verdicts(true).running());
        assertThat(listed.snapshot().lastChange()).isEqualTo(direct.verdicts(true).lastChange());
    }

    @Test
    void readsYamlDocumentsToTheSameAnswerAsTheJsonList() {
        Listed json = listed(ClusterListing.fromFiles(List.of(fixture("blocked-cluster.json")), POLICY, CLOCK));
        Listed yaml = listed(ClusterListing.fromFiles(List.of(fixture("blocked-cluster.yaml")), POLICY, CLOCK));

        assertThat(yaml.read()).isEqualTo(json.read());
        assertThat(yaml.ignored()).isEqualTo(json.ignored());
        assertThat(yaml.snapshot().running()).isEqualTo(json.snapshot().running());
    }

    @Test
    void readsJsonObjectsOneAfterAnotherATopLevelArrayAndListsInsideLists() throws IOException {
        Path concatenated = write("objects.json", storageClassJson() + "\n" + pvcJson() + "\n" + vmiJson("LiveMigrate"));
        Path array = write("array.json", "[" + storageClassJson() + "," + pvcJson() + "," + vmiJson("LiveMigrate") + "]");
        Path nested = write("nested.json", """
                {"apiVersion": "v1", "kind": "List", "items": [
                  %s,
                  {"apiVersion": "v1", "kind": "PersistentVolumeClaimList", "items": [%s]},
                  {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstanceList", "items": [%s]}]}
                """.formatted(storageClassJson(), pvcJson(), vmiJson("LiveMigrate")));

        for (Path file : List.of(concatenated, array, nested)) {
            Listed listed = listed(ClusterListing.fromFiles(List.of(file), POLICY, CLOCK));
            assertThat(listed.read()).as(file.getFileName().toString())
                    .containsEntry(VIRTUAL_MACHINE_INSTANCE, 1).containsEntry(PERSISTENT_VOLUME_CLAIM, 1).containsEntry(STORAGE_CLASS, 1);
            assertThat(blockers(listed.snapshot())).as(file.getFileName().toString()).containsExactly(STANDALONE_STALLS);
        }
    }

    @Test
    void readsSeveralFilesIntoOneIndex() throws IOException {
        Path storage = write("storage.json", "[" + storageClassJson() + "," + pvcJson() + "]");
        Path vmis = write("vmis.yaml", """
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstance
                metadata: {name: standalone, namespace: vms}
                spec:
                  evictionStrategy: LiveMigrate
                  volumes: [{name: root, persistentVolumeClaim: {claimName: disk}}]
                status: {phase: Running}
                """);

        Listed listed = listed(ClusterListing.fromFiles(List.of(vmis, storage), POLICY, CLOCK));

        assertThat(blockers(listed.snapshot())).containsExactly(STANDALONE_STALLS);
    }

    @Test
    void routesByGroupAndKindInAnyVersionAndIgnoresTheSameKindOfAnotherGroup() throws IOException {
        // kubectl writes HyperConverged in its preferred version, v1: its cluster default is under spec.virtualization.
        Path file = write("hco-v1.json", "[" + storageClassJson() + "," + pvcJson() + "," + vmiJson(null) + ","
                + """
                {"apiVersion": "hco.kubevirt.io/v1", "kind": "HyperConverged",
                 "metadata": {"name": "kubevirt-hyperconverged", "namespace": "openshift-cnv"},
                 "spec": {"virtualization": {"evictionStrategy": "LiveMigrate"}}},
                {"apiVersion": "example.com/v1", "kind": "VirtualMachineInstance", "metadata": {"name": "other", "namespace": "vms"}}]
                """);

        Listed listed = listed(ClusterListing.fromFiles(List.of(file), POLICY, CLOCK));

        assertThat(listed.read()).containsEntry(HYPER_CONVERGED, 1).containsEntry(VIRTUAL_MACHINE_INSTANCE, 1);
        assertThat(listed.ignored()).isEqualTo(Map.of("VirtualMachineInstance example.com/v1", 1));
        assertThat(blockers(listed.snapshot())).containsExactly(STANDALONE_STALLS);
    }

    @Test
    void countsWhatIsNotAnObjectOfAKindAsIgnored() throws IOException {
        Path file = write("odd.json", """
                {"apiVersion": "v1", "kind": "List", "items": [42, {"metadata": {"name": "no-kind"}}, {"kind": "Thing"}]}
                """);

        Listed listed = listed(ClusterListing.fromFiles(List.of(file), POLICY, CLOCK));

        assertThat(listed.ignored()).isEqualTo(Map.of("(not an object)", 1, "(no kind)", 1, "Thing", 1));
        assertThat(listed.read().values()).containsOnly(0);
        assertThat(listed.snapshot().runningVmis()).isZero();
    }

    @Test
    void readsStandardInputLikeAFile() {
        Result result = ClusterListing.fromStream("standard input",
                new ByteArrayInputStream(("[" + storageClassJson() + "," + pvcJson() + "," + vmiJson("LiveMigrate") + "]")
                        .getBytes(StandardCharsets.UTF_8)), POLICY, CLOCK);

        assertThat(blockers(listed(result).snapshot())).containsExactly(STANDALONE_STALLS);
    }

    @Test
    void anEmptyFileHoldsNothing() throws IOException {
        Listed listed = listed(ClusterListing.fromFiles(List.of(write("empty.json", "\n")), POLICY, CLOCK));

        assertThat(listed.read().values()).containsOnly(0);
        assertThat(listed.ignored()).isEmpty();
    }

    // --- unreadable saved lists ---------------------------------------------------------------

    @Test
    void aFileThatIsNotThereCannotBeRead() {
        Path missing = dir.resolve("nope.json");

        assertThat(ClusterListing.fromFiles(List.of(missing), POLICY, CLOCK))
                .isEqualTo(new Failed(Failure.UNREADABLE, "cannot read " + missing + ": no such file"));
    }

    @Test
    void brokenJsonNamesTheLine() throws IOException {
        assertThat(unreadable("broken.json", "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n  {\"kind\": }\n]}"))
                .isEqualTo("cannot read " + dir.resolve("broken.json")
                        + ": Unexpected character ('}' (code 125)): expected a value at line 2");
    }

    @Test
    void brokenYamlSaysWhy() throws IOException {
        assertThat(unreadable("broken.yaml", "apiVersion: v1\nkind: [List\n"))
                .startsWith("cannot read " + dir.resolve("broken.yaml") + ": while parsing a flow sequence");
    }

    @Test
    void aScalarAtTopLevelIsNotASavedList() throws IOException {
        assertThat(unreadable("scalar.json", "[] \"hello\""))
                .isEqualTo("cannot read " + dir.resolve("scalar.json") + ": expected a JSON object or array, found hello at line 1");
    }

    @Test
    void anObjectOfAWatchedKindThatDoesNotParseIsNamed() throws IOException {
        assertThat(unreadable("bad-pvc.json", """
                {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "disk", "namespace": "vms"},
                 "spec": {"accessModes": "ReadWriteOnce"}}
                """)).startsWith("cannot read " + dir.resolve("bad-pvc.json")
                        + ": PersistentVolumeClaim vms/disk is not a valid PersistentVolumeClaim: ");
    }

    /** The reason a file with this content cannot be read. */
    private String unreadable(String name, String content) throws IOException {
        Result result = ClusterListing.fromFiles(List.of(write(name, content)), POLICY, CLOCK);
        assertThat(result).isInstanceOf(Failed.class);
        assertThat(((Failed) result).failure()).isEqualTo(Failure.UNREADABLE);
        return ((Failed) result).reason();
    }

    // --- API server answers -------------------------------------------------------------------

    private static final String SERVER = "https://api.example:6443/";

    @Test
    void refusedCredentialsAreNoAccess() {
        assertThat(ClusterListing.failure(apiError(401, "Unauthorized"), "API discovery", SERVER)).isEqualTo(new Failed(
                Failure.NO_ACCESS, "the API server at https://api.example:6443/ refused the credentials (401 Unauthorized): "
                        + "log in again or check the kubeconfig"));
    }

    @Test
    void aForbiddenListIsNoAccessInTheApiServersWords() {
        String forbidden = "virtualmachineinstances.kubevirt.io is forbidden: User \"system:serviceaccount:default:nobody\" "
                + "cannot list resource \"virtualmachineinstances\" in API group \"kubevirt.io\" at the cluster scope";

        assertThat(ClusterListing.failure(apiError(403, forbidden), "virtualmachineinstances.kubevirt.io", SERVER))
                .isEqualTo(new Failed(Failure.NO_ACCESS, "no access: " + forbidden));
    }

    @Test
    void anyOtherAnswerIsAnApiErrorNamingWhatWasListed() {
        assertThat(ClusterListing.failure(apiError(500, "etcdserver: request timed out\nretry later"), "persistentvolumeclaims",
                SERVER)).isEqualTo(new Failed(Failure.API_ERROR, "the API server at https://api.example:6443/ answered 500 "
                        + "to a list of persistentvolumeclaims: etcdserver: request timed out"));
    }

    @Test
    void noAnswerIsUnreachableWithTheRootCause() {
        KubernetesClientException noAnswer = new KubernetesClientException("An error has occurred.",
                new IOException("Failed to connect", new ConnectException("Connection refused")));

        assertThat(ClusterListing.failure(noAnswer, "API discovery", SERVER)).isEqualTo(new Failed(Failure.UNREACHABLE,
                "cannot reach the API server at https://api.example:6443/: ConnectException: Connection refused"));
    }

    @Test
    void missingCrdsAreNamedTogether() {
        assertThat(ClusterListing.crdsMissing(List.of(KUBEVIRT))).isEqualTo(new Failed(Failure.CRD_MISSING,
                "CRD kubevirts.kubevirt.io is not installed: is this a cluster with KubeVirt and the HyperConverged "
                        + "Cluster Operator (OKD Virtualization)?"));
        assertThat(ClusterListing.crdsMissing(List.of(VIRTUAL_MACHINE_INSTANCE, HYPER_CONVERGED)).reason())
                .startsWith("CRDs virtualmachineinstances.kubevirt.io, hyperconvergeds.hco.kubevirt.io are not installed: ");
    }

    @Test
    void listsStorageAndClusterCrsBeforeVmsAndVmisLast() {
        assertThat(ClusterListing.LIST_ORDER).containsExactly(
                PERSISTENT_VOLUME_CLAIM, STORAGE_CLASS, NODE, PERSISTENT_VOLUME, KUBEVIRT, HYPER_CONVERGED,
                MACHINE_CONFIG_POOL, INFRASTRUCTURE, NODE_MAINTENANCE, VIRTUAL_MACHINE, VIRTUAL_MACHINE_INSTANCE);
    }

    @Test
    void routesByTheGroupOfTheApiVersion() {
        assertThat(WatchedKind.of("v1", "PersistentVolumeClaim")).contains(PERSISTENT_VOLUME_CLAIM);
        assertThat(WatchedKind.of("storage.k8s.io/v1", "StorageClass")).contains(STORAGE_CLASS);
        assertThat(WatchedKind.of("kubevirt.io/v1alpha3", "VirtualMachine")).contains(VIRTUAL_MACHINE);
        assertThat(WatchedKind.of("hco.kubevirt.io/v1beta1", "HyperConverged")).contains(HYPER_CONVERGED);
        assertThat(WatchedKind.of("v1", "StorageClass")).isEmpty();
        assertThat(WatchedKind.of(null, "StorageClass")).isEmpty();
        assertThat(WatchedKind.of("kubevirt.io/v1", null)).isEmpty();
    }

    // --- fixtures -----------------------------------------------------------------------------

    private static Listed listed(Result result) {
        assertThat(result).isInstanceOf(Listed.class);
        return (Listed) result;
    }

    private static KubernetesClientException apiError(int code, String message) {
        return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());
    }

    static Path fixture(String name) {
        try {
            return Path.of(ClusterListingTest.class.getResource("/precheck/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String storageClassJson() {
        return """
                {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "local"},
                 "provisioner": "kubevirt.io.hostpath-provisioner"}""";
    }

    private static String pvcJson() {
        return """
                {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "disk", "namespace": "vms"},
                 "spec": {"storageClassName": "local", "accessModes": ["ReadWriteOnce"]}}""";
    }

    /** A running standalone VMI on PVC "disk"; a null strategy is left unset. */
    private static String vmiJson(String evictionStrategy) {
        return """
                {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance", "metadata": {"name": "standalone", "namespace": "vms"},
                 "spec": {%s"volumes": [{"name": "root", "persistentVolumeClaim": {"claimName": "disk"}}]},
                 "status": {"phase": "Running"}}""".formatted(
                evictionStrategy == null ? "" : "\"evictionStrategy\": \"" + evictionStrategy + "\", ");
    }

    private static final String STANDALONE_STALLS = "vms/standalone (standalone VMI) STALLS_DRAIN";

    /** The VMIs that block a cluster upgrade, with their drain outcome. */
    private static List<String> blockers(VerdictSnapshot snapshot) {
        return snapshot.running().stream().filter(v -> v.drain().outcome().blocksClusterUpgrade())
                .map(v -> v.title() + " " + v.drain().outcome()).toList();
    }
}
