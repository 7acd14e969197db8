package io.hcoguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hcoguard.config.EnvironmentConfig;
import io.hcoguard.config.GuardConfig;
import io.hcoguard.inventory.ClusterListing;
import io.hcoguard.inventory.ClusterListing.Failed;
import io.hcoguard.inventory.ClusterListing.Failure;
import io.hcoguard.inventory.ClusterListing.Listed;
import io.hcoguard.inventory.ClusterListing.Result;
import io.hcoguard.inventory.SavedFile;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.progress.DrainTimeline;
import io.hcoguard.progress.DrainsInProgress;
import io.hcoguard.progress.StatusKind;
import io.hcoguard.progress.UpdateObjects;
import io.hcoguard.progress.UpgradeStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hco-guard status}: an update in progress on one screen, read once (nothing written) from
 * the cluster with the user's kubeconfig, or from a saved dump as {@code precheck -f} reads one.
 * The drains, the VMIs they wait on and the verdicts are the webhook's own code
 * ({@link UpgradeStatus}); the CSVs, the ClusterVersion and the migrations are read here, once
 * per look. {@code --watch} looks again every interval until nothing is left to update.
 */
final class Status {

    static final String USAGE = """
            Usage: hco-guard status [-f FILE]... [--watch] [--interval SECONDS] [--output text|json]
                                    [--kubeconfig FILE] [--context NAME]

            An update in progress on one screen (read only): the OKD Virtualization ClusterServiceVersions
            and the HyperConverged conditions, the ClusterVersion, the MachineConfigPools, each node being
            drained with the VMIs it waits on (and the fix for those that will not leave), the outdated VMIs
            with their workload-update outcome, the migrations in flight.
              -f, --filename FILE   judge a saved `kubectl get ... -o json|yaml` dump instead (- for stdin)
              -w, --watch           look again every interval, with a progress line, until nothing updates
              --interval SECONDS    between looks with --watch (default 10)
              -o, --output FORMAT   text (default) or json
              --kubeconfig FILE     default: $KUBECONFIG, ~/.kube/config, or the pod's service account
              --context NAME        a context of the kubeconfig other than its current one
            Exit status: 0 done or healthy, 1 stuck (a drain waits on a VMI that will not leave, or OLM
            holds a ClusterServiceVersion), 2 could not tell (the reason is on stderr).
            """;

    /** How {@code --watch} waits between looks; tests change the world instead of waiting. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

    private static final Set<String> NAMES = Set.of("--filename", "--output", "--kubeconfig", "--context", "--interval");
    private static final Map<String, String> SHORT = Map.of("-f", "--filename", "-o", "--output");
    private static final Set<String> WATCH = Set.of("--watch", "-w");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Console console;
    private final Clock clock;
    private final Pause pause;
    /** Since when each node is seen draining, across the looks of one run. */
    private final DrainTimeline timeline = new DrainTimeline();
    /** What a dump held is noted once, not at every look. */
    private boolean noted;

    Status(Console console, Clock clock, Pause pause) {
        this.console = console;
        this.clock = clock;
        this.pause = pause;
    }

    /** One look: what was read, or why nothing could be. */
    private sealed interface Look permits Seen, Unknown {
    }

    private record Seen(UpgradeStatus status) implements Look {
    }

    private record Unknown(String failure, String reason) implements Look {
    }

    Verdict run(List<String> args) throws Options.UsageError {
        boolean watch = args.stream().anyMatch(WATCH::contains);
        Options options = Options.parse(args.stream().filter(arg -> !WATCH.contains(arg)).toList(), NAMES, SHORT);
        Options.Output output = options.output();
        List<String> files = options.all("--filename");
        if (!files.isEmpty() && (options.last("--kubeconfig").isPresent() || options.last("--context").isPresent())) {
            throw new Options.UsageError("-f reads no cluster: --kubeconfig and --context do not go with it");
        }
        if (watch && files.equals(List.of("-"))) {
            throw new Options.UsageError("--watch reads its input again at every look: not from standard input");
        }
        Duration interval = interval(options);
        byte[] stdin = files.equals(List.of("-")) ? readStdin() : null;
        while (true) {
            Look look = look(options, files, stdin);
            print(look, output, watch ? interval : null);
            if (!watch || look instanceof Seen seen && seen.status().idle()) {
                return verdict(look);
            }
            try {
                pause.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return verdict(look);
            }
        }
    }

