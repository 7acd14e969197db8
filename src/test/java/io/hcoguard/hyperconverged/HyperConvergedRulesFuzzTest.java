package io.hcoguard.hyperconverged;

import static io.hcoguard.fuzz.FuzzedJson.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.hcoguard.admission.Decision;
import io.hcoguard.fuzz.FuzzedJson;
import java.util.List;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.LiveMigratable;
import io.hcoguard.migratability.RunStrategy;
import io.hcoguard.migratability.Verdicts;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.migratability.WorkloadForecast;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The HyperConverged validator and defaulter on any object, under both apiVersions: they never
 * throw; a denial says why; the defaulter's patch applies to the object, touches only the workload
 * update strategy, is idempotent, and never turns an edit the validator accepts into one it denies
 * (the mutating webhook runs first). An input is {"object": ..., "oldObject": ..., "running": [5 counts]}
 * (seeds: {@code HyperConvergedRulesFuzzTestInputs/judgesAnyObjectSafely/}), or bytes a generator turns into one.
 */
class HyperConvergedRulesFuzzTest {

    static final List<String> VOCABULARY = List.of("LiveMigrate", "Evict", "livemigrate", "evict", "LiveMigration",
            "", " ", "None", "LiveMigrateIfPossible", "External", "1m0s", "90s", "60s", "1m30s", "0s", "-1m", "1d", "1h2m3.5s",
            "9223372036854775807ns", "9999999999h", ".5s", "1e3s", "10", "0", "-1", "null", "true", "hco.kubevirt.io/v1",
            "hco.kubevirt.io/v1beta1", "spec", "virtualization", "workloadUpdateStrategy", "workloadUpdateMethods",
            "batchEvictionSize", "batchEvictionInterval", "evictionStrategy", "liveMigrationConfig");
    static final List<List<String>> PATHS = List.of(
            path("spec"), path("spec.virtualization"), path("metadata.name"), path("apiVersion"),
            path("spec.workloadUpdateStrategy"), path("spec.virtualization.workloadUpdateStrategy"),
            path("spec.workloadUpdateStrategy.workloadUpdateMethods"),
            path("spec.virtualization.workloadUpdateStrategy.workloadUpdateMethods"),
            path("spec.workloadUpdateStrategy.batchEvictionSize"),
            path("spec.virtualization.workloadUpdateStrategy.batchEvictionSize"),
            path("spec.workloadUpdateStrategy.batchEvictionInterval"),
            path("spec.virtualization.workloadUpdateStrategy.batchEvictionInterval"),
            path("spec.evictionStrategy"), path("spec.virtualization.evictionStrategy"),
            path("spec.liveMigrationConfig.parallelMigrationsPerCluster"),
            path("spec.liveMigrationConfig.parallelOutboundMigrationsPerNode"),
            path("spec.virtualization.liveMigrationConfig.parallelMigrationsPerCluster"),
            path("spec.virtualization.liveMigrationConfig.parallelOutboundMigrationsPerNode"));

    private final HyperConvergedValidator validator = new HyperConvergedValidator();
    private final HyperConvergedDefaulter defaulter = new HyperConvergedDefaulter();

