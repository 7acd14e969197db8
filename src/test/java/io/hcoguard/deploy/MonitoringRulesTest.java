package io.hcoguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.hcoguard.e2e.Commands;
import io.hcoguard.e2e.ControlPlane;
import io.hcoguard.e2e.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alerts of manifests/components/monitoring, as the Prometheus operator hands them to
 * Prometheus: the PrometheusRule's spec written as a rule file, checked by promtool (built by
 * hack/build-promtool.sh, pinned in hack/versions.env) and unit-tested with the series of
 * src/test/promtool/hco-guard-alerts.test.yaml; each alert with its runbook in the repository.
 */
class MonitoringRulesTest {

    private static final Path COMPONENT = Manifests.ROOT.resolve("components/monitoring");
    private static final Path WORK = ControlPlane.PROJECT.resolve("target/monitoring");
    private static final Path UNIT_TESTS = ControlPlane.PROJECT.resolve("src/test/promtool/hco-guard-alerts.test.yaml");
    private static final String RUNBOOKS = "https://github.com/hco-guard/hco-guard/blob/main/";
    private static final YAMLMapper YAML = new YAMLMapper();

    private static Path promtool;
    private static List<GenericKubernetesResource> objects;
    private static Map<String, JsonNode> alerts;

    @BeforeAll
    static void renderAndWriteTheRuleFile() throws Exception {
        promtool = Path.of(lastLine(run(List.of("bash", ControlPlane.PROJECT.resolve("hack/build-promtool.sh").toString()))
                .stdout())).resolve("promtool");
        objects = Manifests.objects(Manifests.render(COMPONENT));
        GenericKubernetesResource rule = objects.stream().filter(o -> o.getKind().equals("PrometheusRule")).findFirst()
                .orElseThrow();
        Files.createDirectories(WORK);
        // What the operator writes into Prometheus' rule files: the spec, as it is.
        Files.writeString(WORK.resolve("hco-guard.rules.yaml"), YAML.writeValueAsString(rule.getAdditionalProperties().get("spec")));
        Files.copy(UNIT_TESTS, WORK.resolve(UNIT_TESTS.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        alerts = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(WORK.resolve("hco-guard.rules.yaml").toFile()).path("groups")) {
            for (JsonNode alert : group.path("rules")) {
                alerts.put(alert.path("alert").asText(), alert);
            }
        }
    }

    @Test
    void theComponentIsAServiceMonitorOfTheMetricsPortAndOnePrometheusRule() {
        assertThat(objects).extracting(o -> o.getKind() + " " + o.getMetadata().getName())
                .containsExactly("PrometheusRule hco-guard", "ServiceMonitor hco-guard");
        GenericKubernetesResource monitor = objects.get(1);
        assertThat(monitor.<Map<String, Object>>get("spec", "selector"))
                .isEqualTo(Map.of("matchLabels", Map.of("app.kubernetes.io/name", "hco-guard")));
        assertThat(monitor.<List<Object>>get("spec", "endpoints"))
                .containsExactly(Map.of("port", "metrics", "path", "/q/metrics", "interval", "30s"));
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Commands.Result check = run(List.of(promtool.toString(), "check", "rules", "hco-guard.rules.yaml"));

        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        assertThat(check.stdout()).isEqualTo("Checking hco-guard.rules.yaml\n  SUCCESS: " + alerts.size() + " rules found\n\n");
    }

    @Test
    void everyAlertPassesItsPromtoolUnitTests() throws Exception {
        Commands.Result test = run(List.of(promtool.toString(), "test", "rules", UNIT_TESTS.getFileName().toString()));

        assertThat(test.exitCode()).as(test.stdout() + test.stderr()).isZero();
        assertThat(test.stdout()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestThatFiresItAndOneThatDoesNot() throws IOException {
        Set<String> fired = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (JsonNode test : YAML.readTree(UNIT_TESTS.toFile()).path("tests")) {
            for (JsonNode expectation : test.path("alert_rule_test")) {
                String alert = expectation.path("alertname").asText();
                (expectation.path("exp_alerts").isEmpty() ? quiet : fired).add(alert);
            }
        }

        assertThat(fired).containsExactlyInAnyOrderElementsOf(alerts.keySet());
        assertThat(quiet).containsExactlyInAnyOrderElementsOf(alerts.keySet());
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookInTheRepository() throws IOException {
        assertThat(alerts.keySet()).containsExactly("HcoGuardClusterUpgradeBlocked", "HcoGuardVirtualizationUpgradeBlocked",
                "HcoGuardDrainStalled", "HcoGuardClusterViewNotSynced", "HcoGuardWatchStale", "HcoGuardDown", "HcoGuardBelowDisruptionBudget",
                "HcoGuardCertificateExpiresSoon", "HcoGuardCertificateRenewalFailing");
        String index = Files.readString(ControlPlane.PROJECT.resolve("docs/runbooks/README.md"));
        for (Map.Entry<String, JsonNode> alert : alerts.entrySet()) {
            String name = alert.getKey();
            JsonNode rule = alert.getValue();
            String severity = rule.path("labels").path("severity").asText();
            String runbook = rule.path("annotations").path("runbook_url").asText();

            assertThat(severity).as(name).isIn("warning", "critical");
            assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(runbook).as(name).isEqualTo(RUNBOOKS + "docs/runbooks/" + name + ".md");
            Path page = ControlPlane.PROJECT.resolve(runbook.substring(RUNBOOKS.length()));
            assertThat(Files.readString(page)).as(name).startsWith("# " + name + "\n")
                    .contains("## Meaning", "## Impact", "## Diagnosis", "## Mitigation");
            assertThat(index).as(name).contains("| `" + name + "` | " + severity + " | [" + name + ".md](" + name + ".md) |");
        }
    }

    @Test
    void onlyTheClusterUpgradeAlertIsAnOpenShiftUpdatePrecheck() {
        Map<String, String> labelled = new LinkedHashMap<>();
        alerts.forEach((name, rule) -> {
            JsonNode label = rule.path("labels").path("openShiftUpdatePrecheck");
            if (!label.isMissingNode()) {
                labelled.put(name, label.isTextual() ? label.asText() : label.toString());
            }
        });

        // A string, as Prometheus labels are: oc adm upgrade recommend compares it with "true".
        assertThat(labelled).containsExactly(Map.entry("HcoGuardClusterUpgradeBlocked", "true"));
    }

    // ---------------------------------------------------------------------------------------------

    /** Runs a command in target/monitoring (promtool resolves rule_files against the test file's directory). */
    private static Commands.Result run(List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        return Commands.run(WORK, Map.of(), command, 20);
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }
}
