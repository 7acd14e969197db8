package io.hcoguard.upgrade;

import static io.hcoguard.upgrade.GateFixtures.ALICE;
import static io.hcoguard.upgrade.GateFixtures.BOB;
import static io.hcoguard.upgrade.GateFixtures.NOTHING_BLOCKS;
import static io.hcoguard.upgrade.GateFixtures.NOT_SYNCED;
import static io.hcoguard.upgrade.GateFixtures.POLICY;
import static io.hcoguard.upgrade.GateFixtures.THREE_BLOCKERS;
import static io.hcoguard.upgrade.GateFixtures.clusterVersion;
import static io.hcoguard.upgrade.GateFixtures.clusterVersionUpdate;
import static io.hcoguard.upgrade.GateFixtures.overridden;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.admission.Decision;
import io.hcoguard.migratability.VerdictSnapshot;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * hco-guard's risk named in a ClusterVersion's spec.desiredUpdate.acceptRisks (`oc adm upgrade accept
 * ClusterOperatorUpgradeable-hco-guard`) overrides the gate exactly as the annotation does.
 */
class AcceptedRiskTest {

    private static final String ACCEPTING = "{version: 4.17.3, acceptRisks: [{name: SomeOtherRisk}, {name: "
            + UpgradeGate.ACCEPTED_RISK + "}]}";

    /** An update from 4.17.1 to the given desiredUpdate, by {@code user}. */
    private static GatedRequest update(String desiredUpdate, RequestUser user) {
        return clusterVersionUpdate(clusterVersion("{version: 4.17.1}"), clusterVersion(desiredUpdate), user);
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                outcome("an override group member's update that accepts hco-guard's risk passes",
                        update(ACCEPTING, ALICE), THREE_BLOCKERS, GateOutcome.OVERRIDDEN),
                outcome("a user outside the override groups is refused",
                        update(ACCEPTING, BOB), THREE_BLOCKERS, GateOutcome.OVERRIDE_REFUSED),
                outcome("accepting hco-guard's risk lets an unverified update through, as the annotation does",
                        update(ACCEPTING, ALICE), NOT_SYNCED, GateOutcome.OVERRIDDEN),
                outcome("another risk's acceptance is no override",
                        update("{version: 4.17.3, acceptRisks: [{name: ClusterOperatorUpgradeable-other}]}", ALICE),
                        THREE_BLOCKERS, GateOutcome.DENIED_BLOCKERS),
                outcome("an accepted risk changes nothing when nothing blocks",
                        update(ACCEPTING, BOB), NOTHING_BLOCKS, GateOutcome.ALLOWED),
                outcome("accepting a risk without a new target is not gated (oc adm upgrade accept alone)",
                        clusterVersionUpdate(clusterVersion("{version: 4.17.3}"), clusterVersion(
                                "{version: 4.17.3, acceptRisks: [{name: " + UpgradeGate.ACCEPTED_RISK + "}]}"), BOB),
                        THREE_BLOCKERS, GateOutcome.NOT_GATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void acceptRisksActsAsTheOverrideAnnotation(GatedRequest request, VerdictSnapshot snapshot, GateOutcome expected) {
        assertThat(UpgradeGate.judge(request, snapshot, POLICY).outcome()).isEqualTo(expected);
    }

    @Test
    void recordsWhoAcceptedTheRiskWithTheSameAuditAnnotations() {
        GateVerdict verdict = UpgradeGate.judge(update(ACCEPTING, ALICE), THREE_BLOCKERS, POLICY);

        assertThat(verdict.decision()).isEqualTo(Decision.allow()
                .withWarning("Upgrade gate overridden although 3 running VMIs block it; unaccept the risk afterwards")
                .withAuditAnnotation("override-user", "alice")
                .withAuditAnnotation("override-reason", "accepted risk ClusterOperatorUpgradeable-hco-guard")
                .withAuditAnnotation("blockers", "3")
                .withAuditAnnotation("blocking-vmis", "db/pg-0,db/pg-1,lab/scratch"));
    }

    @Test
    void refusesAUserOutsideTheOverrideGroupsSayingWhoMay() {
        Decision decision = UpgradeGate.judge(update(ACCEPTING, BOB), THREE_BLOCKERS, POLICY).decision();

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message().lines().findFirst()).contains(
                "Override refused: user bob may not override the upgrade gate; only members of group virt-admins may.");
    }

    @Test
    void theAnnotationWinsOverAnAcceptedRiskAndGivesItsReason() {
        GatedRequest both = update(ACCEPTING, ALICE);
        GatedRequest annotated = new GatedRequest(both.kind(), both.kindName(), both.operation(),
                overridden(both.object(), "CHG0042"), both.oldObject(), ALICE, false);

        assertThat(UpgradeGate.judge(annotated, THREE_BLOCKERS, POLICY).decision().auditAnnotations())
                .containsEntry("override-reason", "CHG0042");
    }

    private static Arguments outcome(String name, GatedRequest request, VerdictSnapshot snapshot, GateOutcome expected) {
        return Arguments.of(Named.of(name, request), snapshot, expected);
    }
}
