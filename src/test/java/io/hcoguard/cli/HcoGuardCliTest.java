package io.hcoguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hcoguard.config.DefaultConfig;
import io.hcoguard.inventory.ClusterListing;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.ReadinessReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI on saved lists and manifests: exact output, exact exit status, no cluster. */
class HcoGuardCliTest {

    private static final Clock CLOCK = CliRun.CLOCK;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BLOCKED = resource("precheck/blocked-cluster.json");
    private static final String READY = resource("precheck/ready-cluster.json");
    private static final String POOLS = resource("precheck/pools-cluster.yaml");

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();

    // --- precheck -f ---------------------------------------------------------------------------

    @Test
    void aSavedListWithABlockerIsBlockedAndPrintsTheWebhooksReport() {
        CliRun run = run("precheck", "-f", BLOCKED);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo(webhookReport(BLOCKED).toText());
        assertThat(run.stdout().lines().toList()).startsWith(
                "Not ready: a cluster upgrade is blocked by 1 running VMI (would stall a drain or be shut down for good).",
                "Running VMIs: 2, as of 2025-11-03T10:00:00Z.");
        assertThat(run.stdout()).contains("Node worker-1: 1 VMI, 1 blocking\n"
                        + "  ! vm-demo/rhel9-db (VM vm-demo/rhel9-db): drain STALLS_DRAIN, update STAYS_OUTDATED\n",
                "kubectl patch vm rhel9-db -n vm-demo --type=merge",
                "Node worker-2: 1 VMI, 0 blocking\n"
                        + "  - vm-demo/fedora-web (VM vm-demo/fedora-web): drain MIGRATES, update UPDATED_BY_MIGRATION\n");
        assertThat(run.stderr()).isEqualTo(CliRun.blockedClusterRead(BLOCKED));
    }

    @Test
    void jsonIsTheWebhooksReadinessReport() throws IOException {
        CliRun run = run("precheck", "--filename=" + BLOCKED, "--output", "json");

        JsonNode report = JSON.readTree(run.stdout());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(report).isEqualTo(JSON.valueToTree(webhookReport(BLOCKED)));
        assertThat(report.path("ready").asBoolean()).isFalse();
        assertThat(report.path("nodes").path(0).path("name").asText()).isEqualTo("worker-1");
        assertThat(report.path("nodes").path(0).path("vmis").path(0).path("vmi").asText()).isEqualTo("rhel9-db");
        assertThat(report.path("clusterUpgrade").path("blocking").asInt()).isEqualTo(1);
    }

    @Test
    void aSavedListWithoutBlockersIsReady() {
        CliRun run = run("precheck", "-f", READY);

        assertThat(run.exitCode()).isZero();
        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo("""
                Ready: none of the 1 running VMI blocks an upgrade.
                Running VMIs: 1, as of 2025-11-03T10:00:00Z.
                Cluster settings: evictionStrategy LiveMigrate, workloadUpdateMethods [LiveMigrate, Evict], live migration on.
                KubeVirt version: not reported.
                Migration targets: not judged: the view knows no Node.
                A cluster upgrade: nodes drained: every node (no MachineConfigPool exists).
                Drain outcomes: MIGRATES 1.
                Workload-update outcomes: UPDATED_BY_MIGRATION 1.

                Node worker-2: 1 VMI, 0 blocking
                  - vm-demo/fedora-web (VM vm-demo/fedora-web): drain MIGRATES, update UPDATED_BY_MIGRATION
                """);
    }

    @Test
    void readsStandardInputForADash() throws IOException {
        CliRun run = withStdin(Files.readString(Path.of(BLOCKED)), "precheck", "-f", "-");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo(webhookReport(BLOCKED).toText());
        assertThat(run.stderr()).endsWith(" from -; ignored 3 objects of other kinds\n");
    }

