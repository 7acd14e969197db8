package io.hcoguard.upgrade;

import static io.hcoguard.fuzz.FuzzedJson.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hcoguard.fuzz.FuzzedJson;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.migratability.Verdicts;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The upgrade gate on any ClusterVersion, InstallPlan or Subscription edit, by any user, against any
 * view of the cluster and any policy: it never throws; a denial says why; warnings stay short; and
 * a request is let through as plainly ALLOWED only when the view is synced and nothing blocks
 * (fail closed). An input is {"group", "kind", "operation", "object", "oldObject", "user":
 * {"username", "groups"}, "synced", "blockers": ["ns/name", ...], "policy": {"overrideGroups",
 * "failClosed", "maxListed"}} (seeds: {@code UpgradeGateFuzzTestInputs/judgesAnyRequestSafely/}),
 * or bytes a generator turns into one.
 */
class UpgradeGateFuzzTest {

    static final List<String> VOCABULARY = List.of("config.openshift.io", "operators.coreos.com", "ClusterVersion",
            "InstallPlan", "Subscription", "CREATE", "UPDATE", "DELETE", "CONNECT", "update", "4.16.1", "4.17.0", "4.17.1",
            "quay.io/okd/release@sha256:aaa", "multi", "amd64", "true", "false", "kubevirt-hyperconverged-operator.v4.17.3",
            "kubevirt-hyperconverged-operator.", "kubevirt-hyperconverged", "stable", "candidate", "Manual", "Automatic",
            "virt-admins", "system:authenticated", "alice", "maintenance window 42", "", " ", "version", "openshift-cnv",
            UpgradeGate.OVERRIDE_ANNOTATION);
    static final List<List<String>> PATHS = List.of(
            path("spec"), path("spec.desiredUpdate"), path("spec.desiredUpdate.version"), path("spec.desiredUpdate.image"),
            path("spec.desiredUpdate.architecture"), path("spec.desiredUpdate.force"), path("status.desired"),
            path("status.desired.version"), path("status.desired.image"), path("metadata"), path("metadata.annotations"),
            List.of("metadata", "annotations", UpgradeGate.OVERRIDE_ANNOTATION), path("metadata.name"),
            path("metadata.namespace"), path("spec.approved"), path("spec.clusterServiceVersionNames"), path("spec.name"),
            path("spec.channel"), path("spec.installPlanApproval"));
    static final Set<GateOutcome> LET_THROUGH = EnumSet.of(GateOutcome.ALLOWED, GateOutcome.OVERRIDDEN, GateOutcome.FORCED,
            GateOutcome.ALLOWED_NOT_SYNCED, GateOutcome.NOT_GATED, GateOutcome.UNEXPECTED_KIND);

