package io.hcoguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.hcoguard.e2e.ControlPlane;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * hco-guard as an admin installs it: the image hack/build-image.sh builds, on the real node of
 * hack/start-cluster.sh (kubelet, containerd, runc, kube-proxy, CoreDNS), the self-signed overlay
 * applied unchanged with `kubectl apply -k`, called by the API server through its Service. Run by
 * `hack/test.sh cluster` (Maven profile cluster); the cluster is started here and always taken down
 * again, and taking it down fails the test when the host is not as before.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShippedClusterE2ETest {

    private static final String NS = "hco-guard";
    private static final String LABEL = "app.kubernetes.io/name";
    private static final String SERVICE_HOST = "hco-guard.hco-guard.svc";
    private static final Path WORK = ControlPlane.PROJECT.resolve("target/cluster-e2e");
    private static final Path OVERLAY = WORK.resolve("manifests/overlays/self-signed");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = System.getProperty("project.version");
    private static final String TYPO_PATCH = "{\"spec\":{\"workloadUpdateStrategy\":{\"workloadUpdateMethods\":[\"livemigrate\"]}}}";
    private static final String TYPO_DENIAL = "admission webhook \"validate.hyperconverged.hco-guard.io\" denied the request: "
            + "spec.workloadUpdateStrategy.workloadUpdateMethods[0]: must be one of \"LiveMigrate\", \"Evict\", got \"livemigrate\", "
            + "did you mean \"LiveMigrate\"?";

    /** Figures for bench/README.md and the closing note, printed at the end and written to target/cluster-e2e. */
    private static final Map<String, String> FIGURES = Collections.synchronizedMap(new LinkedHashMap<>());
    private static KubernetesClient client;
    private static boolean up;

    @BeforeAll
    static void startClusterAndInstall() throws IOException {
        ManifestCopy.withoutGeneratedCertificates(WORK.resolve("manifests"));
        long start = System.nanoTime();
        NodeCommands.Result result = NodeCommands.script(Duration.ofMinutes(15), Map.of(), "hack/start-cluster.sh", "up");
        up = true;
        result.orFail("hack/start-cluster.sh up");
        FIGURES.put("cluster up (s)", seconds(start));
        start = System.nanoTime();
        // The overlay of the copy, unchanged: its image is the one hack/build-image.sh builds by default.
        result = NodeCommands.script(Duration.ofMinutes(15), Map.of("OVERLAY", OVERLAY.toString()),
                "hack/start-cluster.sh", "install").orFail("hack/start-cluster.sh install");
        FIGURES.put("install: image, CRDs, samples, apply -k, rollout (s)", seconds(start));
        Matcher rollout = Pattern.compile("hco-guard rolled out in (\\d+)s").matcher(result.output());
        assertThat(rollout.find()).as(result.output()).isTrue();
        FIGURES.put("rollout of 2 replicas after kubectl apply -k (s)", rollout.group(1));
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(NodeCommands.kubeconfig()))).build();
    }

    @AfterAll
    static void takeClusterDownAndCheckTheHost() throws IOException {
        if (client != null) {
            client.close();
        }
        String figures = FIGURES.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n"));
        System.out.println("=== cluster e2e figures\n" + figures);
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("figures.txt"), figures + "\n");
        if (up) {
            NodeCommands.script(Duration.ofMinutes(3), Map.of(), "hack/start-cluster.sh", "down")
                    .orFail("hack/start-cluster.sh down (it compares the host with its state before up)");
        }
    }

    @Test
    @Order(1)
    void bothReplicasAreReadyThroughTheirProbes() {
        Deployment deployment = client.apps().deployments().inNamespace(NS).withName("hco-guard").get();
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("quay.io/hco-guard/hco-guard:" + VERSION);
        List<Pod> pods = pods();
        assertThat(pods).hasSize(2).allSatisfy(pod -> {
            assertThat(condition(pod, "Ready")).isEqualTo("True");
            assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero();
            assertThat(pod.getSpec().getNodeName()).isEqualTo("hco-guard-node");
        });
    }

    @Test
    @Order(2)
    void hyperConvergedTypoIsRefusedThroughTheService() {
        assertThatThrownBy(() -> hyperConverged().patch(PatchContext.of(PatchType.JSON_MERGE), TYPO_PATCH))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining(TYPO_DENIAL);
    }

    @Test
    @Order(3)
    void clusterVersionUpgradeIsGatedByThePodsOwnInformers() {
        Resource<GenericKubernetesResource> version = client.genericKubernetesResources("config.openshift.io/v1", "ClusterVersion")
                .withName("version");
        // Ready means "can answer"; the gate judges from the view, which each replica syncs on its own.
        // Through port-forward: the NetworkPolicy opens the management port to the monitoring namespace only.
        awaitTrue("both replicas' cluster views synced", Duration.ofSeconds(60), () -> pods().stream().allMatch(pod -> {
            try (LocalPortForward management = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).portForward(9000)) {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + management.getLocalPort() + "/q/health/group/cluster-view")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200; // 503 while syncing
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));

        // Not a dry run: the denial also writes an Event, which the shipped ClusterRole must allow.
        assertThatThrownBy(() -> version.patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"desiredUpdate\":{\"version\":\"4.16.0\"}}}"))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("admission webhook \"gate.clusterversions.hco-guard.io\" denied the request: "
                        + "Cluster upgrade blocked: 1 running VMI blocks it: 1 stalls the drain.")
                .hasMessageContaining("- vm-demo/rhel9-db (VM vm-demo/rhel9-db) on worker-1: refuses eviction (LiveMigrate, not"
                        + " migratable): the drain of worker-1 waits forever\n  why: LiveMigratable=False (DisksNotLiveMigratable),"
                        + " PVC rhel9-db-rootdisk on hostpath storage");
        awaitTrue("the UpgradeBlocked Event", Duration.ofSeconds(30), () -> client.v1().events().inAnyNamespace().list().getItems()
                .stream().anyMatch(e -> "UpgradeBlocked".equals(e.getReason()) && "version".equals(e.getInvolvedObject().getName())));
    }

    @Test
    @Order(4)
    void podLogsAreJsonLinesWithEachDecisionOnceAndNoRbacError() throws IOException {
        for (Pod pod : pods()) {
            String log = client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).getLog();
            assertThat(log).isNotBlank().doesNotContainIgnoringCase("forbidden");
            Map<String, Integer> decisions = new HashMap<>();
            for (String line : log.split("\n")) {
                if (line.startsWith("Picked up JAVA_TOOL_OPTIONS: ")) {
                    continue;   // the JVM's own notice on stderr, before any logging is set up
                }
                JsonNode record = JSON.readTree(line);   // every line is one JSON object
                assertThat(record.path("level").asText()).as(line).isNotEqualTo("ERROR");
                if ("io.hcoguard.admission.DecisionLog".equals(record.path("loggerName").asText())) {
                    JsonNode mdc = record.path("mdc");
                    assertThat(mdc.path("kind").asText()).as(line).isNotEmpty();
                    assertThat(mdc.path("user").asText()).as(line).isEqualTo("hco-guard-admin");
                    assertThat(mdc.path("outcome").asText()).as(line).isIn("allowed", "patched", "denied");
                    assertThat(mdc.path("dryRun").asText()).as(line).isIn("true", "false");
                    decisions.merge(mdc.path("uid").asText() + " " + mdc.path("webhook").asText(), 1, Integer::sum);
                }
            }
            assertThat(decisions.values()).allMatch(count -> count == 1);
        }
        // Both denials of the tests before were logged, by whichever replica judged them.
        String all = pods().stream().map(p -> client.pods().inNamespace(NS).withName(p.getMetadata().getName()).getLog())
                .collect(Collectors.joining("\n"));
        assertThat(all).contains("webhook=validate-hyperconverged kind=HyperConverged namespace=kubevirt-hyperconverged"
                + " name=kubevirt-hyperconverged user=hco-guard-admin outcome=denied dryRun=false");
        assertThat(all).contains("webhook=validate-upgrade kind=ClusterVersion namespace=\\\"\\\" name=version"
                + " user=hco-guard-admin outcome=denied dryRun=false");
    }

    @Test
    @Order(5)
    void readinessReportAnswersThroughTheServiceToAServiceAccountToken() throws IOException {
        client.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata()
                .withName("readiness-reader").endMetadata().build()).serverSideApply();
        client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName("vmi-reader").endMetadata()
                .addNewRule().withApiGroups("kubevirt.io").withResources("virtualmachineinstances").withVerbs("list").endRule()
                .build()).serverSideApply();
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("readiness-reader")
                .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "vmi-reader")
                .addNewSubject().withKind("ServiceAccount").withName("readiness-reader").withNamespace(NS).endSubject()
                .build()).serverSideApply();
        String token = client.serviceAccounts().inNamespace(NS).withName("readiness-reader").tokenRequest(new TokenRequestBuilder()
                .withNewSpec().withExpirationSeconds(600L).endSpec().build()).getStatus().getToken();

        NodeCommands.Result report = serviceRequest("/upgrade-readiness?format=text", token);
        NodeCommands.Result anonymous = serviceRequest("/upgrade-readiness", null);

        assertThat(report.output()).endsWith("\n200").contains("rhel9-db");
        assertThat(anonymous.output()).endsWith("\n401");
    }

    @Test
    @Order(7)
    void noAdmissionCallFailsWhileAPodIsDeletedAndTheDeploymentRollsToARebuiltImage() throws Exception {
        // The rebuilt image: another tag, so another image config, loaded like the first.
        String tag = VERSION + "-rebuilt";
        NodeCommands.Result built = NodeCommands.run(Duration.ofMinutes(5), Map.of("IMAGE_TAG", tag), "hack/build-image.sh", "jvm")
                .orFail("hack/build-image.sh jvm");
        Matcher archive = Pattern.compile("(?m)^ARCHIVE=(.*)$").matcher(built.output());
        assertThat(archive.find()).as(built.output()).isTrue();
        NodeCommands.ctr("images", "import", archive.group(1)).orFail("ctr images import");

        SteadyClient steady = new SteadyClient(client, hyperConverged(), 10);
        steady.start();
        try {
            Thread.sleep(3_000);
            long deletion = System.nanoTime();
            String victim = pods().get(0).getMetadata().getName();
            client.pods().inNamespace(NS).withName(victim).delete();
            awaitTrue("a replacement for " + victim, Duration.ofMinutes(3), () -> pods().stream().noneMatch(p -> victim.equals(p.getMetadata().getName()))
                    && pods().size() == 2 && pods().stream().allMatch(p -> "True".equals(condition(p, "Ready"))));
            FIGURES.put("pod deleted -> replacement Ready, old one gone (s)", seconds(deletion));

            long rolling = System.nanoTime();
            String image = "quay.io/hco-guard/hco-guard:" + tag;
            client.apps().deployments().inNamespace(NS).withName("hco-guard").updateImage(image);
            awaitTrue("the rollout to " + image, Duration.ofMinutes(5), () -> {
                Deployment d = client.apps().deployments().inNamespace(NS).withName("hco-guard").get();
                List<Pod> now = pods();
                return d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration()
                        && Integer.valueOf(2).equals(d.getStatus().getUpdatedReplicas())
                        && Integer.valueOf(2).equals(d.getStatus().getReadyReplicas())
                        && now.size() == 2
                        && now.stream().allMatch(p -> image.equals(p.getSpec().getContainers().get(0).getImage())
                                && "True".equals(condition(p, "Ready")));
            });
            FIGURES.put("rolling update to the rebuilt image, both replicas Ready (s)", seconds(rolling));
            Thread.sleep(3_000);
        } finally {
            steady.stop();
        }
        FIGURES.put("admission calls sent across deletion and rolling update", Integer.toString(steady.sent()));
        FIGURES.put("admission calls failed", Integer.toString(steady.failures().size()));
        assertThat(steady.sent()).isGreaterThan(100);
        assertThat(steady.failures()).as("failed admission calls").isEmpty();
    }

    /** Before the rolling update: applying the overlay again would set the image back to the one it names. */
    @Test
    @Order(6)
    void renewedCertificateInTheSecretIsServedWithoutARestart() throws Exception {
        Set<String> before = pods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        String oldSerial = servedSerials().values().iterator().next();
        // The README's renewal: generate.sh again (same CA), apply the overlay again.
        CertificateScript.generate(OVERLAY.resolve("certs"));
        String newSerial = NodeCommands.run(Duration.ofSeconds(20), Map.of(), "openssl", "x509", "-noout", "-serial", "-in",
                OVERLAY.resolve("certs/tls.crt").toString()).orFail("openssl x509").output().trim().replace("serial=", "");
        assertThat(newSerial).isNotEqualTo(oldSerial);
        NodeCommands.run(Duration.ofMinutes(1), Map.of("KUBECONFIG", NodeCommands.kubeconfig().toString()),
                ControlPlane.kubectl().toString(), "apply", "-k", OVERLAY.toString()).orFail("kubectl apply -k");
        long applied = System.nanoTime();

        // The kubelet swaps the mounted files itself; each pod's own port and the Service must serve the new one.
        awaitTrue("both pods serving serial " + newSerial, Duration.ofMinutes(3),
                () -> servedSerials().values().stream().allMatch(newSerial::equals));
        FIGURES.put("Secret replaced -> both pods serve the renewed certificate (s)", seconds(applied));
        assertThat(serviceSerial()).isEqualTo(newSerial);
        assertThat(pods()).allSatisfy(p -> assertThat(p.getStatus().getContainerStatuses().get(0).getRestartCount()).isZero());
        assertThat(pods().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet())).isEqualTo(before);
    }

    @Test
    @Order(8)
    void podMemoryAndRestartsAtTheEnd() throws IOException {
        JsonNode summary = JSON.readTree(client.raw("/api/v1/nodes/hco-guard-node/proxy/stats/summary"));
        // The kubelet still reports a replaced pod for a while: only the running replicas count.
        Set<String> running = pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        List<String> memory = new ArrayList<>();
        for (JsonNode pod : summary.path("pods")) {
            if (NS.equals(pod.path("podRef").path("namespace").asText()) && running.contains(pod.path("podRef").path("name").asText())) {
                JsonNode container = pod.path("containers").get(0);
                long rss = container.path("memory").path("rssBytes").asLong();
                long workingSet = container.path("memory").path("workingSetBytes").asLong();
                assertThat(rss).isPositive();
                memory.add(pod.path("podRef").path("name").asText() + " RSS " + rss / (1024 * 1024) + " MB, working set "
                        + workingSet / (1024 * 1024) + " MB");
            }
        }
        assertThat(memory).hasSize(2);
        FIGURES.put("pod memory (kubelet stats summary)", String.join("; ", memory));
        Map<String, Integer> restarts = pods().stream().collect(Collectors.toMap(p -> p.getMetadata().getName(),
                p -> p.getStatus().getContainerStatuses().get(0).getRestartCount()));
        FIGURES.put("restarts", restarts.toString());
        assertThat(restarts.values()).containsOnly(0);
    }

    // ---------------------------------------------------------------------------------------------

    /** Dry-run HyperConverged edits at a steady rate; each must be answered by hco-guard itself. */
    static final class SteadyClient {
        private final KubernetesClient client;
        private final Resource<GenericKubernetesResource> hco;
        private final long periodNanos;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Map<Integer, String> failures = new ConcurrentHashMap<>();
        private Thread thread;

        SteadyClient(KubernetesClient client, Resource<GenericKubernetesResource> hco, int perSecond) {
            this.client = client;
            this.hco = hco;
            this.periodNanos = 1_000_000_000L / perSecond;
        }

        void start() {
            thread = new Thread(this::run, "steady-admission-client");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(60_000);
        }

        int sent() {
            return sent.get();
        }

        Map<Integer, String> failures() {
            return failures;
        }

        private void run() {
            long next = System.nanoTime();
            while (running.get()) {
                int n = sent.incrementAndGet();
                String problem = n % 2 == 0 ? deniedTypo() : canonicalisedInterval();
                if (problem != null) {
                    failures.put(n, problem);
                }
                next += periodNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /** The validating webhook (failurePolicy Fail) must deny with its own message. */
        private String deniedTypo() {
            try {
                hco.dryRun().patch(PatchContext.of(PatchType.JSON_MERGE), TYPO_PATCH);
                return "typo allowed";
            } catch (KubernetesClientException e) {
                return e.getMessage().contains(TYPO_DENIAL) ? null : e.getMessage();
            }
        }

        /** The mutating webhook (failurePolicy Ignore, so a failure would pass silently) must canonicalise 90s. */
        private String canonicalisedInterval() {
            try {
                GenericKubernetesResource result = hco.dryRun().patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"workloadUpdateStrategy\":{\"batchEvictionInterval\":\"90s\"}}}");
                Object interval = result.get("spec", "workloadUpdateStrategy", "batchEvictionInterval");
                return "1m30s".equals(interval) ? null : "mutating webhook not applied: batchEvictionInterval " + interval;
            } catch (KubernetesClientException e) {
                return e.getMessage();
            }
        }
    }

    private static Resource<GenericKubernetesResource> hyperConverged() {
        return client.genericKubernetesResources("hco.kubevirt.io/v1beta1", "HyperConverged")
                .inNamespace("kubevirt-hyperconverged").withName("kubevirt-hyperconverged");
    }

    /** Running pods of hco-guard (not those terminating). */
    private static List<Pod> pods() {
        return client.pods().inNamespace(NS).withLabel(LABEL, "hco-guard").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static String condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(PodCondition::getStatus).findFirst().orElse("");
    }

    private static String serviceIp() {
        return client.services().inNamespace(NS).withName("hco-guard").get().getSpec().getClusterIP();
    }

    /** HTTPS through the Service's address, checked against the overlay's CA for the name the API server uses. */
    private static NodeCommands.Result serviceRequest(String path, String token) {
        List<String> curl = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-w", "\n%{http_code}",
                "--cacert", OVERLAY.resolve("certs/ca.crt").toString(), "--resolve", SERVICE_HOST + ":443:" + serviceIp()));
        if (token != null) {
            curl.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        curl.add("https://" + SERVICE_HOST + path);
        return NodeCommands.inNode(Duration.ofSeconds(30), curl.toArray(String[]::new)).orFail("curl " + path);
    }

    /** The serial each running pod serves on its own address. */
    private static Map<String, String> servedSerials() {
        Map<String, String> serials = new HashMap<>();
        for (Pod pod : pods()) {
            serials.put(pod.getMetadata().getName(), servedSerial(pod.getStatus().getPodIP() + ":8443"));
        }
        return serials;
    }

    private static String serviceSerial() {
        return servedSerial(serviceIp() + ":443");
    }

    private static String servedSerial(String address) {
        NodeCommands.Result handshake = NodeCommands.inNode(Duration.ofSeconds(20), "sh", "-c",
                "openssl s_client -connect " + address + " -servername " + SERVICE_HOST + " </dev/null 2>/dev/null"
                        + " | openssl x509 -noout -serial");
        return handshake.output().trim().replace("serial=", "");
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (KubernetesClientException e) {
                // A transient API error while polling: try again until the deadline.
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }
}
