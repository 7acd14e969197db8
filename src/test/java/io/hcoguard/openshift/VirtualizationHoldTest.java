package io.hcoguard.openshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.hcoguard.openshift.VirtualizationHold.Change;
import io.hcoguard.openshift.VirtualizationHold.State;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VirtualizationHoldTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NOW = "2026-12-06T10:00:00Z";
    private static final String OURS = """
            {"type": "Upgradeable", "status": "False", "lastTransitionTime": "2026-12-01T00:00:00Z",
             "reason": "HcoGuardHold", "message": "holds: 1 VMI"}""";
    private static final String OURS_NOW = """
            {"type": "Upgradeable", "status": "False", "lastTransitionTime": "2026-12-06T10:00:00Z",
             "reason": "HcoGuardHold", "message": "holds: 1 VMI"}""";
    private static final String FOREIGN_UPGRADEABLE = """
            {"type": "Upgradeable", "status": "True", "reason": "ChangeApproved", "message": "CHG0042", "observedGeneration": 3}""";
    private static final String FOREIGN_OTHER_TYPE = """
            {"type": "example.com/Ready", "status": "True", "reason": "Manual", "message": "set by hand"}""";

    static Stream<Arguments> plans() {
        return Stream.of(
                plan("no override and nothing blocks: nothing to write",
                        "[]", null, null, State.NOT_HELD, Change.NONE),
                plan("no overrides at all (field absent) and nothing blocks: nothing to write",
                        null, null, null, State.NOT_HELD, Change.NONE),
                plan("a blocker adds hco-guard's override, placed now, after the others",
                        "[" + FOREIGN_OTHER_TYPE + "]", "holds: 1 VMI", "[" + FOREIGN_OTHER_TYPE + ", " + OURS_NOW + "]",
                        State.HELD, Change.ADDED),
                plan("the same hold is not written again",
                        "[" + OURS + "]", "holds: 1 VMI", null, State.HELD, Change.NONE),
                plan("a new message keeps the hold's transition time",
                        "[" + OURS + "]", "holds: 2 VMIs", "[" + OURS.replace("holds: 1 VMI", "holds: 2 VMIs") + "]",
                        State.HELD, Change.MESSAGE),
                plan("hco-guard's override turned True by hand is held False again, placed now",
                        "[" + OURS.replace("\"False\"", "\"True\"") + "]", "holds: 1 VMI", "[" + OURS_NOW + "]",
                        State.HELD, Change.MESSAGE),
                plan("nothing blocks: hco-guard removes its own override and only that",
                        "[" + FOREIGN_OTHER_TYPE + ", " + OURS + "]", null, "[" + FOREIGN_OTHER_TYPE + "]",
                        State.NOT_HELD, Change.REMOVED),
                plan("someone else's Upgradeable override: hco-guard adds none",
                        "[" + FOREIGN_UPGRADEABLE + "]", "holds: 1 VMI", null, State.FOREIGN_OVERRIDE, Change.NONE),
                plan("someone else's Upgradeable override beside hco-guard's: hco-guard removes its own, that one decides",
                        "[" + OURS + ", " + FOREIGN_UPGRADEABLE + "]", "holds: 1 VMI", "[" + FOREIGN_UPGRADEABLE + "]",
                        State.FOREIGN_OVERRIDE, Change.REMOVED),
                plan("someone else's Upgradeable override and nothing blocks: left as it is",
                        "[" + FOREIGN_UPGRADEABLE + "]", null, null, State.FOREIGN_OVERRIDE, Change.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void holdsOnlyWithItsOwnOverride(JsonNode overrides, String hold, String expected, State state, Change change) {
        VirtualizationHold.Plan plan = VirtualizationHold.plan(overrides, Optional.ofNullable(hold), NOW);

        assertThat(plan.overrides().map(JsonNode.class::cast)).isEqualTo(Optional.ofNullable(expected).map(VirtualizationHoldTest::tree));
        assertThat(plan.state()).isEqualTo(state);
        assertThat(plan.change()).isEqualTo(change);
    }

    static Stream<Arguments> neverTrue() {
        return plans().map(arguments -> Arguments.of(arguments.get()[0], arguments.get()[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("neverTrue")
    void neverWritesAnUpgradeableTrueOfItsOwn(JsonNode overrides, String hold) {
        VirtualizationHold.Plan plan = VirtualizationHold.plan(overrides, Optional.ofNullable(hold), NOW);

        plan.overrides().ifPresent(written -> written.forEach(override -> {
            if (override.path("reason").asText().equals(VirtualizationHold.REASON)) {
                assertThat(override.path("status").asText()).isEqualTo("False");
            }
        }));
    }

    private static Arguments plan(String name, String overrides, String hold, String expected, State state, Change change) {
        JsonNode given = overrides == null ? MissingNode.getInstance() : tree(overrides);
        return Arguments.of(Named.of(name, given), hold, expected, state, change);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
