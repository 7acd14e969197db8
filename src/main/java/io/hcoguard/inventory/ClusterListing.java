package io.hcoguard.inventory;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.hcoguard.migratability.MigratabilityPolicy;
import io.hcoguard.migratability.VerdictSnapshot;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A one-off read of everything the cluster view watches, into a fresh {@link ClusterIndex}: from
 * the API server (list only, paged like the watches' lists, nothing written), or from saved
 * {@code kubectl get ... -o json|yaml} output. For {@code hco-guard precheck}, and for comparing
 * the watched view with a fresh list after a fault. Either the index with what was read, or a
 * failure with a one-line reason: a partial cluster must never pass for a complete one.
 */
public final class ClusterListing {

    /**
     * Storage and the cluster CRs first, then VMs, VMIs last: each VMI is then judged once, with its
     * storage, its VM and the cluster default already in the index (a KubeVirt CR arriving after the
     * VMIs would re-judge them all).
     */
    static final List<WatchedKind> LIST_ORDER = Arrays.stream(WatchedKind.values())
            .sorted(Comparator.comparingInt(ClusterListing::listRank))
            .toList();

    /** Objects per page of a live listing: the page size of the watches' lists ({@link ListWatch}). */
    public static final long PAGE = ClusterWatches.LIST_PAGE;

    private ClusterListing() {
    }

    /** What a listing gives: everything read, or why it could not be. */
    public sealed interface Result permits Listed, Failed {
    }

    /**
     * Every watched kind was read in full.
     *
     * @param read objects per watched kind, every kind present
     * @param ignored objects of other kinds (only a saved list has them), by "Kind apiVersion"
     */
    public record Listed(ClusterIndex index, Map<WatchedKind, Integer> read, Map<String, Integer> ignored,
            Set<WatchedKind> absent) implements Result {

        public Listed {
            read = Map.copyOf(read);
            ignored = Map.copyOf(ignored);
            absent = absent.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(absent));
        }

        /** The verdicts, as the webhook would judge them with a synced view of these objects. */
        public VerdictSnapshot snapshot() {
            return index.verdicts(true);
        }

        public int ignoredCount() {
            return ignored.values().stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * "12 virtualmachineinstances.kubevirt.io, ..., 3 nodes, no machineconfigpools.machineconfiguration.openshift.io
         * (optional)": an optional kind the cluster does not serve, or the saved list does not hold.
         */
        public String describe() {
            return Arrays.stream(WatchedKind.values())
                    .map(kind -> absent.contains(kind) ? "no " + kind.resource() + " (optional)"
                            : read.getOrDefault(kind, 0) + " " + kind.resource())
                    .collect(Collectors.joining(", "));
        }
    }

    /** Why nothing can be told: the index would be incomplete. */
    public enum Failure {
        /** A custom kind's CRD is not served: not a KubeVirt / OKD Virtualization cluster, or not all of it. */
        CRD_MISSING,
        /** The credentials were refused (401) or may not list a kind cluster-wide (403). */
        NO_ACCESS,
        /** No answer from the API server (connection refused, DNS, TLS, timeout). */
        UNREACHABLE,
        /** Any other error answer of the API server. */
        API_ERROR,
        /** A saved list that cannot be read or parsed. */
        UNREADABLE
    }

    /** @param reason one line, saying what could not be read and why */
    public record Failed(Failure failure, String reason) implements Result {
    }

    /**
     * Progress of a live listing, after each page.
     *
     * @param read objects of the kind read so far
     * @param done the kind is read in full
     */
    public record Progress(WatchedKind kind, int read, boolean done) {

        /** "listing virtualmachineinstances.kubevirt.io: 1500 so far" / "listed 10000 virtualmachineinstances.kubevirt.io". */
        public String describe() {
            return done ? "listed " + read + " " + kind.resource() : "listing " + kind.resource() + ": " + read + " so far";
        }
    }

    // --- from the API server -----------------------------------------------------------------

    /**
     * Lists every watched kind in all namespaces with the client's credentials. First asks API
     * discovery which custom kinds are served, so that every missing CRD is named at once and
     * nothing large is listed in vain.
     */
    public static Result fromCluster(KubernetesClient client, MigratabilityPolicy policy, Clock clock,
            Consumer<Progress> progress) {
        String server = String.valueOf(client.getMasterUrl());
        List<WatchedKind> notServed;
        try {
            notServed = notServed(client);
        } catch (KubernetesClientException e) {
            return failure(e, "API discovery", server);
        }
        List<WatchedKind> missing = notServed.stream().filter(kind -> !kind.optional()).toList();
        if (!missing.isEmpty()) {
            return crdsMissing(missing);
        }
        Set<WatchedKind> absent = EnumSet.noneOf(WatchedKind.class);
        absent.addAll(notServed);
        ClusterIndex index = new ClusterIndex(policy, clock);
        Map<WatchedKind, Integer> read = new EnumMap<>(WatchedKind.class);
        for (WatchedKind kind : LIST_ORDER) {
            if (absent.contains(kind)) {
                continue;
            }
            try {
                read.put(kind, listAll(client, kind, index, progress));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404 && kind.optional()) { // its CRD went away between discovery and the list
                    index.clear(kind);
                    absent.add(kind);
                    continue;
                }
                return e.getCode() == 404 && kind.custom() ? crdsMissing(List.of(kind)) : failure(e, kind.resource(), server);
            }
        }
        return new Listed(index, read, Map.of(), absent);
    }

    /** Custom kinds whose group/version does not serve them, by discovery (open to every authenticated user). */
    private static List<WatchedKind> notServed(KubernetesClient client) {
        Map<String, List<WatchedKind>> byGroupVersion = new LinkedHashMap<>();
        for (WatchedKind kind : WatchedKind.values()) {
            if (kind.custom()) {
                byGroupVersion.computeIfAbsent(kind.group() + "/" + kind.context().getVersion(), gv -> new ArrayList<>()).add(kind);
            }
        }
        List<WatchedKind> missing = new ArrayList<>();
        byGroupVersion.forEach((groupVersion, kinds) -> {
            APIResourceList resources = client.getApiResources(groupVersion); // null: 404, the group/version is not served
            Set<String> served = resources == null || resources.getResources() == null ? Set.of()
                    : resources.getResources().stream().map(APIResource::getName).collect(Collectors.toSet());
            kinds.stream().filter(kind -> !served.contains(kind.context().getPlural())).forEach(missing::add);
        });
        return missing;
    }

    /**
     * Reads one kind page by page. A continue token that expired while paging (410 Gone: etcd
     * compacted past it) restarts the kind, as client-go's pager falls back to a full list.
     */
    private static int listAll(KubernetesClient client, WatchedKind kind, InventorySink sink, Consumer<Progress> progress) {
        for (int attempt = 1;; attempt++) {
            try {
                return listPages(client, kind, sink, progress);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 410 || attempt == 3) {
                    throw e;
                }
                sink.clear(kind);
            }
        }
    }

    private static int listPages(KubernetesClient client, WatchedKind kind, InventorySink sink, Consumer<Progress> progress) {
        Listable<? extends KubernetesResourceList<? extends HasMetadata>> lister = lister(client, kind);
        String token = null;
        int count = 0;
        boolean more;
        do {
            ListOptions options = new ListOptionsBuilder().withLimit(PAGE).withContinue(token).build();
            KubernetesResourceList<? extends HasMetadata> page = lister.list(options);
            sink.batch(() -> page.getItems().forEach(item -> sink.upsert(kind, item)));
            count += page.getItems().size();
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            more = token != null && !token.isEmpty();
            progress.accept(new Progress(kind, count, !more));
        } while (more);
        return count;
    }

    private static Listable<? extends KubernetesResourceList<? extends HasMetadata>> lister(KubernetesClient client,
            WatchedKind kind) {
        Class<? extends HasMetadata> type = SavedObjects.modelType(kind);
        if (type == GenericKubernetesResource.class) {
            var resources = client.genericKubernetesResources(kind.context());
            return kind.context().isNamespaceScoped() ? resources.inAnyNamespace() : resources;
        }
        MixedOperation<? extends HasMetadata, ? extends KubernetesResourceList<? extends HasMetadata>, ?> resources =
                client.resources(type);
        return kind.context().isNamespaceScoped() ? resources.inAnyNamespace() : resources;
    }

    static Failed crdsMissing(List<WatchedKind> kinds) {
        String names = kinds.stream().map(WatchedKind::crdName).collect(Collectors.joining(", "));
        return new Failed(Failure.CRD_MISSING, (kinds.size() == 1 ? "CRD " + names + " is" : "CRDs " + names + " are")
                + " not installed: is this a cluster with KubeVirt and the HyperConverged Cluster Operator (OKD Virtualization)?");
    }

    /** The API server's answer (or its absence) as one line: what was read, and why it failed. */
    static Failed failure(KubernetesClientException e, String what, String server) {
        int code = e.getCode();
        String message = statusMessage(e);
        if (code == 401) {
            return new Failed(Failure.NO_ACCESS, "the API server at " + server + " refused the credentials (401 Unauthorized): "
                    + "log in again or check the kubeconfig");
        }
        if (code == 403) {
            return new Failed(Failure.NO_ACCESS, "no access: " + message);
        }
        if (code > 0) {
            return new Failed(Failure.API_ERROR, "the API server at " + server + " answered " + code + " to a list of " + what
                    + ": " + message);
        }
        return new Failed(Failure.UNREACHABLE, "cannot reach the API server at " + server + ": " + rootCause(e));
    }

    private static String statusMessage(KubernetesClientException e) {
        Status status = e.getStatus();
        String message = status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
        return SavedFile.firstLine(message);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return SavedFile.firstLine(message);
    }

    // --- from saved output -------------------------------------------------------------------

    /**
     * Reads saved objects from files: each a JSON List (what {@code kubectl get ... -o json} writes),
     * JSON objects one after another, or YAML documents (a List or objects). Objects of other kinds
     * are counted and skipped.
     */
    public static Result fromFiles(List<Path> files, MigratabilityPolicy policy, Clock clock) {
        ClusterIndex index = new ClusterIndex(policy, clock);
        SavedObjects objects = new SavedObjects(index);
        try {
            index.batch(() -> {
                for (Path file : files) {
                    SavedFile.read(file, objects::accept);
                }
            });
        } catch (SavedFile.Unreadable e) {
            return new Failed(Failure.UNREADABLE, e.getMessage());
        }
        return savedListing(index, objects);
    }

    /** As {@link #fromFiles}, from a stream (standard input); {@code name} names it in messages. */
    public static Result fromStream(String name, InputStream in, MigratabilityPolicy policy, Clock clock) {
        ClusterIndex index = new ClusterIndex(policy, clock);
        SavedObjects objects = new SavedObjects(index);
        try {
            index.batch(() -> SavedFile.read(name, in, objects::accept));
        } catch (SavedFile.Unreadable e) {
            return new Failed(Failure.UNREADABLE, e.getMessage());
        }
        return savedListing(index, objects);
    }

    /**
     * A saved list holds what the admin saved: an optional kind with no object in it counts as absent
     * (a cluster without MachineConfigPools, or a dump that left them out): with no pool, every node
     * counts as drained, as on a cluster without the kind.
     */
    private static Listed savedListing(ClusterIndex index, SavedObjects objects) {
        Set<WatchedKind> absent = EnumSet.noneOf(WatchedKind.class);
        objects.read().forEach((kind, count) -> {
            if (kind.optional() && count == 0) {
                absent.add(kind);
            }
        });
        return new Listed(index, objects.read(), objects.ignored(), absent);
    }

    private static int listRank(WatchedKind kind) {
        return switch (kind) {
            case VIRTUAL_MACHINE_INSTANCE -> 3;
            case VIRTUAL_MACHINE -> 2;
            default -> kind.custom() ? 1 : 0;
        };
    }
}
