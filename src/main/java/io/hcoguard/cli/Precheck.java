package io.hcoguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hcoguard.admission.Decision;
import io.hcoguard.config.EnvironmentConfig;
import io.hcoguard.config.GuardConfig;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.inventory.ClusterListing;
import io.hcoguard.inventory.ClusterListing.Failed;
import io.hcoguard.inventory.ClusterListing.Listed;
import io.hcoguard.inventory.ClusterListing.Progress;
import io.hcoguard.inventory.ClusterListing.Result;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.upgrade.GateVerdict;
import io.hcoguard.openshift.SurfaceReading;
import io.hcoguard.upgrade.ReadinessReport;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code hco-guard precheck}: the readiness report the webhook would serve, from a one-off list of
 * the cluster with the user's kubeconfig (nothing written, nothing installed), or from saved
 * {@code kubectl get -o json} output. The report and its verdict are the webhook's own code.
 */
final class Precheck {

    static final String USAGE = """
            Usage: hco-guard precheck [-f FILE]... [--operation OP] [--output text|json] [--kubeconfig FILE] [--context NAME]

            Lists VMIs, VMs, PVCs, StorageClasses, Nodes, PersistentVolumes, the KubeVirt and HyperConverged
            CRs and, where they exist, MachineConfigPools, the Infrastructure and NodeMaintenances (read only)
            and prints what would block a cluster or OKD Virtualization upgrade, with the fix per VM, and
            what hco-guard asserts on the cluster (ClusterOperator hco-guard, the OperatorCondition hold).
              -f, --filename FILE   judge saved `kubectl get ... -o json|yaml` output instead (- for stdin)
              --operation OP        judge one operation as the webhook would: cluster-upgrade,
                                    virtualization-upgrade, unpause=POOL, maintenance=NODE, drain=NODE
              -o, --output FORMAT   text (default) or json (the webhook's /upgrade-readiness report)
              --kubeconfig FILE     default: $KUBECONFIG, ~/.kube/config, or the pod's service account
              --context NAME        a context of the kubeconfig other than its current one
            Exit status: 0 ready, 1 blocked, 2 could not tell (the reason is on stderr).
            """;

    private static final Set<String> NAMES = Set.of("--filename", "--output", "--kubeconfig", "--context", "--operation");
    private static final Map<String, String> SHORT = Map.of("-f", "--filename", "-o", "--output");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Console console;
    private final Clock clock;

    Precheck(Console console, Clock clock) {
        this.console = console;
        this.clock = clock;
    }

    Verdict run(List<String> args) throws Options.UsageError {
        Options options = Options.parse(args, NAMES, SHORT);
        Options.Output output = options.output();
        List<String> files = options.all("--filename");
        if (!files.isEmpty() && (options.last("--kubeconfig").isPresent() || options.last("--context").isPresent())) {
            throw new Options.UsageError("-f reads no cluster: --kubeconfig and --context do not go with it");
        }
        MigratabilityPolicy policy;
        GatePolicy gate;
        GuardConfig config;
        try {
            config = EnvironmentConfig.read(console.environment());
            policy = EnvironmentConfig.policy(config.migratability());
            gate = GatePolicy.of(config.upgrade());
        } catch (IllegalArgumentException e) {
            return couldNotTell(output, "CONFIGURATION", e.getMessage());
        }
        Optional<String> operation = options.last("--operation");
        if (operation.isPresent()) {
            OperationOption.check(operation.get());
        }
        Read read = files.isEmpty() ? fromCluster(options, policy, config, gate) : new Read(fromFiles(files, policy), null);
        if (read.result() instanceof Failed failed) {
            return couldNotTell(output, failed.failure().name(), failed.reason());
        }
        if (operation.isPresent()) {
            return operation((Listed) read.result(), operation.get(), gate, output);
        }
        return report(ReadinessReport.of(((Listed) read.result()).snapshot(), gate).withOpenShift(read.openshift()), output);
    }

    /** What was read: the cluster's objects, and what hco-guard asserts on OpenShift's surfaces (null from files). */
    private record Read(Result result, ReadinessReport.OpenShift openshift) {
    }

