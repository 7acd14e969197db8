package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HyperConverged edits go through the real API server, which calls hco-guard's webhooks. */
@QuarkusTest
class HyperConvergedE2ETest {

    private static KubernetesClient admin;

    @BeforeAll
    static void cluster() {
        admin = ControlPlane.admin();
    }

    @Test
    void storesValidV1beta1EditUnchanged() {
        String ns = namespace("hco-valid");
        GenericKubernetesResource created = admin.resource(hco(ns, "v1beta1", """
                workloadUpdateStrategy:
                  workloadUpdateMethods: [LiveMigrate, Evict]
                  batchEvictionSize: 5
                  batchEvictionInterval: 2m0s
                """)).create();

        assertThat(strategy(created)).isEqualTo(Map.of(
                "workloadUpdateMethods", List.of("LiveMigrate", "Evict"),
                "batchEvictionSize", 5,
                "batchEvictionInterval", "2m0s"));
    }

    @Test
    void refusesMisspelledMethodWithTheRuleMessage() {
        String ns = namespace("hco-typo");
        admin.resource(hco(ns, "v1beta1", "workloadUpdateStrategy: {workloadUpdateMethods: [LiveMigrate]}")).create();

        GenericKubernetesResource edited = hco(ns, "v1beta1", "workloadUpdateStrategy: {workloadUpdateMethods: [livemigrate]}");
        assertThatThrownBy(() -> admin.resource(edited).update())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("admission webhook \"validate.hyperconverged.hco-guard.io\" denied the request: "
                        + "spec.workloadUpdateStrategy.workloadUpdateMethods[0]: must be one of \"LiveMigrate\", \"Evict\", "
                        + "got \"livemigrate\", did you mean \"LiveMigrate\"?");
        assertThat(strategy(admin.resource(edited).get())).containsEntry("workloadUpdateMethods", List.of("LiveMigrate"));
    }

    @Test
    void refusesV1LayoutEditWithV1FieldPath() {
        String ns = namespace("hco-v1");
        GenericKubernetesResource bad = hco(ns, "v1", """
                virtualization:
                  workloadUpdateStrategy:
                    workloadUpdateMethods: [Evict]
                    batchEvictionInterval: 1d
                """);
        // The mutating webhook answers first: HCO's own would refuse it tersely ("failed to parse").
        assertThatThrownBy(() -> admin.resource(bad).create())
                .hasMessageContaining("admission webhook \"mutate.hyperconverged.hco-guard.io\" denied the request: "
                        + "spec.virtualization.workloadUpdateStrategy.batchEvictionInterval: must be a Go duration, not "
                        + "negative, such as \"1m30s\" (units ns, us, ms, s, m, h), got \"1d\" (unknown unit \"d\", "
                        + "days are not a Go unit, use \"24h\")");
    }

    @Test
    void storesTheMutatedObject() {
        String ns = namespace("hco-mutate");
        GenericKubernetesResource created = admin.resource(hco(ns, "v1", """
                virtualization:
                  workloadUpdateStrategy:
                    workloadUpdateMethods: [LiveMigrate, Evict, LiveMigrate]
                    batchEvictionInterval: 90s
                """)).create();

        Map<String, Object> stored = admin.resource(created).get().get("spec", "virtualization", "workloadUpdateStrategy");
        assertThat(stored).isEqualTo(Map.of(
                "workloadUpdateMethods", List.of("LiveMigrate", "Evict"),
                "batchEvictionSize", 10,
                "batchEvictionInterval", "1m30s"));
    }

    @Test
    void judgesServerSideDryRunTheSameAndStoresNothing() {
        String ns = namespace("hco-dryrun");
        GenericKubernetesResource original = admin.resource(hco(ns, "v1beta1", """
                workloadUpdateStrategy: {workloadUpdateMethods: [LiveMigrate], batchEvictionInterval: 1m0s}
                """)).create();

        GenericKubernetesResource bad = hco(ns, "v1beta1", "workloadUpdateStrategy: {workloadUpdateMethods: [Evict, Evcit]}");
        assertThatThrownBy(() -> admin.resource(bad).dryRun().update())
                .hasMessageContaining("spec.workloadUpdateStrategy.workloadUpdateMethods[1]: must be one of \"LiveMigrate\", "
                        + "\"Evict\", got \"Evcit\", did you mean \"Evict\"?");

        GenericKubernetesResource good = hco(ns, "v1beta1", "workloadUpdateStrategy: {workloadUpdateMethods: [Evict], batchEvictionInterval: 120s}");
        GenericKubernetesResource answered = admin.resource(good).dryRun().update();
        assertThat(strategy(answered)).containsEntry("batchEvictionInterval", "2m0s");
        assertThat(strategy(admin.resource(original).get()))
                .containsEntry("workloadUpdateMethods", List.of("LiveMigrate"))
                .containsEntry("batchEvictionInterval", "1m0s");
    }

    @Test
    void showsWarningsInKubectl() throws Exception {
        String ns = namespace("hco-warn");
        Kubectl.Result result = Kubectl.run("apply", "-f", "-", "--stdin-text", Serialization.asYaml(hco(ns, "v1beta1", """
                workloadUpdateStrategy: {workloadUpdateMethods: [LiveMigrate], batchEvictionSize: 0}
                """)));

        assertThat(result.exitCode()).isZero();
        assertThat(result.stderr()).contains(
                "Warning: batchEvictionSize must be an integer >= 1 once \"Evict\" is listed, got 0");
    }

    static String namespace(String name) {
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).serverSideApply();
        return name;
    }

    static GenericKubernetesResource hco(String namespace, String version, String specYaml) {
        String yaml = "apiVersion: hco.kubevirt.io/" + version + "\nkind: HyperConverged\nmetadata:\n"
                + "  name: kubevirt-hyperconverged\n  namespace: " + namespace + "\nspec:\n"
                + specYaml.lines().map(line -> "  " + line).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
        return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    }

    private static Map<String, Object> strategy(GenericKubernetesResource hco) {
        return hco.get("spec", "workloadUpdateStrategy");
    }
}
