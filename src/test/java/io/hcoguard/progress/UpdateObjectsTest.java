package io.hcoguard.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hcoguard.migratability.KubeObjects;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kinds {@code status} reads besides the view: which CSVs count, when OLM holds one, what a ClusterVersion says. */
class UpdateObjectsTest {

    private static final List<String> PREFIXES = List.of("kubevirt-hyperconverged-operator.");

    static Stream<Arguments> csvPhases() {
        return Stream.of(
                Arguments.of("Pending", "RequirementsUnknown", false, "Pending (RequirementsUnknown: requirements not yet checked)"),
                Arguments.of("Pending", "RequirementsNotMet", true, "Pending (RequirementsNotMet: requirements not yet checked)"),
                Arguments.of("Pending", "OperatorConditionNotUpgradeable", true,
                        "Pending (OperatorConditionNotUpgradeable: requirements not yet checked)"),
                Arguments.of("Failed", "InstallCheckFailed", true, "Failed (InstallCheckFailed: requirements not yet checked)"),
                Arguments.of("InstallReady", "AllRequirementsMet", false, "InstallReady (AllRequirementsMet: requirements not yet checked)"),
                Arguments.of("Installing", "InstallWaiting", false, "Installing (InstallWaiting: requirements not yet checked)"),
                Arguments.of("Replacing", "BeingReplaced", false, "Replacing (BeingReplaced: requirements not yet checked)"),
                Arguments.of("Deleting", "Replaced", false, "Deleting (Replaced: requirements not yet checked)"),
                Arguments.of("Succeeded", "InstallSucceeded", false, "Succeeded"),
                Arguments.of("", "", false, "(no phase yet) (requirements not yet checked)"),
                Arguments.of("Frobnicating", "", false, "Frobnicating (requirements not yet checked)"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("csvPhases")
    void olmHoldsACsvThatIsPendingForAReasonOrFailed(String phase, String reason, boolean held, String text) {
        OperatorCsv csv = OperatorCsv.from(KubeObjects.tree("""
                apiVersion: operators.coreos.com/v1alpha1
                kind: ClusterServiceVersion
                metadata: {namespace: openshift-cnv, name: kubevirt-hyperconverged-operator.v4.17.3}
                spec: {version: 4.17.3}
                status: {phase: "%s", reason: "%s", message: "requirements not yet checked\\nsecond line"}
                """.formatted(phase, reason)));

        assertThat(csv.held()).isEqualTo(held);
        assertThat(csv.phaseText()).isEqualTo(text);
    }

    @Test
    void countsOnlyTheVirtualizationCsvsBesideTheHyperConverged() {
        UpdateObjects objects = UpdateObjects.of(List.of(
                hco("openshift-cnv"),
                csv("openshift-cnv", "kubevirt-hyperconverged-operator.v4.17.3"),
                csv("openshift-cnv", "local-storage-operator.v4.17.0"),
                csv("tenant-a", "kubevirt-hyperconverged-operator.v4.17.3"),
                csv("openshift-cnv", "kubevirt-hyperconverged-operator.v4.17.2")), PREFIXES, Set.of());

        assertThat(objects.csvs()).extracting(c -> c.namespace() + "/" + c.name()).containsExactly(
                "openshift-cnv/kubevirt-hyperconverged-operator.v4.17.2", "openshift-cnv/kubevirt-hyperconverged-operator.v4.17.3");
    }

    @Test
    void withoutAHyperConvergedEveryNamespacesVirtualizationCsvCounts() {
        UpdateObjects objects = UpdateObjects.of(List.of(csv("kubevirt-hyperconverged", "kubevirt-hyperconverged-operator.v1.14.0"),
                csv("tenant-a", "other.v1")), PREFIXES, Set.of());

        assertThat(objects.csvs()).extracting(OperatorCsv::name).containsExactly("kubevirt-hyperconverged-operator.v1.14.0");
    }

    @Test
    void keepsTheMigrationsNotFinishedAndTheClusterVersionNamedVersion() {
        UpdateObjects objects = UpdateObjects.of(List.of(
                migration("m-running", "Running"), migration("m-new", null), migration("m-done", "Succeeded"),
                migration("m-failed", "Failed"), migration("m-target", "TargetReady"),
                KubeObjects.tree("""
                        apiVersion: config.openshift.io/v1
                        kind: ClusterVersion
                        metadata: {name: other}
                        status: {desired: {version: 9.9.9}}
                        """),
                KubeObjects.tree("""
                        apiVersion: config.openshift.io/v1
                        kind: ClusterVersion
                        metadata: {name: version}
                        status:
                          desired: {version: 4.18.1}
                          history: [{state: Partial, version: 4.18.1}, {state: Completed, version: 4.17.10}]
                          conditions: [{type: Progressing, status: "True", message: "Working towards 4.18.1: 512 of 870 done (58% complete)"}]
                        """)), PREFIXES, Set.of());

        assertThat(objects.migrations()).extracting(MigrationInFlight::describe).containsExactly(
                "vm-demo/m-new: VMI vm-demo/web, no phase yet",
                "vm-demo/m-running: VMI vm-demo/web, Running",
                "vm-demo/m-target: VMI vm-demo/web, TargetReady");
        assertThat(objects.clusterVersion()).hasValue(
                new ClusterVersionStatus("4.17.10", "4.18.1", true, "Working towards 4.18.1: 512 of 870 done (58% complete)"));
        assertThat(objects.clusterVersion().orElseThrow().describe())
                .isEqualTo("updating 4.17.10 -> 4.18.1: Working towards 4.18.1: 512 of 870 done (58% complete)");
    }

    @Test
    void putsTheGuidesFiveConditionsFirst() {
        HyperConvergedStatus hco = HyperConvergedStatus.from(KubeObjects.tree("""
                apiVersion: hco.kubevirt.io/v1beta1
                kind: HyperConverged
                metadata: {namespace: openshift-cnv, name: kubevirt-hyperconverged}
                status:
                  conditions:
                  - {type: TaintedConfiguration, status: "True", reason: UnsupportedFeatureAnnotation}
                  - {type: Upgradeable, status: "True"}
                  - {type: Degraded, status: "False"}
                  - {type: Progressing, status: "True", reason: HCOUpgrading, message: HCO is now upgrading to version 4.17.3}
                  - {type: Available, status: "True"}
                  - {type: ReconcileComplete, status: "True"}
                  - {status: "True"}
                """));

        assertThat(hco.conditions()).extracting(Condition::describe).containsExactly("ReconcileComplete True", "Available True",
                "Progressing True (HCOUpgrading: HCO is now upgrading to version 4.17.3)", "Degraded False", "Upgradeable True",
                "TaintedConfiguration True (UnsupportedFeatureAnnotation)");
        assertThat(hco.progressing()).isTrue();
    }

    private static JsonNode hco(String namespace) {
        return KubeObjects.tree("""
                apiVersion: hco.kubevirt.io/v1beta1
                kind: HyperConverged
                metadata: {namespace: %s, name: kubevirt-hyperconverged}
                """.formatted(namespace));
    }

    private static JsonNode csv(String namespace, String name) {
        return KubeObjects.tree("""
                apiVersion: operators.coreos.com/v1alpha1
                kind: ClusterServiceVersion
                metadata: {namespace: %s, name: %s}
                status: {phase: Succeeded}
                """.formatted(namespace, name));
    }

    private static JsonNode migration(String name, String phase) {
        return KubeObjects.tree("""
                apiVersion: kubevirt.io/v1
                kind: VirtualMachineInstanceMigration
                metadata: {namespace: vm-demo, name: %s}
                spec: {vmiName: web}
                status: %s
                """.formatted(name, phase == null ? "{}" : "{phase: " + phase + "}"));
    }
}
