package io.hcoguard.placement;

import static io.hcoguard.fuzz.FuzzedJson.path;
import static io.hcoguard.placement.Topology.labelled;
import static io.hcoguard.placement.Topology.node;
import static io.hcoguard.placement.Topology.tainted;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.hcoguard.fuzz.FuzzedJson;
import io.hcoguard.placement.PlacementVerdict.HasTarget;
import io.hcoguard.placement.PlacementVerdict.NoTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A VMI spec of any shape is read into constraints and judged without failing, and a verdict without
 * target always says why. An input is a VMI's {@code spec} (seeds: {@code PlacementFuzzTestInputs/readsAnySpecSafely/}),
 * or bytes a generator turns into one.
 */
class PlacementFuzzTest {

    static final List<String> VOCABULARY = List.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt", "Equal",
            "NoSchedule", "NoExecute", "PreferNoSchedule", "host-model", "host-passthrough", "forbid", "require",
            "kubernetes.io/hostname", "metadata.name", "worker-1", "worker-2", "dedicated", "db", "16", "", "true");
    static final List<List<String>> PATHS = List.of(
            path("nodeSelector"), List.of("nodeSelector", "kubernetes.io/hostname"), path("architecture"),
            path("affinity"), path("affinity.nodeAffinity"), path("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"),
            path("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"),
            path("tolerations"), path("domain"), path("domain.cpu"), path("domain.cpu.model"), path("domain.cpu.features"),
            path("domain.cpu.dedicatedCpuPlacement"), path("domain.cpu.realtime"));
    private static final List<NodeSnapshot> NODES = List.of(
            node("worker-1"),
            labelled(node("worker-2"), "cores", "16"),
            tainted(node("worker-3"), "dedicated", "db", "NoSchedule"));
    private static final PersistentVolumeSnapshot ZONE_VOLUME = new PersistentVolumeSnapshot("pv-1", Optional.empty(),
            Optional.of(NodeSelector.of(NodeSelectorTerm.of(NodeSelectorRequirement.of("zone", "NotIn", "z")))));

    @FuzzTest
    @DictionaryEntries({"\"nodeSelector\"", "\"affinity\"", "\"nodeAffinity\"", "\"nodeSelectorTerms\"", "\"matchExpressions\"",
            "\"matchFields\"", "\"key\"", "\"operator\"", "\"values\"", "\"tolerations\"", "\"effect\"", "\"value\"",
            "\"domain\"", "\"cpu\"", "\"model\"", "\"features\"", "\"policy\"", "null", "true", "[]", "{}"})
    void readsAnySpecSafely(byte[] input) {
        JsonNode doc = FuzzedJson.read(input, VOCABULARY, json -> json.objectAlong(PATHS));
        Map<String, Object> spec = FuzzedJson.mapper().convertValue(doc, new TypeReference<Map<String, Object>>() {
        });

        SchedulingConstraints constraints = SchedulingConstraints.from(spec);
        PlacementVerdict verdict = Placement.judge("worker-1", constraints, List.of(ZONE_VOLUME), NODES);

        assertThat(constraints.kubevirtNodeSelector()).isNotNull();
        assertThat(verdict).isNotNull();
        if (verdict instanceof NoTarget noTarget) {
            assertThat(noTarget.reason()).isNotBlank();
        }
        if (verdict instanceof HasTarget hasTarget) {
            assertThat(hasTarget.someTargets()).isNotEmpty().doesNotContain("worker-1");
        }
    }
}
