package io.hcoguard.migratability;

import static io.hcoguard.fuzz.FuzzedJson.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.hcoguard.config.DefaultConfig;
import io.hcoguard.fuzz.FuzzedJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the watches deliver, read into snapshots and judged, whatever its shape: VmiSnapshot.from,
 * VmSnapshot.from and the KubeVirt CR's cluster default never throw on any map, and the classifier
 * and a blocker's description and fix never fail on what they return. An input is {"vmi": ..., "vm": ...}
 * (seeds: {@code SnapshotsFuzzTestInputs/readsAnyObjectSafely/}), or bytes a generator turns into one.
 */
class SnapshotsFuzzTest {

    static final List<String> VOCABULARY = List.of("Running", "Succeeded", "LiveMigrate", "LiveMigrateIfPossible", "None",
            "External", "Always", "Manual", "Halted", "RerunOnFailure", "Once", "true", "false", "LiveMigratable", "False",
            "DisksNotLiveMigratable", "root", "data", "kubevirt.io/v1", "VirtualMachine", "vm1", "ns", "",
            VmiSnapshot.OUTDATED_LAUNCHER_LABEL, "sriov", "name", "deviceName", "claimName", "persistentVolumeClaim", "dataVolume",
            "hostDisk", "type", "status", "reason", "kind", "apiVersion", "controller");
    static final List<List<String>> PATHS = List.of(
            path("metadata"), path("metadata.name"), path("metadata.namespace"), path("metadata.uid"), path("metadata.labels"),
            List.of("metadata", "labels", VmiSnapshot.OUTDATED_LAUNCHER_LABEL), path("metadata.ownerReferences"),
            path("spec"), path("spec.evictionStrategy"), path("spec.volumes"), path("spec.domain"), path("spec.domain.devices"),
            path("spec.domain.devices.interfaces"), path("spec.domain.devices.hostDevices"), path("spec.domain.devices.gpus"),
            path("status"), path("status.phase"), path("status.conditions"), path("spec.runStrategy"), path("spec.running"),
            path("spec.configuration.evictionStrategy"));
    static final MigratabilityPolicy POLICY = DefaultConfig.migratabilityPolicy();

    @FuzzTest
    @DictionaryEntries({"\"spec\"", "\"status\"", "\"metadata\"", "\"volumes\"", "\"persistentVolumeClaim\"",
            "\"claimName\"", "\"dataVolume\"", "\"hostDisk\"", "\"domain\"", "\"devices\"", "\"interfaces\"", "\"sriov\"",
            "\"hostDevices\"", "\"gpus\"", "\"conditions\"", "\"type\"", "\"reason\"", "\"phase\"", "\"Running\"",
            "\"ownerReferences\"", "\"controller\"", "\"runStrategy\"", "\"running\"", "\"evictionStrategy\"", "\"labels\"",
            "\"configuration\"", "null", "true", "[]", "{}"})
    void readsAnyObjectSafely(byte[] input) {
        JsonNode doc = FuzzedJson.read(input, VOCABULARY, SnapshotsFuzzTest::generate);
        GenericKubernetesResource vmiObject = resource(doc.has("vmi") ? doc.get("vmi") : doc);
        GenericKubernetesResource vmObject = resource(doc.has("vm") ? doc.get("vm") : doc);

        VmiSnapshot vmi = VmiSnapshot.from(vmiObject);
        VmSnapshot vm = VmSnapshot.from(vmObject);
        ClusterSettings cluster = CrSettings.merge(java.util.List.of(CrSettings.fromKubeVirt(vmObject)),
                java.util.List.of(CrSettings.fromHyperConverged(vmiObject)));

        assertThat(vmi.claimNames()).doesNotContainNull();
        assertThat(vm.runStrategy()).isNotNull();
        // Every claim the VMI names exists, alternately on hostpath and on ReadWriteMany storage, so the PVC rules run too.
        InMemoryStorage storage = new InMemoryStorage()
                .storageClass("hostpath", "kubevirt.io.hostpath-provisioner")
                .storageClass("shared", "openshift-storage.rbd.csi.ceph.com");
        int i = 0;
        for (String claim : vmi.claimNames()) {
            boolean local = i++ % 2 == 0;
            storage.pvc(vmi.namespace(), claim, local ? "hostpath" : "shared", local ? "ReadWriteOnce" : "ReadWriteMany");
        }
        VmiFacts facts = MigratabilityClassifier.classify(vmi, storage, TopologyView.NONE, Optional.of(vm), POLICY);
        VmiVerdict verdict = KubeVirtSimulation.judge(facts, cluster);
        assertThat(verdict.drain().consequence()).isNotBlank();
        assertThat(verdict.update().consequence()).isNotBlank();
        assertThat(verdict.title()).isNotBlank();
        assertThat(verdict.drainRemediation().instructions()).isNotEmpty().doesNotContainNull();
        assertThat(verdict.updateRemediation().instructions()).isNotEmpty().doesNotContainNull();
    }

    /** As fabric8 hands it to the informer: typed metadata when it reads as ObjectMeta, the rest as maps. */
    private static GenericKubernetesResource resource(JsonNode object) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        if (!object.isObject()) {
            return resource;
        }
        ObjectNode rest = object.deepCopy();
        JsonNode metadata = rest.remove("metadata");
        if (metadata != null) {
            try {
                resource.setMetadata(FuzzedJson.mapper().convertValue(metadata, ObjectMeta.class));
            } catch (IllegalArgumentException notMetadata) {
                // a watch never delivers such an object; read the rest anyway
            }
        }
        Map<String, Object> properties = FuzzedJson.mapper().convertValue(rest, new TypeReference<Map<String, Object>>() {
        });
        properties.forEach(resource::setAdditionalProperty);
        return resource;
    }

    private static JsonNode generate(FuzzedJson json) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.set("vmi", json.objectAlong(PATHS));
        doc.set("vm", json.objectAlong(PATHS));
        return doc;
    }
}