    @FuzzTest
    @DictionaryEntries({"\"desiredUpdate\"", "\"version\"", "\"image\"", "\"architecture\"", "\"force\"", "\"desired\"",
            "\"approved\"", "\"clusterServiceVersionNames\"", "\"installPlanApproval\"", "\"channel\"", "\"annotations\"",
            "\"hco-guard.io/allow-upgrade-with-blockers\"", "\"synced\"", "\"blockers\"", "\"failClosed\"", "\"maxListed\"",
            "\"overrideGroups\"", "\"virt-admins\"", "\"UPDATE\"", "\"ClusterVersion\"", "\"InstallPlan\"", "true", "false",
            "null", "[]", "{}"})
    void judgesAnyRequestSafely(byte[] input) {
        JsonNode doc = FuzzedJson.read(input, VOCABULARY, UpgradeGateFuzzTest::generate);
        GatedRequest request = GatedRequest.of(text(doc, "group"), text(doc, "kind"), text(doc, "operation"),
                doc.get("object"), doc.get("oldObject"),
                new RequestUser(text(doc.path("user"), "username"), strings(doc.path("user").path("groups"))),
                doc.path("dryRun").asBoolean());
        VerdictSnapshot snapshot = GateFixtures.synced(blockers(doc.path("blockers"))).withSynced(doc.path("synced").asBoolean());
        JsonNode policyDoc = doc.path("policy");
        GatePolicy policy = GatePolicy.defaults()
                .withOverrideGroups(strings(policyDoc.path("overrideGroups")))
                .withFailClosed(policyDoc.path("failClosed").asBoolean(true))
                .withMaxListed(Math.max(0, policyDoc.path("maxListed").asInt(10)));

        GateVerdict verdict = UpgradeGate.judge(request, snapshot, policy);

        assertThat(verdict.decision().allowed()).isEqualTo(LET_THROUGH.contains(verdict.outcome()));
        if (!verdict.decision().allowed()) {
            assertThat(verdict.decision().message()).isNotBlank();
        }
        assertThat(verdict.decision().warnings()).allSatisfy(warning -> assertThat(warning).isNotBlank().hasSizeLessThan(120));
        if (verdict.outcome() == GateOutcome.ALLOWED) {
            boolean blocks = request.kind() == GatedKind.INSTALL_PLAN
                    ? snapshot.count(io.hcoguard.migratability.WorkloadUpdateOutcome.SHUT_DOWN_FOR_GOOD) > 0
                    : !snapshot.withDrain(UpgradeGate.drainBlocking(policy)).isEmpty();
            assertThat(snapshot.synced() && !blocks).as("let through unverified or with blockers").isTrue();
        }
        if (!snapshot.synced() && policy.failClosed()) {
            assertThat(verdict.outcome()).isNotIn(GateOutcome.ALLOWED, GateOutcome.ALLOWED_NOT_SYNCED);
        }
    }

    /** Blockers of the three kinds in turn, named "namespace/name" by the input. */
    private static Verdicts[] blockers(JsonNode names) {
        List<Verdicts> blockers = new ArrayList<>();
        for (int i = 0; names.isArray() && i < names.size(); i++) {
            String ref = names.get(i).asText();
            int slash = ref.indexOf('/');
            String namespace = slash < 0 ? "default" : ref.substring(0, slash);
            String name = ref.substring(slash + 1);
            blockers.add(switch (i % 3) {
                case 0 -> GateFixtures.stallsDrain(namespace, name);
                case 1 -> GateFixtures.shutDown(namespace, name);
                default -> GateFixtures.standalone(namespace, name);
            });
        }
        return blockers.toArray(Verdicts[]::new);
    }

    private static Set<String> strings(JsonNode list) {
        Set<String> strings = new HashSet<>();
        list.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    private static String text(JsonNode doc, String field) {
        JsonNode value = doc.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode generate(FuzzedJson json) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        switch (json.choose(5)) {
            case 0 -> doc.put("group", "config.openshift.io").put("kind", "ClusterVersion");
            case 1, 2 -> doc.put("group", "operators.coreos.com").put("kind", json.flip() ? "InstallPlan" : "Subscription");
            default -> doc.put("group", json.word()).put("kind", json.word());
        }
        doc.put("operation", json.choose(3) > 0 ? "UPDATE" : json.word());
        doc.set("object", json.objectAlong(PATHS));
        if (json.choose(4) > 0) {
            doc.set("oldObject", json.objectAlong(PATHS));
        }
        ObjectNode user = doc.putObject("user").put("username", json.word());
        for (int i = json.choose(3); i > 0; i--) {
            user.withArray("groups").add(json.word());
        }
        doc.put("dryRun", json.flip()).put("synced", json.choose(4) > 0);
        ArrayNode blockers = doc.putArray("blockers");
        for (int i = json.flip() ? json.choose(15) : 0; i > 0; i--) {
            blockers.add(json.word() + "/" + json.word());
        }
        ObjectNode policy = doc.putObject("policy").put("failClosed", json.choose(4) > 0).put("maxListed", json.choose(12));
        for (int i = json.choose(3); i > 0; i--) {
            policy.withArray("overrideGroups").add(json.word());
        }
        return doc;
    }
}
