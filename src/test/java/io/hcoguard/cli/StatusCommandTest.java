package io.hcoguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hcoguard.inventory.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hco-guard status} on saved dumps of an update: the exact screen, the exit status, --watch. */
class StatusCommandTest {

    private static final String HALF_DONE = resource("status/update-half-done.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IDLE = """
            No update in progress: every OKD Virtualization operator Succeeded, every node runs its pool's configuration,\
             no VMI waits for the workload update.
            As of 2025-11-03T10:00:00Z.
            """;

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();

    @Test
    void aDumpOfAnUpdateHalfDoneShowsItOnOneScreenAndIsStuckOnTheVmiTheDrainWaitsOn() {
        CliRun run = run("status", "-f", HALF_DONE);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo("""
                Stuck: the drain of worker-2 waits on 1 VMI that will not leave (vm-demo/rhel9-db).
                In progress: OKD Virtualization 4.17.2 Replacing, 4.17.3 Installing; HyperConverged kubevirt-hyperconverged\
                 Progressing; pool worker 1 of 3 nodes updated; 1 node draining; 2 VMIs to be moved to the new launcher;\
                 1 migration in flight.
                As of 2025-11-03T10:00:00Z.

                OKD Virtualization operators (ClusterServiceVersions):
                  openshift-cnv/kubevirt-hyperconverged-operator.v4.17.2  4.17.2  Replacing (BeingReplaced: being replaced by\
                 csv: kubevirt-hyperconverged-operator.v4.17.3)
                  openshift-cnv/kubevirt-hyperconverged-operator.v4.17.3  4.17.3  Installing (InstallWaiting: installing:\
                 waiting for deployment virt-operator to become ready: deployment "virt-operator" not available: Deployment\
                 does not have minimum availability.)

                HyperConverged openshift-cnv/kubevirt-hyperconverged:
                  ReconcileComplete  True   ReconcileCompleted: Reconcile completed successfully
                  Available          True   ReconcileCompleted: Reconcile completed successfully
                  Progressing        True   HCOUpgrading: HCO is now upgrading to version 4.17.3
                  Degraded           False  ReconcileCompleted: Reconcile completed successfully
                  Upgradeable        False  HCOUpgrading: HCO is now upgrading to version 4.17.3

                Cluster version: 4.17.10, no update in progress.

                Machine config pools:
                  master  1 node: 1 updated
                  worker  3 nodes: 1 updated, 1 draining, 1 waiting; rolling out rendered-worker-new

                Nodes being drained or not updated yet:
                  worker-2  draining since 2025-11-03T10:00:00Z (first seen by hco-guard), by the machine-config operator\
                 (drain-rendered-worker-new); waits on 1 VMI that will not leave: vm-demo/rhel9-db
                    - vm-demo/fedora-web: migrating to worker-1
                    ! vm-demo/rhel9-db: will not leave
                      it refuses eviction (LiveMigrate, not migratable): the drain of worker-2 waits forever
                      Make VM vm-demo/rhel9-db migratable, or set evictionStrategy LiveMigrateIfPossible with runStrategy\
                 Always, then restart it so the running VMI picks them up:
                        kubectl patch vm rhel9-db -n vm-demo --type=merge -p '{"spec":{"running":null,"runStrategy":"Always",\
                "template":{"spec":{"evictionStrategy":"LiveMigrateIfPossible"}}}}'
                        virtctl restart rhel9-db -n vm-demo
                  worker-3  waiting

                Outdated VMIs (label kubevirt.io/outdatedLauncherImage): 3
                  vm-demo/centos-app on worker-1: UPDATED_BY_MIGRATION, is migrated to the new launcher
                  vm-demo/fedora-web on worker-2: UPDATED_BY_MIGRATION, is migrated to the new launcher
                  vm-demo/rhel9-db on worker-2: STAYS_OUTDATED, keeps the outdated launcher: it cannot migrate\
                 (LiveMigratable=False (DisksNotLiveMigratable), PVC rhel9-db-root on hostpath storage) and Evict is not listed

                Migrations in flight: 1
                  vm-demo/kubevirt-evacuation-7xk2p: VMI vm-demo/fedora-web, Running
                """);
        assertThat(run.stderr()).isEqualTo("hco-guard: read 4 virtualmachineinstances.kubevirt.io, 4 virtualmachines.kubevirt.io,"
                + " 1 kubevirts.kubevirt.io, 1 hyperconvergeds.hco.kubevirt.io, 4 persistentvolumeclaims,"
                + " 2 storageclasses.storage.k8s.io, 4 nodes, 0 persistentvolumes,"
                + " 2 machineconfigpools.machineconfiguration.openshift.io, no infrastructures.config.openshift.io (optional),"
                + " no nodemaintenances.nodemaintenance.medik8s.io (optional) from " + HALF_DONE + "\n");
    }

    @Test
    void jsonCarriesTheSameLookForTools() throws IOException {
        CliRun run = run("status", "-f", HALF_DONE, "-o", "json");

        JsonNode status = JSON.readTree(run.stdout());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(status.path("state").asText()).isEqualTo("STUCK");
        assertThat(status.path("operators")).extracting(csv -> csv.path("name").asText() + " " + csv.path("phase").asText())
                .containsExactly("kubevirt-hyperconverged-operator.v4.17.2 Replacing",
                        "kubevirt-hyperconverged-operator.v4.17.3 Installing");
        assertThat(status.at("/clusterVersion")).isEqualTo(JSON.readTree("""
                {"current": "4.17.10", "target": "4.17.10", "progressing": false, "message": "Cluster version is 4.17.10"}"""));
        assertThat(status.at("/pools/1")).isEqualTo(JSON.readTree("""
                {"name": "worker", "paused": false, "target": "rendered-worker-new", "nodes": 3,
                 "byState": {"UPDATED": 1, "DRAINING": 1, "WAITING": 1}}"""));
        assertThat(status.at("/nodes/0/draining/waitsOn")).extracting(w -> w.path("vmi").asText() + " " + w.path("departure").asText())
                .containsExactly("fedora-web MIGRATING", "rhel9-db WILL_NOT_LEAVE");
        assertThat(status.at("/nodes/0/willNotLeave/0/commands/1").asText()).isEqualTo("virtctl restart rhel9-db -n vm-demo");
        assertThat(status.path("outdatedVmis")).hasSize(3);
        assertThat(status.path("migrations")).extracting(m -> m.path("name").asText()).containsExactly("kubevirt-evacuation-7xk2p");
        assertThat(status.path("notServed")).isEmpty();
    }

    @Test
    void onceTheStuckVmiIsStoppedTheUpdateMovesOnAndTheExitStatusIsZero() {
        Path dump = dir.resolve("fixed.json");
        stopped(Dump.load(HALF_DONE)).write(dump);

        CliRun run = run("status", "-f", dump.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Updating, nothing stuck.\n")
                .contains("\n  worker-2  draining since 2025-11-03T10:00:00Z (first seen by hco-guard), by the machine-config"
                        + " operator (drain-rendered-worker-new); 1 VMI still on it, none stuck\n"
                        + "    - vm-demo/fedora-web: migrating to worker-1\n  worker-3  waiting\n");
    }

    @Test
    void aCsvOlmHoldsIsStuckWithItsReason() {
        Path dump = dir.resolve("held.json");
        stopped(Dump.load(HALF_DONE))
                .set("ClusterServiceVersion", "kubevirt-hyperconverged-operator.v4.17.2", "status/phase", "Succeeded")
                .set("ClusterServiceVersion", "kubevirt-hyperconverged-operator.v4.17.3", "status/phase", "Pending")
                .set("ClusterServiceVersion", "kubevirt-hyperconverged-operator.v4.17.3", "status/reason",
                        "OperatorConditionNotUpgradeable")
                .set("ClusterServiceVersion", "kubevirt-hyperconverged-operator.v4.17.3", "status/message",
                        "operator is not upgradeable: hco-guard holds OKD Virtualization updates")
                .write(dump);

        CliRun run = run("status", "-f", dump.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).startsWith("Stuck: OLM holds kubevirt-hyperconverged-operator.v4.17.3: Pending"
                + " (OperatorConditionNotUpgradeable: operator is not upgradeable: hco-guard holds OKD Virtualization updates).\n");
    }

    @Test
    void anUpdateThatIsDoneIsIdleWithExitStatusZero() {
        Path dump = dir.resolve("done.json");
        done(stopped(Dump.load(HALF_DONE))).write(dump);

        CliRun run = run("status", "-f", dump.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith(IDLE).contains("""

                Machine config pools:
                  master  1 node: 1 updated
                  worker  3 nodes: 3 updated

                Nodes being drained or not updated yet:
                  none

                Outdated VMIs (label kubevirt.io/outdatedLauncherImage): 0

                Migrations in flight: 0
                """);
    }

    @Test
    void couldNotTellFromAnUnreadableDumpAndSaysWhy() {
        String missing = dir.resolve("nope.json").toString();

        CliRun text = run("status", "-f", missing);
        CliRun json = run("status", "-f", missing, "-o", "json");

        assertThat(text).isEqualTo(new CliRun(2, "", "hco-guard: could not tell: cannot read " + missing + ": no such file\n"));
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.stdout()).isEqualTo("""
                {
                  "state" : "UNKNOWN",
                  "failure" : "UNREADABLE",
                  "reason" : "cannot read %s: no such file"
                }
                """.formatted(missing));
    }

    @Test
    void aDumpWithoutTheOptionalKindsSaysWhatItLacks() throws IOException {
        Path dump = dir.resolve("bare.json");
        Files.writeString(dump, """
                {"apiVersion": "v1", "kind": "List", "items": [
                  {"apiVersion": "hco.kubevirt.io/v1beta1", "kind": "HyperConverged",
                   "metadata": {"namespace": "kubevirt-hyperconverged", "name": "kubevirt-hyperconverged"}, "spec": {}}]}
                """);

        CliRun run = run("status", "-f", dump.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).isEqualTo(IDLE + """

                OKD Virtualization operators (ClusterServiceVersions):
                  none to read: no OLM, or left out of the dump

                HyperConverged kubevirt-hyperconverged/kubevirt-hyperconverged:
                  no conditions reported yet

                Cluster version: none to read (not OpenShift, or left out of the dump).

                Machine config pools:
                  none: nodes are drained by whoever drains them (kubectl drain, a NodeMaintenance)

                Nodes being drained or not updated yet:
                  none

                Outdated VMIs (label kubevirt.io/outdatedLauncherImage): 0

                Migrations in flight: unknown (VirtualMachineInstanceMigrations not served, or left out of the dump)
                """);
    }

    @Test
    void watchLooksAgainAfterEachPauseWithAProgressLineUntilNothingIsLeftToUpdate() {
        Path dump = dir.resolve("cluster.json");
        Dump.load(HALF_DONE).write(dump);
        MutableClock clock = new MutableClock(CliRun.CLOCK.instant());
        List<Duration> pauses = new ArrayList<>();
        List<Runnable> world = List.of(() -> stopped(Dump.load(HALF_DONE)).write(dump),
                () -> done(stopped(Dump.load(HALF_DONE))).write(dump));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Console console = new Console(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), environment);

        Verdict verdict;
        try {
            verdict = new Status(console, clock, duration -> {
                world.get(pauses.size()).run(); // the cluster moves on while status waits
                pauses.add(duration);
                clock.advance(duration);
            }).run(List.of("-f", dump.toString(), "--watch", "--interval", "15"));
        } catch (Options.UsageError e) {
            throw new AssertionError(e);
        }

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(verdict).isEqualTo(Verdict.READY);
        assertThat(pauses).containsExactly(Duration.ofSeconds(15), Duration.ofSeconds(15));
        assertThat(printed.lines().filter(line -> line.startsWith("--- ")).toList()).containsExactly(
                "--- 2025-11-03T10:00:00Z stuck: 1 node draining, 1 more to update, 3 VMIs outdated, 1 migration in flight;"
                        + " next look in 15s (Ctrl-C to stop)",
                "--- 2025-11-03T10:00:15Z updating: 1 node draining, 1 more to update, 2 VMIs outdated, 1 migration in flight;"
                        + " next look in 15s (Ctrl-C to stop)",
                "--- 2025-11-03T10:00:30Z idle: 0 nodes draining, 0 more to update, 0 VMIs outdated, 0 migrations in flight; done");
        assertThat(printed.lines().filter(line -> line.startsWith("  worker-2  draining since")).toList()).hasSize(2)
                .allMatch(line -> line.startsWith("  worker-2  draining since 2025-11-03T10:00:00Z (first seen by hco-guard)"));
    }

    @Test
    void watchNeedsInputItCanReadAgainAndAnIntervalOfWholeSeconds() {
        CliRun stdin = CliRun.of(environment, "{}", "status", "-f", "-", "--watch");
        CliRun interval = run("status", "-f", HALF_DONE, "-w", "--interval", "0.5");

        assertThat(stdin.exitCode()).isEqualTo(2);
        assertThat(stdin.stderr()).startsWith("hco-guard: --watch reads its input again at every look: not from standard input\n"
                + "Usage: hco-guard status ");
        assertThat(interval.exitCode()).isEqualTo(2);
        assertThat(interval.stderr()).startsWith("hco-guard: --interval must be a whole number of seconds, 1 or more, got \"0.5\"\n");
    }

    @Test
    void readsTheDumpFromStandardInputForADash() throws IOException {
        CliRun run = CliRun.of(environment, Files.readString(Path.of(HALF_DONE)), "status", "-f", "-");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEqualTo(run("status", "-f", HALF_DONE).stdout());
        assertThat(run.stderr()).endsWith(" from -\n");
    }

    // ---------------------------------------------------------------------------------------------

    /** The admin stopped VM rhel9-db: its VMI is gone, nothing on worker-2 refuses to leave. */
    private static Dump stopped(Dump dump) {
        return dump.remove("VirtualMachineInstance", "rhel9-db").set("VirtualMachine", "rhel9-db", "spec/runStrategy", "Halted");
    }

    /** Everything moved on: the new CSV Succeeded, HCO done, worker-2 and worker-3 updated, the VMIs on the new launcher. */
    private static Dump done(Dump dump) {
        dump.remove("ClusterServiceVersion", "kubevirt-hyperconverged-operator.v4.17.2")
                .set("ClusterServiceVersion", "kubevirt-hyperconverged-operator.v4.17.3", "status/phase", "Succeeded")
                .edit("HyperConverged", "kubevirt-hyperconverged", hco -> hco.withArray("/status/conditions").forEach(condition -> {
                    if (condition.path("type").asText().equals("Progressing")) {
                        ((ObjectNode) condition).put("status", "False").put("reason", "ReconcileCompleted");
                    }
                }))
                .set("MachineConfigPool", "worker", "status/configuration/name", "rendered-worker-new")
                .set("VirtualMachineInstanceMigration", "kubevirt-evacuation-7xk2p", "status/phase", "Succeeded")
                .edit("Node", "worker-2", node -> ((ObjectNode) node.get("spec")).removeAll());
        for (String node : List.of("worker-2", "worker-3")) {
            dump.edit("Node", node, object -> ((ObjectNode) object.at("/metadata/annotations"))
                    .put("machineconfiguration.openshift.io/currentConfig", "rendered-worker-new")
                    .put("machineconfiguration.openshift.io/desiredConfig", "rendered-worker-new")
                    .put("machineconfiguration.openshift.io/desiredDrain", "uncordon-rendered-worker-new")
                    .put("machineconfiguration.openshift.io/lastAppliedDrain", "uncordon-rendered-worker-new"));
        }
        for (String vmi : List.of("fedora-web", "centos-app")) {
            dump.edit("VirtualMachineInstance", vmi, object -> {
                ((ObjectNode) object.get("metadata")).remove("labels");
                ObjectNode status = (ObjectNode) object.get("status");
                status.remove(List.of("evacuationNodeName", "migrationState"));
                status.put("nodeName", "worker-1");
            });
        }
        return dump;
    }

    private CliRun run(String... args) {
        return CliRun.of(environment, "", args);
    }

    static String resource(String name) {
        try {
            return Path.of(StatusCommandTest.class.getClassLoader().getResource(name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
