package io.hcoguard.hyperconverged;

import static io.hcoguard.hyperconverged.Fixtures.at;
import static io.hcoguard.hyperconverged.Fixtures.create;
import static io.hcoguard.hyperconverged.Fixtures.hco;
import static io.hcoguard.hyperconverged.Fixtures.inBothLayouts;
import static io.hcoguard.hyperconverged.Fixtures.json;
import static io.hcoguard.hyperconverged.Fixtures.otherThan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.hcoguard.admission.Decision;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class HyperConvergedDefaulterTest {

    private final HyperConvergedDefaulter defaulter = new HyperConvergedDefaulter();

    /** Fields of a CREATE and the exact patch expected (null: none); {@code $} is the layout's parent. */
    record Case(String name, String fields, String patch) {

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String INTERVAL = "/$/workloadUpdateStrategy/batchEvictionInterval";
    private static final String SIZE = "/$/workloadUpdateStrategy/batchEvictionSize";
    private static final String METHODS = "/$/workloadUpdateStrategy/workloadUpdateMethods";

    static Case patches(String name, String fields, String patch) {
        return new Case(name, fields, patch);
    }

    static Case leaves(String name, String fields) {
        return new Case(name, fields, null);
    }

    static Stream<Case> patchCases() {
        return Stream.of(
                patches("rewritesSecondsIntoMinutesAndSeconds", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['LiveMigrate'], 'batchEvictionInterval': '90s'}}",
                        "[{'op': 'replace', 'path': '" + INTERVAL + "', 'value': '1m30s'}]"),
                patches("rewritesSixtySecondsIntoOneMinute", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['LiveMigrate'], 'batchEvictionInterval': '60s'}}",
                        "[{'op': 'replace', 'path': '" + INTERVAL + "', 'value': '1m0s'}]"),
                patches("rewritesHoursWithMinutesAndSeconds", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['LiveMigrate'], 'batchEvictionInterval': '1h'}}",
                        "[{'op': 'replace', 'path': '" + INTERVAL + "', 'value': '1h0m0s'}]"),
                patches("rewritesFractionalHours", "{'workloadUpdateStrategy': {'batchEvictionInterval': '1.5h'}}",
                        "[{'op': 'replace', 'path': '" + INTERVAL + "', 'value': '1h30m0s'}]"),
                patches("rewritesHalfASecondIntoMilliseconds", "{'workloadUpdateStrategy': {'batchEvictionInterval': '0.5s'}}",
                        "[{'op': 'replace', 'path': '" + INTERVAL + "', 'value': '500ms'}]"),
                patches("rewritesAZeroIntervalAsGoDoes", "{'workloadUpdateStrategy': {'batchEvictionInterval': '0'}}",
                        "[{'op': 'replace', 'path': '" + INTERVAL + "', 'value': '0s'}]"),
                patches("rewritesPlusSignedInterval", "{'workloadUpdateStrategy': {'batchEvictionInterval': '+90s'}}",
                        "[{'op': 'replace', 'path': '" + INTERVAL + "', 'value': '1m30s'}]"),
                patches("rewritesMicrosecondsInGoSpelling", "{'workloadUpdateStrategy': {'batchEvictionInterval': '1500us'}}",
                        "[{'op': 'replace', 'path': '" + INTERVAL + "', 'value': '1.5ms'}]"),
                patches("dropsARepeatedMethod", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'LiveMigrate']}}",
                        "[{'op': 'remove', 'path': '" + METHODS + "/1'}]"),
                patches("dropsRepeatsKeepingFirstSeenOrder", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['Evict', 'LiveMigrate', 'Evict', 'LiveMigrate', 'Evict'], 'batchEvictionSize': 10,"
                        + " 'batchEvictionInterval': '1m0s'}}",
                        // Applied in order, each removal shifts the rest down: three times index 2.
                        "[{'op': 'remove', 'path': '" + METHODS + "/2'}, {'op': 'remove', 'path': '" + METHODS + "/2'},"
                                + " {'op': 'remove', 'path': '" + METHODS + "/2'}]"),
                patches("dropsRepeatedUnknownMethodsToo", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['LiveMigrate', 'Bogus', 'Bogus']}}",
                        "[{'op': 'remove', 'path': '" + METHODS + "/2'}]"),
                patches("fillsBatchSettingsWhenEvictIsListed", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict']}}",
                        "[{'op': 'add', 'path': '" + SIZE + "', 'value': 10},"
                                + " {'op': 'add', 'path': '" + INTERVAL + "', 'value': '1m0s'}]"),
                patches("fillsBatchSettingsWhenEvictIsListedBesideLiveMigrate",
                        "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evict']}}",
                        "[{'op': 'add', 'path': '" + SIZE + "', 'value': 10},"
                                + " {'op': 'add', 'path': '" + INTERVAL + "', 'value': '1m0s'}]"),
                patches("fillsOnlyTheMissingBatchSize", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'],"
                        + " 'batchEvictionInterval': '2m0s'}}",
                        "[{'op': 'add', 'path': '" + SIZE + "', 'value': 10}]"),
                patches("fillsOnlyTheMissingInterval", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'],"
                        + " 'batchEvictionSize': 3}}",
                        "[{'op': 'add', 'path': '" + INTERVAL + "', 'value': '1m0s'}]"),
                patches("fillsNullBatchSettings", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'],"
                        + " 'batchEvictionSize': null, 'batchEvictionInterval': null}}",
                        "[{'op': 'replace', 'path': '" + SIZE + "', 'value': 10},"
                                + " {'op': 'replace', 'path': '" + INTERVAL + "', 'value': '1m0s'}]"),
                patches("appliesEveryRuleAtOnce", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['Evict', 'Evict'], 'batchEvictionInterval': '120s'}}",
                        "[{'op': 'remove', 'path': '" + METHODS + "/1'},"
                                + " {'op': 'replace', 'path': '" + INTERVAL + "', 'value': '2m0s'},"
                                + " {'op': 'add', 'path': '" + SIZE + "', 'value': 10}]"));
    }

    static Stream<Case> untouchedCases() {
        return Stream.of(
                leaves("leavesAnObjectWithoutSpec", null),
                leaves("leavesASpecWithoutStrategy", "{'evictionStrategy': 'LiveMigrate'}"),
                leaves("leavesANullStrategy", "{'workloadUpdateStrategy': null}"),
                leaves("leavesCanonicalSettings", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate', 'Evict'],"
                        + " 'batchEvictionSize': 10, 'batchEvictionInterval': '1m0s'}}"),
                leaves("leavesBatchSettingsUnsetWithoutEvict", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['LiveMigrate']}}"),
                leaves("leavesAnEmptyMethodList", "{'workloadUpdateStrategy': {'workloadUpdateMethods': []}}"),
                leaves("leavesNearMissesForTheValidator", "{'workloadUpdateStrategy': {'workloadUpdateMethods':"
                        + " ['LiveMigrate', 'livemigrate', 'evict']}}"),
                leaves("leavesACanonicalZeroInterval", "{'workloadUpdateStrategy': {'batchEvictionInterval': '0s'}}"),
                leaves("leavesANegativeIntervalToTheValidator", "{'workloadUpdateStrategy': {'batchEvictionInterval': '-90s'}}"),
                leaves("leavesAnInvalidBatchSize", "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'],"
                        + " 'batchEvictionSize': 0, 'batchEvictionInterval': '1m0s'}}"),
                leaves("leavesMethodsThatAreNotAList", "{'workloadUpdateStrategy': {'workloadUpdateMethods': 'Evict'}}"),
                leaves("leavesAStrategyThatIsNotAnObject", "{'workloadUpdateStrategy': ['Evict', 'Evict']}"));
    }

    static Stream<Arguments> patched() {
        return inBothLayouts(patchCases());
    }

    static Stream<Arguments> untouched() {
        return inBothLayouts(untouchedCases());
    }

    static Stream<Arguments> everyCase() {
        return Stream.concat(patched(), untouched());
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("patched")
    void patchesExactlyTheFieldsItHasRulesFor(Case c, HyperConvergedLayout layout) {
        Decision decision = defaulter.mutate(create(layout, c.fields()));

        assertThat(decision).isEqualTo(Decision.patch(json(at(layout, c.patch()))));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("untouched")
    void leavesAloneWhatIsCanonicalOrNotItsToFix(Case c, HyperConvergedLayout layout) {
        assertThat(defaulter.mutate(create(layout, c.fields()))).isEqualTo(Decision.allow());
    }

    static Stream<Arguments> unparsableIntervals() {
        return Stream.of(
                Arguments.of("'1d'", "\"1d\" (unknown unit \"d\", days are not a Go unit, use \"24h\")"),
                Arguments.of("''", "\"\" (empty)"),
                Arguments.of("90", "90 (not a string)"));
    }

    /** HCO's own mutating webhook cannot decode these ("failed to parse"); hco-guard's runs first and says why. */
    @ParameterizedTest(name = "batchEvictionInterval {0} is denied with the validator's message")
    @MethodSource("unparsableIntervals")
    void deniesAnIntervalHcoCannotParseWithTheFullMessage(String interval, String got) {
        for (HyperConvergedLayout layout : HyperConvergedLayout.values()) {
            Decision decision = defaulter.mutate(create(layout,
                    "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict'], 'batchEvictionInterval': " + interval + "}}"));

            assertThat(decision).isEqualTo(Decision.deny(at(layout, "$.workloadUpdateStrategy.batchEvictionInterval:"
                    + " must be a Go duration, not negative, such as \"1m30s\" (units ns, us, ms, s, m, h), got " + got)));
        }
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("everyCase")
    void mutatingThePatchedObjectAgainChangesNothing(Case c, HyperConvergedLayout layout) {
        JsonNode object = hco(layout, c.fields());
        Decision first = defaulter.mutate(new HyperConvergedEdit(layout.apiVersion(), object, null));
        JsonNode patched = first.hasPatch() ? JsonPatch.apply(first.patch(), object) : object;

        assertThat(defaulter.mutate(new HyperConvergedEdit(layout.apiVersion(), patched, null))).isEqualTo(Decision.allow());
        if (first.hasPatch()) {
            assertThat(first.patch()).allSatisfy(operation ->
                    assertThat(operation.get("op").textValue()).isIn("add", "remove", "replace"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void patchedObjectPassesValidation(HyperConvergedLayout layout) {
        JsonNode object = hco(layout, "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict', 'LiveMigrate', 'Evict'],"
                + " 'batchEvictionInterval': '90s'}}");
        Decision mutation = defaulter.mutate(new HyperConvergedEdit(layout.apiVersion(), object, null));
        JsonNode patched = JsonPatch.apply(mutation.patch(), object);

        assertThat(patched.at(at(layout, "/$/workloadUpdateStrategy"))).isEqualTo(json("{'workloadUpdateMethods':"
                + " ['Evict', 'LiveMigrate'], 'batchEvictionInterval': '1m30s', 'batchEvictionSize': 10}"));
        assertThat(new HyperConvergedValidator().validate(new HyperConvergedEdit(layout.apiVersion(), patched, object),
                Optional.empty())).isEqualTo(Decision.allow());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void leavesARealisticFullHyperConvergedAlone(HyperConvergedLayout layout) {
        assertThat(defaulter.mutate(new HyperConvergedEdit(layout.apiVersion(), RealisticHyperConverged.of(layout), null)))
                .isEqualTo(Decision.allow());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HyperConvergedLayout.class)
    void touchesOnlyTheFieldsOfItsOwnLayout(HyperConvergedLayout layout) {
        HyperConvergedEdit edit = new HyperConvergedEdit(otherThan(layout).apiVersion(),
                hco(layout, "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict', 'Evict'], 'batchEvictionInterval': '90s'}}"),
                null);

        assertThat(defaulter.mutate(edit)).isEqualTo(Decision.allow());
    }

    @Test
    void leavesAnUnknownApiVersionAlone() {
        HyperConvergedEdit edit = new HyperConvergedEdit("hco.kubevirt.io/v2",
                json("{'spec': {'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict', 'Evict']}}}"), null);

        assertThat(defaulter.mutate(edit)).isEqualTo(Decision.allow());
    }

    @Test
    void leavesAMissingObjectAlone() {
        assertThat(defaulter.mutate(new HyperConvergedEdit(HyperConvergedLayout.V1.apiVersion(), null, null)))
                .isEqualTo(Decision.allow());
    }

    @Test
    void doesNotChangeTheObjectItIsGiven() {
        JsonNode object = hco(HyperConvergedLayout.V1BETA1, "{'workloadUpdateStrategy': {'workloadUpdateMethods': ['Evict']}}");
        JsonNode before = object.deepCopy();

        defaulter.mutate(new HyperConvergedEdit(HyperConvergedLayout.V1BETA1.apiVersion(), object, null));

        assertThat(object).isEqualTo(before);
    }
}