    @Test
    void anUnreadableFileCannotBeToldAndSaysWhyOnStderr() {
        String missing = dir.resolve("nope.json").toString();

        CliRun text = run("precheck", "-f", missing);
        CliRun json = run("precheck", "-f", missing, "-o", "json");

        assertThat(text).isEqualTo(new CliRun(2, "",
                "hco-guard: could not tell: cannot read " + missing + ": no such file\n"));
        assertThat(text.exitCode()).isEqualTo(2);
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.stdout()).isEqualTo("""
                {
                  "ready" : false,
                  "failure" : "UNREADABLE",
                  "reason" : "cannot read %s: no such file"
                }
                """.formatted(missing));
    }

    @Test
    void theWebhooksEnvironmentVariablesSetTheCliToo() throws IOException {
        // A standalone VMI on a PVC of a provisioner that is hostpath only when configured so.
        Path file = Files.writeString(dir.resolve("local.json"), """
                [{"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "local"}, "provisioner": "example.com/local"},
                 {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "disk", "namespace": "vms"},
                  "spec": {"storageClassName": "local", "accessModes": ["ReadWriteMany"]}},
                 {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance", "metadata": {"name": "db", "namespace": "vms"},
                  "spec": {"evictionStrategy": "LiveMigrate", "volumes": [{"name": "root", "persistentVolumeClaim": {"claimName": "disk"}}]},
                  "status": {"phase": "Running", "conditions": [{"type": "LiveMigratable", "status": "True"}]}}]
                """);

        assertThat(run("precheck", "-f", file.toString()).exitCode()).isZero();
        environment.put("GUARD_MIGRATABILITY_HOSTPATH_PROVISIONERS", "example.com/local");
        assertThat(run("precheck", "-f", file.toString()).exitCode()).isEqualTo(1);
        environment.put("GUARD_UPGRADE_MAX_LISTED_VMS", "many");
        assertThat(run("precheck", "-f", file.toString())).isEqualTo(new CliRun(2, "",
                "hco-guard: could not tell: SRCFG00039: The config property guard.upgrade.max-listed-vms with the config value"
                        + " \"many\" threw an Exception whilst being converted SRCFG00029: Expected an integer value, got \"many\"\n"));
    }

    @Test
    void withoutAKubeconfigOrAPodThereIsNoClusterToAsk() {
        environment.put("HOME", dir.toString());

        assertThat(run("precheck")).isEqualTo(new CliRun(2, "", "hco-guard: could not tell: no kubeconfig: "
                + "none at $KUBECONFIG or ~/.kube/config, and not in a pod; log in (oc login, kubectl config) or pass "
                + "--kubeconfig FILE\n"));
        assertThat(run("precheck", "--kubeconfig", dir.resolve("config").toString())).isEqualTo(new CliRun(
                2, "", "hco-guard: could not tell: cannot read the kubeconfig " + dir.resolve("config")
                        + ": no such file\n"));
    }

    // --- operations ---------------------------------------------------------------------------

    @Test
    void aVmiOnAPausedPoolDoesNotBlockTheClusterUpgradeAndTheReportShowsPoolsAndNodes() {
        CliRun run = run("precheck", "-f", POOLS);

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).contains("KubeVirt version: v1.4.1.\n",
                "A cluster upgrade: nodes drained: worker-1.\n",
                "Pools: worker (1 node, 0 blocking), worker-cnv (paused, configuration pending, 2 nodes, 1 blocking).\n",
                "Node cnv-1 (pool worker-cnv): 1 VMI, 0 blocking\n",
                "Node cnv-2 (pool worker-cnv, cordoned): 0 VMIs, 0 blocking\n",
                "Node worker-1 (pool worker): 0 VMIs, 0 blocking\n");
        assertThat(run.stdout()).doesNotContain("Migration targets");
    }

    @Test
    void judgesTheUnpauseOfAPoolAsTheWebhookWould() {
        CliRun run = run("precheck", "-f", POOLS, "--operation", "unpause=worker-cnv");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout().lines().limit(4).toList()).containsExactly(
                "Unpause of MachineConfigPool worker-cnv blocked: 1 running VMI blocks it: 1 stalls the drain.",
                "By node: cnv-1: 1",
                "Nodes drained: cnv-1, cnv-2.",
                "- vm-demo/db (VM vm-demo/db) on cnv-1: refuses eviction (LiveMigrate, not migratable): the drain of cnv-1"
                        + " waits forever");
    }

    @Test
    void judgesTheMaintenanceOfANodeAndTheUpgradesAsTheWebhookWould() {
        assertThat(run("precheck", "-f", POOLS, "--operation", "maintenance=worker-1").stdout())
                .isEqualTo("maintenance=worker-1: allowed.\n");
        assertThat(run("precheck", "-f", POOLS, "--operation", "drain=cnv-1").exitCode()).isEqualTo(1);
        assertThat(run("precheck", "-f", POOLS, "--operation", "cluster-upgrade").stdout())
                .isEqualTo("cluster-upgrade: allowed, with warnings:\n  1 running VMI on paused pool worker-cnv will block"
                        + " its unpause (they would stall the drain or be shut down for good)\n");
        assertThat(run("precheck", "-f", POOLS, "--operation", "virtualization-upgrade").stdout())
                .isEqualTo("virtualization-upgrade: allowed, with warnings:\n  1 running VMI will keep the outdated launcher"
                        + " until it restarts (cannot migrate, or Evict not listed)\n");
    }

    @Test
    void aMisspelledOperationIsAUsageError() {
        assertThat(run("precheck", "-f", POOLS, "--operation", "upgrade")).isEqualTo(new CliRun(2, "",
                "hco-guard: --operation must be one of " + OperationOption.SPELLINGS + ", got \"upgrade\"\n" + Precheck.USAGE));
        assertThat(run("precheck", "-f", POOLS, "--operation", "unpause=")).isEqualTo(new CliRun(2, "",
                "hco-guard: --operation unpause needs a name: unpause=POOL\n" + Precheck.USAGE));
    }

    // --- usage --------------------------------------------------------------------------------

    @Test
    void usageErrorsCannotBeToldAndShowTheCommandsUsage() {
        assertThat(run("precheck", "--output", "yaml"))
                .isEqualTo(new CliRun(2, "", "hco-guard: --output must be text or json, got \"yaml\"\n" + Precheck.USAGE));
        assertThat(run("precheck", "--verbose"))
                .isEqualTo(new CliRun(2, "", "hco-guard: unknown option --verbose\n" + Precheck.USAGE));
        assertThat(run("precheck", "-f"))
                .isEqualTo(new CliRun(2, "", "hco-guard: option -f needs a value\n" + Precheck.USAGE));
        assertThat(run("precheck", "-f", BLOCKED, "--context", "prod")).isEqualTo(new CliRun(2, "",
                "hco-guard: -f reads no cluster: --kubeconfig and --context do not go with it\n" + Precheck.USAGE));
        assertThat(run("check", "hco.yaml"))
                .isEqualTo(new CliRun(2, "", "hco-guard: unexpected argument \"hco.yaml\"\n" + Check.USAGE));
        assertThat(run("check")).isEqualTo(new CliRun(2, "", "hco-guard: check needs -f FILE\n" + Check.USAGE));
        assertThat(run("upgrade"))
                .isEqualTo(new CliRun(2, "", "hco-guard: unknown command \"upgrade\"\n" + HcoGuardCli.USAGE));
    }

    @Test
    void helpIsPrintedOnStdoutAndSucceeds() {
        assertThat(run()).isEqualTo(new CliRun(0, HcoGuardCli.USAGE, ""));
        assertThat(run("--help")).isEqualTo(new CliRun(0, HcoGuardCli.USAGE, ""));
        assertThat(run("help", "precheck")).isEqualTo(new CliRun(0, Precheck.USAGE, ""));
        assertThat(run("help", "check")).isEqualTo(new CliRun(0, Check.USAGE, ""));
    }

    @Test
    void anUnexpectedFailureCannotBeToldAndLeavesItsTraceOnStderr() {
        InputStream broken = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("standard input went away");
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        Verdict verdict = HcoGuardCli.run(List.of("check", "-f", "-"), broken, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, CLOCK);

        assertThat(verdict.exitCode()).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("""
                hco-guard: could not tell: internal error (java.lang.IllegalStateException: standard input went away); \
                please report it with the trace below
                java.lang.IllegalStateException: standard input went away
                \tat io.hcoguard.cli.HcoGuardCliTest$""");
    }

    // --- check -f ------------------------------------------------------------------------------

    @Test
    void liveMigrateWithEvictWhileMigrationIsOffIsAdmittedWithTheWebhooksWarning() throws IOException {
        String file = Files.writeString(dir.resolve("hco.yaml"), """
                apiVersion: hco.kubevirt.io/v1
                kind: HyperConverged
                metadata: {name: kubevirt-hyperconverged, namespace: openshift-cnv}
                spec:
                  virtualization:
                    liveMigrationConfig: {parallelMigrationsPerCluster: 0}
                    workloadUpdateStrategy: {workloadUpdateMethods: [LiveMigrate, Evict], batchEvictionSize: 10,
                      batchEvictionInterval: 1m0s}
                """).toString();

        assertThat(run("check", "-f", file)).isEqualTo(new CliRun(0,
                "HyperConverged openshift-cnv/kubevirt-hyperconverged (hco.kubevirt.io/v1, " + file + "): admitted unchanged\n"
                        + "Warning: \"LiveMigrate\" with \"Evict\" while live migration is off: VMIs that could migrate are never"
                        + " updated\n", ""));
    }

    @Test
    void aMisspeltMethodIsDeniedWithTheWebhooksMessage() {
        String file = resource("check/hco-typo.yaml");

        assertThat(run("check", "-f", file)).isEqualTo(new CliRun(1,
                "HyperConverged openshift-cnv/kubevirt-hyperconverged (hco.kubevirt.io/v1beta1, " + file + "): denied: "
                        + "spec.workloadUpdateStrategy.workloadUpdateMethods[0]: must be one of \"LiveMigrate\", \"Evict\", "
                        + "got \"livemigrate\", did you mean \"LiveMigrate\"?\n", ""));
    }

    @Test
    void whatTheMutatingWebhookChangesIsPrintedWithThePatchedObject() {
        String file = resource("check/hco-canonicalised.yaml");

        assertThat(run("check", "-f", file)).isEqualTo(new CliRun(0, """
                HyperConverged openshift-cnv/kubevirt-hyperconverged (hco.kubevirt.io/v1, %s): admitted with 3 changes by the mutating webhook
                  remove /spec/virtualization/workloadUpdateStrategy/workloadUpdateMethods/2
                  replace /spec/virtualization/workloadUpdateStrategy/batchEvictionInterval "1m30s"
                  add /spec/virtualization/workloadUpdateStrategy/batchEvictionSize 10
                ---
                apiVersion: hco.kubevirt.io/v1
                kind: HyperConverged
                metadata:
                  name: kubevirt-hyperconverged
                  namespace: openshift-cnv
                spec:
                  virtualization:
                    workloadUpdateStrategy:
                      workloadUpdateMethods:
                      - LiveMigrate
                      - Evict
                      batchEvictionInterval: 1m30s
                      batchEvictionSize: 10
                """.formatted(file), ""));
    }

    @Test
    void severalFilesAreJudgedTogetherAndOneDenialBlocks() throws IOException {
        String valid = resource("check/hco-valid.json");
        String typo = resource("check/hco-typo.yaml");

        CliRun run = run("check", "-f", valid, "-f", typo, "-o", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode results = JSON.readTree(run.stdout());
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isEqualTo(JSON.readTree("""
                {"file": "%s", "apiVersion": "hco.kubevirt.io/v1beta1", "namespace": "openshift-cnv",
                 "name": "kubevirt-hyperconverged", "allowed": true, "message": null, "warnings": [], "patch": null,
                 "patched": {"apiVersion": "hco.kubevirt.io/v1beta1", "kind": "HyperConverged",
                             "metadata": {"name": "kubevirt-hyperconverged", "namespace": "openshift-cnv"},
                             "spec": {"workloadUpdateStrategy": {"workloadUpdateMethods": ["LiveMigrate"]}}}}
                """.formatted(valid)));
        assertThat(results.get(1).path("allowed").asBoolean()).isFalse();
        assertThat(results.get(1).path("message").asText()).startsWith("spec.workloadUpdateStrategy.workloadUpdateMethods[0]: ");
        assertThat(results.get(1).path("patched").isNull()).isTrue();
    }

    @Test
    void aValidHyperConvergedIsAdmittedUnchanged() {
        String file = resource("check/hco-valid.json");

        assertThat(run("check", "-f", file)).isEqualTo(new CliRun(0,
                "HyperConverged openshift-cnv/kubevirt-hyperconverged (hco.kubevirt.io/v1beta1, " + file + "): admitted unchanged\n",
                ""));
    }

    @Test
    void filesWithoutAHyperConvergedCannotBeTold() throws IOException {
        String namespace = Files.writeString(dir.resolve("ns.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: vms}\n")
                .toString();
        assertThat(run("check", "-f", namespace)).isEqualTo(new CliRun(2, "",
                "hco-guard: could not tell: no HyperConverged (hco.kubevirt.io) in " + namespace + "\n"));
        String missing = dir.resolve("hco.yaml").toString();
        assertThat(run("check", "-f", missing)).isEqualTo(new CliRun(2, "",
                "hco-guard: could not tell: cannot read " + missing + ": no such file\n"));
    }

    // ---------------------------------------------------------------------------------------------

    private CliRun run(String... args) {
        return CliRun.of(environment, "", args);
    }

    private CliRun withStdin(String stdin, String... args) {
        return CliRun.of(environment, stdin, args);
    }

    /** The report GET /upgrade-readiness renders for a view of these objects. */
    private static ReadinessReport webhookReport(String file) {
        ClusterListing.Result result = ClusterListing.fromFiles(List.of(Path.of(file)), DefaultConfig.migratabilityPolicy(), CLOCK);
        return ReadinessReport.of(((ClusterListing.Listed) result).snapshot(), GatePolicy.defaults());
    }

    static String resource(String name) {
        try {
            return Path.of(HcoGuardCliTest.class.getResource("/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