    private static Duration interval(Options options) throws Options.UsageError {
        String text = options.last("--interval").orElse("10");
        try {
            long seconds = Long.parseLong(text);
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Options.UsageError("--interval must be a whole number of seconds, 1 or more, got \"" + text + "\"");
    }

    private static Verdict verdict(Look look) {
        if (look instanceof Seen seen) {
            return seen.status().stuck() ? Verdict.BLOCKED : Verdict.READY;
        }
        return Verdict.COULD_NOT_TELL;
    }

    private Look look(Options options, List<String> files, byte[] stdin) {
        MigratabilityPolicy policy;
        List<String> csvPrefixes;
        try {
            GuardConfig config = EnvironmentConfig.read(console.environment());
            policy = EnvironmentConfig.policy(config.migratability());
            csvPrefixes = config.upgrade().csvPrefixes();
        } catch (IllegalArgumentException e) {
            return new Unknown("CONFIGURATION", e.getMessage());
        }
        List<JsonNode> extras = new ArrayList<>();
        Set<StatusKind> notServed = EnumSet.noneOf(StatusKind.class);
        Result result = files.isEmpty()
                ? fromCluster(options, policy, extras, notServed)
                : fromFiles(files, stdin, policy, extras, notServed);
        if (result instanceof Failed failed) {
            return new Unknown(failed.failure().name(), failed.reason());
        }
        VerdictSnapshot snapshot = ((Listed) result).snapshot();
        Instant now = clock.instant();
        Map<String, Instant> since = timeline.observe(DrainsInProgress.of(snapshot), now);
        return new Seen(UpgradeStatus.of(snapshot, UpdateObjects.of(extras, csvPrefixes, notServed), since::get, now));
    }

    /** A dump holds what the admin saved: a kind it has no object of counts as not served. */
    private Result fromFiles(List<String> files, byte[] stdin, MigratabilityPolicy policy, List<JsonNode> extras,
            Set<StatusKind> notServed) {
        Result result;
        try {
            if (stdin != null) {
                result = ClusterListing.fromStream("standard input", new ByteArrayInputStream(stdin), policy, clock);
                SavedFile.read("standard input", new ByteArrayInputStream(stdin), node -> keep(node, extras));
            } else {
                result = ClusterListing.fromFiles(files.stream().map(Path::of).toList(), policy, clock);
                for (String file : files) {
                    SavedFile.read(Path.of(file), node -> keep(node, extras));
                }
            }
        } catch (SavedFile.Unreadable e) {
            return new Failed(Failure.UNREADABLE, e.getMessage());
        }
        for (StatusKind kind : StatusKind.values()) {
            if (extras.stream().noneMatch(node -> StatusKind.of(node).orElse(null) == kind)) {
                notServed.add(kind);
            }
        }
        if (result instanceof Listed listed && !noted) {
            console.note("read " + listed.describe() + " from " + String.join(", ", files));
            noted = true;
        }
        return result;
    }

    private static void keep(JsonNode node, List<JsonNode> extras) {
        if (StatusKind.of(node).isPresent()) {
            extras.add(node);
        }
    }

    private Result fromCluster(Options options, MigratabilityPolicy policy, List<JsonNode> extras, Set<StatusKind> notServed) {
        Config config;
        try {
            config = new Precheck(console, clock).clientConfig(options.last("--kubeconfig"), options.last("--context").orElse(null));
        } catch (KubernetesClientException | UncheckedIOException | IllegalArgumentException e) {
            return new Failed(Failure.NO_ACCESS, e.getMessage());
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            Result result = ClusterListing.fromCluster(client, policy, clock, progress -> { });
            if (result instanceof Failed) {
                return result;
            }
            for (StatusKind kind : StatusKind.values()) {
                try {
                    var resources = client.genericKubernetesResources(kind.context());
                    List<GenericKubernetesResource> items = kind.context().isNamespaceScoped()
                            ? resources.inAnyNamespace().list().getItems() : resources.list().getItems();
                    items.forEach(item -> extras.add(JSON.valueToTree(item)));
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 404) {
                        notServed.add(kind); // no OLM, not OpenShift: that part of the screen says so
                    } else {
                        return new Failed(e.getCode() == 401 || e.getCode() == 403 ? Failure.NO_ACCESS : Failure.API_ERROR,
                                "cannot list " + kind.resource() + " at " + client.getMasterUrl() + ": " + firstLine(e.getMessage()));
                    }
                }
            }
            return result;
        }
    }

    /** @param interval with --watch: the pause before the next look; null for one look */
    private void print(Look look, Options.Output output, Duration interval) {
        if (look instanceof Seen seen) {
            UpgradeStatus status = seen.status();
            console.out().print(output == Options.Output.JSON ? json(status) + "\n" : status.toText());
            if (interval != null && output == Options.Output.TEXT) {
                console.out().println("--- " + status.progressLine() + (status.idle() ? "; done"
                        : "; next look in " + interval.toSeconds() + "s (Ctrl-C to stop)"));
            }
        } else {
            Unknown unknown = (Unknown) look;
            if (output == Options.Output.JSON) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("state", "UNKNOWN");
                body.put("failure", unknown.failure());
                body.put("reason", unknown.reason());
                console.out().println(json(body));
            }
            console.note("could not tell: " + unknown.reason());
        }
        console.out().flush();
    }

    private byte[] readStdin() {
        try {
            return console.in().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