    @FuzzTest
    @DictionaryEntries({"\"LiveMigrate\"", "\"Evict\"", "\"workloadUpdateMethods\"", "\"batchEvictionSize\"",
            "\"batchEvictionInterval\"", "\"workloadUpdateStrategy\"", "\"virtualization\"", "\"evictionStrategy\"",
            "\"liveMigrationConfig\"", "\"parallelMigrationsPerCluster\"", "\"parallelOutboundMigrationsPerNode\"",
            "\"spec\"", "\"object\"", "\"oldObject\"", "\"running\"", "\"1m30s\"", "ms", "us", "ns", "h", "null", "[]", "{}"})
    void judgesAnyObjectSafely(byte[] input) {
        JsonNode edit = FuzzedJson.read(input, VOCABULARY, HyperConvergedRulesFuzzTest::generate);
        JsonNode object = edit.has("object") ? edit.get("object") : edit;
        JsonNode oldObject = edit.path("oldObject").isObject() ? edit.get("oldObject") : null;
        Optional<WorkloadForecast> running = running(edit.path("running"));
        for (HyperConvergedLayout layout : HyperConvergedLayout.values()) {
            HyperConvergedEdit original = new HyperConvergedEdit(layout.apiVersion(), object, oldObject);
            Decision validated = validator.validate(original, running);
            if (!validated.allowed()) {
                assertThat(validated.message()).isNotBlank();
            }
            assertThat(validated.warnings()).allSatisfy(warning -> assertThat(warning).isNotBlank().hasSizeLessThan(120));

            Decision mutated = defaulter.mutate(original);
            if (!mutated.allowed()) {
                // Only an interval HCO cannot decode, with the validator's own words for it.
                assertThat(validated.allowed()).isFalse();
                assertThat(validated.message()).contains(mutated.message());
                continue;
            }
            if (!mutated.hasPatch()) {
                continue;
            }
            String strategy = layout.workloadUpdateStrategy().pointer().toString();
            assertThat(mutated.patch()).allSatisfy(operation -> {
                assertThat(operation.path("op").asText()).isIn("add", "remove", "replace");
                assertThat(operation.path("path").asText()).startsWith(strategy + "/");
            });
            JsonNode patched = JsonPatch.apply(mutated.patch(), object);
            HyperConvergedEdit defaulted = new HyperConvergedEdit(layout.apiVersion(), patched, oldObject);
            assertThat(defaulter.mutate(defaulted).hasPatch()).as("second pass patches %s", patched).isFalse();
            if (validated.allowed()) {
                Decision revalidated = validator.validate(defaulted, running);
                assertThat(revalidated.allowed()).as("%s denied after defaulting: %s", patched, revalidated.message()).isTrue();
            }
        }
    }

    /**
     * Running VMIs behind the warnings, as counts of five kinds (migratable, not restarted, neither,
     * refusing eviction, outdated without own strategy); absent (view not synced) unless given.
     */
    private static Optional<WorkloadForecast> running(JsonNode counts) {
        if (!counts.isArray() || counts.size() < 5) {
            return Optional.empty();
        }
        LiveMigratable no = new LiveMigratable(LiveMigratable.Status.FALSE, "DisksNotLiveMigratable");
        List<UnaryOperator<Verdicts>> kinds = List.of(
                v -> v.strategy(EvictionStrategy.NONE),
                v -> v.strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL),
                v -> v.strategy(EvictionStrategy.NONE).vm(RunStrategy.MANUAL).condition(no),
                v -> v.strategy(EvictionStrategy.LIVE_MIGRATE).condition(no),
                v -> v.condition(no).outdated());
        List<VmiVerdict> verdicts = new ArrayList<>();
        for (int kind = 0; kind < kinds.size(); kind++) {
            for (int i = 0; i < Math.floorMod(counts.get(kind).asInt(), 20); i++) {
                verdicts.add(kinds.get(kind).apply(Verdicts.vmi("ns", kind + "-" + i)).judge());
            }
        }
        return Optional.of(WorkloadForecast.of(verdicts));
    }

    private static JsonNode generate(FuzzedJson json) {
        ObjectNode edit = JsonNodeFactory.instance.objectNode();
        edit.set("object", json.objectAlong(PATHS));
        if (json.flip()) {
            edit.set("oldObject", json.objectAlong(PATHS));
        }
        if (json.flip()) {
            ArrayNode counts = edit.putArray("running");
            for (int i = 0; i < 5; i++) {
                counts.add(json.choose(4) == 0 ? Integer.MAX_VALUE : json.choose(1000));
            }
        }
        return edit;
    }
}
