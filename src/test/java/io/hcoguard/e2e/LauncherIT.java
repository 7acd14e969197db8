package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.cli.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * bin/hco-guard and the kubectl plugin, run as a user runs them on the packaged application
 * (target/quarkus-app, after `package`): the CLI starts from the fast-jar's libraries without
 * Quarkus, prints nothing but its verdict and its lines, and exits 0/1/2. Live against a real API
 * server, and through kubectl's plugin mechanism.
 */
class LauncherIT {

    private static final Path BIN = ControlPlane.PROJECT.resolve("bin");
    private static final String BLOCKED = ControlPlane.PROJECT.resolve("src/test/resources/precheck/blocked-cluster.json").toString();
    private static final String NS = "launcher";

    @BeforeAll
    static void blockedCluster() {
        new ControlPlane().start();
        Workloads workloads = new Workloads(ControlPlane.admin());
        workloads.namespace(NS);
        workloads.hostpathPvc(NS, "db-root");
        workloads.runningVm(NS, "db", "Always", "LiveMigrate", "db-root");
    }

    @AfterAll
    static void removeTheBlocker() {
        new Workloads(ControlPlane.admin()).clear(NS);
    }

    record Run(int exitCode, String stdout, String stderr) {
    }

    @Test
    void prechecksASavedListAndPrintsOnlyTheReportAndOneLine() throws Exception {
        Run run = run(Map.of(), BIN.resolve("hco-guard").toString(), "precheck", "-f", BLOCKED);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        assertThat(withoutTime(run.stdout())).isEqualTo(withoutTime(CliRun.of("precheck", "-f", BLOCKED).stdout()));
        assertThat(run.stderr()).isEqualTo(CliRun.blockedClusterRead(BLOCKED));
    }

    @Test
    void prechecksTheLiveClusterThroughTheKubectlPlugin() throws Exception {
        // kubectl finds kubectl-hco_guard on the PATH and runs it for `kubectl hco-guard`.
        Map<String, String> path = Map.of("PATH", BIN + ":" + System.getenv("PATH"));
        Run plugins = run(path, ControlPlane.kubectl().toString(), "plugin", "list");
        Run run = run(path, ControlPlane.kubectl().toString(), "hco-guard", "precheck", "--kubeconfig",
                ControlPlane.kubeconfig().toString());

        assertThat(plugins.stdout()).contains(BIN.resolve("kubectl-hco_guard").toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("Not ready: a cluster upgrade is blocked by 1 running VMI (would stall a drain or"
                        + " be shut down for good).\n")
                .contains("  ! launcher/db (VM launcher/db): drain STALLS_DRAIN, update STAYS_OUTDATED\n"
                        + "      drain: refuses eviction (LiveMigrate, not migratable): the drain of worker-1 waits forever\n");
        assertThat(run.stderr()).isEqualTo("hco-guard: read 1 virtualmachineinstances.kubevirt.io, 1 virtualmachines.kubevirt.io, "
                + "0 kubevirts.kubevirt.io, 0 hyperconvergeds.hco.kubevirt.io, 1 persistentvolumeclaims, "
                + "1 storageclasses.storage.k8s.io, 0 nodes, 0 persistentvolumes, "
                + "0 machineconfigpools.machineconfiguration.openshift.io, 0 infrastructures.config.openshift.io, "
                + "0 nodemaintenances.nodemaintenance.medik8s.io from " + ControlPlane.admin().getMasterUrl() + "\n");
    }

    @Test
    void checksAManifestOffline() throws Exception {
        String hco = ControlPlane.PROJECT.resolve("src/test/resources/check/hco-typo.yaml").toString();

        Run run = run(Map.of(), BIN.resolve("hco-guard").toString(), "check", "-f", hco);

        assertThat(run).isEqualTo(new Run(1, "HyperConverged openshift-cnv/kubevirt-hyperconverged (hco.kubevirt.io/v1beta1, "
                + hco + "): denied: spec.workloadUpdateStrategy.workloadUpdateMethods[0]: must be one of \"LiveMigrate\", "
                + "\"Evict\", got \"livemigrate\", did you mean \"LiveMigrate\"?\n", ""));
    }

    @Test
    void withoutABuildTheLauncherCannotTell() throws Exception {
        Path nowhere = ControlPlane.PROJECT.resolve("target/no-such-app");

        Run run = run(Map.of("HCO_GUARD_APP", nowhere.toString()), BIN.resolve("hco-guard").toString(), "precheck");

        assertThat(run).isEqualTo(new Run(2, "", "hco-guard: could not tell: no build at " + nowhere
                + ": run ./mvnw package -DskipTests in " + ControlPlane.PROJECT + " first\n"));
    }

    // ---------------------------------------------------------------------------------------------

    /** The report line with the listing's time differs between runs; everything else must not. */
    private static String withoutTime(String report) {
        return report.replaceAll("(?m)^(Running VMIs: \\d+), as of .*$", "$1");
    }

    private static Run run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        Commands.Result result = Commands.run(ControlPlane.PROJECT, environment, List.of(command), 1);
        return new Run(result.exitCode(), result.stdout(), result.stderr());
    }
}