    /** One operation judged as the webhook would: allowed with its warnings, or the denial's text. */
    private Verdict operation(Listed listed, String option, GatePolicy gate, Options.Output output) throws Options.UsageError {
        VerdictSnapshot snapshot = listed.snapshot();
        GateVerdict verdict = OperationOption.judge(option, snapshot, gate);
        Decision decision = verdict.decision();
        if (output == Options.Output.JSON) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("operation", option);
            body.put("allowed", decision.allowed());
            body.put("outcome", verdict.outcome().name());
            body.put("message", decision.allowed() ? null : decision.message());
            body.put("warnings", decision.warnings());
            console.out().println(json(body));
        } else if (decision.allowed()) {
            console.out().println(option + ": allowed" + (decision.warnings().isEmpty() ? "." : ", with warnings:"));
            decision.warnings().forEach(warning -> console.out().println("  " + warning));
        } else {
            console.out().println(decision.message());
        }
        return decision.allowed() ? Verdict.READY : Verdict.BLOCKED;
    }

    private Result fromFiles(List<String> files, MigratabilityPolicy policy) {
        Result result = files.equals(List.of("-"))
                ? ClusterListing.fromStream("standard input", console.in(), policy, clock)
                : ClusterListing.fromFiles(files.stream().map(Path::of).toList(), policy, clock);
        if (result instanceof Listed listed) {
            String ignored = listed.ignoredCount() == 0 ? "" : "; ignored " + listed.ignoredCount() + " objects of other kinds";
            console.note("read " + listed.describe() + " from " + String.join(", ", files) + ignored);
        }
        return result;
    }

    private Read fromCluster(Options options, MigratabilityPolicy policy, GuardConfig guard, GatePolicy gate) {
        Config config;
        try {
            config = clientConfig(options.last("--kubeconfig"), options.last("--context").orElse(null));
        } catch (KubernetesClientException | UncheckedIOException | IllegalArgumentException e) {
            return new Read(new Failed(ClusterListing.Failure.NO_ACCESS, e.getMessage()), null);
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            Result result = ClusterListing.fromCluster(client, policy, clock, this::progress);
            if (!(result instanceof Listed listed)) {
                return new Read(result, null);
            }
            console.note("read " + listed.describe() + " from " + client.getMasterUrl());
            return new Read(result, SurfaceReading.of(client, guard.openshift().clusterOperator(), guard.upgrade().holdVirtualizationUpdates(),
                    gate.subscriptionPackages()));
        }
    }

    /**
     * The user's kubeconfig as kubectl reads it. One retry, not fabric8's ten with backoff: a
     * command that cannot reach the API server should say so within seconds.
     */
    Config clientConfig(Optional<String> kubeconfig, String context) {
        Config config;
        if (kubeconfig.isPresent()) {
            File file = new File(kubeconfig.get());
            if (!file.isFile()) {
                throw new IllegalArgumentException("cannot read the kubeconfig " + file + ": no such file");
            }
            config = Config.fromKubeconfig(context, file);
        } else {
            if (!kubeconfigFound() && console.variable("KUBERNETES_SERVICE_HOST") == null) {
                throw new IllegalArgumentException("no kubeconfig: none at $KUBECONFIG or ~/.kube/config, and not in a pod; "
                        + "log in (oc login, kubectl config) or pass --kubeconfig FILE");
            }
            config = Config.autoConfigure(context);
        }
        return new ConfigBuilder(config).withRequestRetryBackoffLimit(1).withRequestRetryBackoffInterval(500).build();
    }

    private boolean kubeconfigFound() {
        String paths = console.variable("KUBECONFIG");
        if (paths != null && !paths.isBlank()) {
            return List.of(paths.split(File.pathSeparator)).stream().anyMatch(p -> Files.isRegularFile(Path.of(p)));
        }
        String home = console.variable("HOME");
        return Files.isRegularFile(Path.of(home == null ? System.getProperty("user.home") : home, ".kube", "config"));
    }

    /** Only kinds larger than one page get lines: a small cluster is listed in a blink. */
    private void progress(Progress progress) {
        if (!progress.done() || progress.read() > ClusterListing.PAGE) {
            console.note(progress.describe());
        }
    }

    private Verdict report(ReadinessReport report, Options.Output output) {
        if (output == Options.Output.JSON) {
            console.out().println(json(report));
        } else {
            console.out().print(report.toText());
        }
        return report.ready() ? Verdict.READY : Verdict.BLOCKED;
    }

    private Verdict couldNotTell(Options.Output output, String failure, String reason) {
        if (output == Options.Output.JSON) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ready", false);
            body.put("failure", failure);
            body.put("reason", reason);
            console.out().println(json(body));
        }
        console.note("could not tell: " + reason);
        return Verdict.COULD_NOT_TELL;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
