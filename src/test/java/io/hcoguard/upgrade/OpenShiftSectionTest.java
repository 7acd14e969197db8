package io.hcoguard.upgrade;

import static io.hcoguard.upgrade.GateFixtures.POLICY;
import static io.hcoguard.upgrade.GateFixtures.THREE_BLOCKERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The readiness report's "openshift" section: what hco-guard asserts where OpenShift admins look. */
class OpenShiftSectionTest {

    private static final ReadinessReport.OpenShift HELD = new ReadinessReport.OpenShift("hco-guard-7c9f_1", true,
            new ReadinessReport.ClusterOperator("WRITTEN", "False", "VMIsBlockClusterUpdates", "3 running VMIs block cluster updates"),
            new ReadinessReport.Hold("HELD", "openshift-cnv/kubevirt-hyperconverged-operator.v4.17.3", "hco-guard holds ..."));

    @Test
    void theTextSaysWhoWritesTheClusterOperatorConditionAndTheHold() {
        String text = ReadinessReport.of(THREE_BLOCKERS, POLICY).withOpenShift(HELD).toText();

        assertThat(text.lines()).contains("OpenShift (written by hco-guard-7c9f_1, this replica): ClusterOperator hco-guard"
                + " Upgradeable=False (VMIsBlockClusterUpdates); OKD Virtualization updates HELD"
                + " (openshift-cnv/kubevirt-hyperconverged-operator.v4.17.3).");
    }

    @Test
    void theTextSaysWhatIsOffWhenNothingIsWritten() {
        ReadinessReport.OpenShift off = new ReadinessReport.OpenShift("", false,
                new ReadinessReport.ClusterOperator("KIND_ABSENT", "", "", ""), new ReadinessReport.Hold("OFF", "", ""));

        assertThat(ReadinessReport.of(THREE_BLOCKERS, POLICY).withOpenShift(off).toText().lines())
                .contains("OpenShift (no writer known): ClusterOperator hco-guard KIND_ABSENT; OKD Virtualization updates OFF.");
    }

    @Test
    void theJsonCarriesTheSectionAndAReportWithoutItHasNone() {
        ObjectMapper json = new ObjectMapper();
        JsonNode with = json.valueToTree(ReadinessReport.of(THREE_BLOCKERS, POLICY).withOpenShift(HELD));
        JsonNode without = json.valueToTree(ReadinessReport.of(THREE_BLOCKERS, POLICY));

        assertThat(with.path("openshift").path("clusterOperator").path("upgradeable").asText()).isEqualTo("False");
        assertThat(with.path("openshift").path("virtualizationHold").path("state").asText()).isEqualTo("HELD");
        assertThat(without.path("openshift").isNull()).isTrue();
        assertThat(ReadinessReport.of(THREE_BLOCKERS, POLICY).toText()).doesNotContain("OpenShift");
    }
}
