package io.hcoguard.inventory;

import static io.hcoguard.inventory.FakeApiServer.DEADLINE;
import static io.hcoguard.inventory.FakeApiServer.event;
import static io.hcoguard.inventory.FakeApiServer.gone;
import static io.hcoguard.inventory.FakeApiServer.goneEvent;
import static io.hcoguard.inventory.FakeApiServer.listPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The list-then-watch loop against a fake API server that the test plays request by request:
 * pages, watches, 410 Gone in either, a stop racing the answer, and a view that refuses objects.
 */
class ListWatchTest {

    private static final String PVCS = "/api/v1/persistentvolumeclaims";
    /** Long enough that no watch goes stale while a test looks; watches then ask for 30 s. */
    private static final StalenessBound BOUND = new StalenessBound(Duration.ofSeconds(60));

    private final FakeApiServer server = new FakeApiServer();
    private final KubernetesClient client = server.client();
    private final ExecutorService listCalls = Executors.newCachedThreadPool();
    private final WatchCounts counts = new WatchCounts();
    private final RecordingEvents<PersistentVolumeClaim> view = new RecordingEvents<>();
    private final CapturedLog log = new CapturedLog(ListWatch.class);
    private final ListWatch<PersistentVolumeClaim> watch = new ListWatch<>("PersistentVolumeClaim", PVCS,
            PersistentVolumeClaim.class, options -> client.persistentVolumeClaims().inAnyNamespace().list(options), view, BOUND,
            client, ListWatch.watchClient(client), Clock.systemUTC(), counts, listCalls);

    @AfterEach
    void stop() throws InterruptedException {
        watch.stop();
        assertThat(watch.awaitStopped(DEADLINE)).isTrue();
        listCalls.shutdownNow();
        log.close();
        client.close();
        server.close();
    }

    @Test
    void listsEveryPageThenWatchesFromTheListsResourceVersionAndResumesAfterTheServersTimeout() {
        watch.start();
        FakeApiServer.Exchange first = server.nextList(PVCS);
        assertThat(first.query()).isEqualTo(Map.of("limit", "500"));
        first.respond(200, page("9", "next-page", pvc("db", "3")));
        FakeApiServer.Exchange second = server.nextList(PVCS);
        assertThat(second.query()).isEqualTo(Map.of("limit", "500", "continue", "next-page"));
        second.respond(200, page("10", null, pvc("web", "4")));

        FakeApiServer.Exchange watching = server.nextWatch(PVCS);
        assertThat(watching.query()).isEqualTo(Map.of("watch", "true", "allowWatchBookmarks", "true", "timeoutSeconds", "30",
                "resourceVersion", "10"));
        assertThat(watch.state()).isEqualTo(WatchState.SYNCED);
        watching.open(200);
        watching.send(event("ADDED", pvc("cache", "11")), event("DELETED", pvc("db", "12")));
        watching.end();

        FakeApiServer.Exchange resumed = server.nextWatch(PVCS);
        assertThat(resumed.query()).containsEntry("resourceVersion", "12").containsEntry("timeoutSeconds", "30");
        assertThat(view.taken()).containsExactly("upsert apps/db@3", "upsert apps/web@4", "upsert apps/cache@11", "remove apps/db@12");
        assertThat(counts.reestablishedBy(WatchEnd.TIMEOUT)).isEqualTo(1);
        assertThat(watch.state()).isEqualTo(WatchState.SYNCED);
    }

    @Test
    void handsEachListPageAndEachRunOfQueuedWatchEventsOverAsOneBatch() {
        watch.start();
        server.nextList(PVCS).respond(200, page("9", "next-page", pvc("db", "3"), pvc("cache", "5")));
        server.nextList(PVCS).respond(200, page("10", null, pvc("web", "4")));
        FakeApiServer.Exchange watching = server.nextWatch(PVCS);
        watching.open(200);
        watching.send(event("ADDED", pvc("queue", "11")), event("MODIFIED", pvc("web", "12")), event("DELETED", pvc("db", "13")));

        List<String> events = List.of("upsert apps/queue@11", "upsert apps/web@12", "remove apps/db@13");
        await().atMost(DEADLINE).until(() -> view.batches().stream().mapToInt(List::size).sum() == 6);
        List<List<String>> batches = view.batches();
        assertThat(batches.subList(0, 2)).containsExactly(List.of("upsert apps/db@3", "upsert apps/cache@5"),
                List.of("upsert apps/web@4"));
        // The events arrive in one chunk, but the watch's thread may take the first before the rest are queued.
        assertThat(batches.subList(2, batches.size())).allSatisfy(batch -> assertThat(batch).isNotEmpty())
                .flatMap(batch -> batch).containsExactlyElementsOf(events);
    }

    @Test
    void aContinueTokenExpiredMidListIsListedAgainFromTheStartWithoutPassingAnythingOnTwice() {
        watch.start();
        server.nextList(PVCS).respond(200, page("9", "next-page", pvc("db", "3")));
        server.nextList(PVCS).respond(410,
                gone("The provided continue parameter is too old to display a consistent list result."));

        FakeApiServer.Exchange again = server.nextList(PVCS);
        assertThat(again.query()).isEqualTo(Map.of("limit", "500"));
        assertThat(watch.state()).isEqualTo(WatchState.SYNCING);
        again.respond(200, page("20", null, pvc("db", "3"), pvc("web", "15")));

        assertThat(server.nextWatch(PVCS).query()).containsEntry("resourceVersion", "20");
        assertThat(view.taken()).containsExactly("upsert apps/db@3", "upsert apps/web@15");
        assertThat(counts.reestablishedBy(WatchEnd.FAILED)).isEqualTo(1);
        assertThat(watch.state()).isEqualTo(WatchState.SYNCED);
    }

    static Stream<Arguments> goneWatches() {
        return Stream.of(
                Arguments.of(Named.<Consumer<FakeApiServer.Exchange>>of("an ERROR event with 410 mid-watch", watching -> {
                    watching.open(200);
                    watching.send(event("MODIFIED", pvc("web", "12")), goneEvent());
                })),
                Arguments.of(Named.<Consumer<FakeApiServer.Exchange>>of("the watch request answered 410",
                        watching -> watching.respond(410, gone("too old resource version: 10 (40)")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goneWatches")
    void aGoneWatchListsAgainAndDeletesWhatTheListNoLongerHas(Consumer<FakeApiServer.Exchange> gone) {
        watch.start();
        server.nextList(PVCS).respond(200, page("10", null, pvc("db", "3"), pvc("web", "4")));
        gone.accept(server.nextWatch(PVCS));

        server.nextList(PVCS).respond(200, page("40", null, pvc("web", "12"), pvc("cache", "35")));

        assertThat(server.nextWatch(PVCS).query()).containsEntry("resourceVersion", "40");
        assertThat(view.taken()).endsWith("upsert apps/cache@35", "remove apps/db@3");
        assertThat(view.taken()).containsOnlyOnce("upsert apps/web@12");
        assertThat(counts.reestablishedBy(WatchEnd.GONE)).isEqualTo(1);
        assertThat(watch.state()).isEqualTo(WatchState.SYNCED);
    }

    @Test
    void stoppingWhileTheWatchRequestIsUnansweredResetsTheAnswerWhenItComes() throws InterruptedException {
        FakeApiServer.Exchange watching = listed(pvc("db", "3"));

        watch.stop();
        assertThat(watch.awaitStopped(DEADLINE)).isTrue();
        watching.open(200);
        watching.send(event("MODIFIED", pvc("db", "11")));

        watching.awaitReset();
        assertThat(watching.delivered()).isZero();
        assertThat(view.taken()).containsExactly("upsert apps/db@3");
        assertThat(server.pending()).isEmpty();
    }

    @Test
    void anObjectTheViewRefusesInAListIsHeldAndHandedOverAgainUntilItGoesThroughCountedOnce() {
        view.refuseUntilTold("apps/db");
        // The refused object holds nothing else back: the watch starts from the list's resourceVersion.
        FakeApiServer.Exchange watching = listed(pvc("db", "3"), pvc("web", "4"));
        assertThat(watching.query()).containsEntry("resourceVersion", "10");
        watching.open(200);
        await().atMost(DEADLINE).until(() -> view.attempts("apps/db") >= 3); // handed over again, and refused again
        assertThat(watch.state()).isEqualTo(WatchState.INCOMPLETE);
        assertThat(view.taken()).containsExactly("upsert apps/web@4");
        view.take("apps/db");

        await().atMost(DEADLINE).until(() -> watch.state() == WatchState.SYNCED);
        assertThat(view.taken()).containsExactly("upsert apps/web@4", "upsert apps/db@3");
        assertThat(counts.refusedObjects()).isEqualTo(1);
        assertThat(log.warnings()).containsExactly(refusal("apps/db", "3"));
    }

    @Test
    void anObjectTheViewRefusesOnTheWatchIsHeldInItsLatestVersionWhileOthersGoThrough() {
        FakeApiServer.Exchange watching = listed(pvc("db", "3"));
        view.refuseUntilTold("apps/db");
        watching.open(200);
        watching.send(event("MODIFIED", pvc("db", "11")), event("ADDED", pvc("web", "12")));

        await().atMost(DEADLINE).until(() -> view.attempts("apps/db") >= 3); // handed over again, and refused again
        assertThat(watch.state()).isEqualTo(WatchState.INCOMPLETE);
        assertThat(counts.refusedObjects()).isEqualTo(1);
        watching.send(event("MODIFIED", pvc("db", "13")));
        await().atMost(DEADLINE).until(() -> counts.refusedObjects() == 2);
        view.take("apps/db");

        await().atMost(DEADLINE).until(() -> watch.state() == WatchState.SYNCED);
        assertThat(view.taken()).containsExactly("upsert apps/db@3", "upsert apps/web@12", "upsert apps/db@13");
        assertThat(log.warnings()).containsExactly(refusal("apps/db", "11"), refusal("apps/db", "13"));
    }

    @Test
    void aDeletionTheViewRefusesIsHandedOverAgain() {
        FakeApiServer.Exchange watching = listed(pvc("db", "3"));
        view.refuse("apps/db", 1);
        watching.open(200);
        watching.send(event("DELETED", pvc("db", "11")));

        await().atMost(DEADLINE).until(() -> view.taken().size() == 2 && watch.state() == WatchState.SYNCED);
        assertThat(view.taken()).containsExactly("upsert apps/db@3", "remove apps/db@11");
        assertThat(view.attempts("apps/db")).isEqualTo(3); // listed, refused deletion, deletion again
        assertThat(counts.refusedObjects()).isEqualTo(1);
        assertThat(log.warnings()).containsExactly("watch of PersistentVolumeClaim: the view could not take the deletion of apps/db"
                + " at resourceVersion 11, so PersistentVolumeClaim is not synced until it can; retrying");
    }

    @Test
    void aRefusedObjectARelistNoLongerHasIsForgottenAndTheKindSyncsWithoutIt() {
        view.refuseUntilTold("apps/db");
        FakeApiServer.Exchange watching = listed(pvc("db", "3"), pvc("web", "4"));
        assertThat(watch.state()).isEqualTo(WatchState.INCOMPLETE);
        watching.open(200);
        watching.send(goneEvent());

        server.nextList(PVCS).respond(200, page("40", null, pvc("web", "4")));

        server.nextWatch(PVCS);
        assertThat(watch.state()).isEqualTo(WatchState.SYNCED);
        assertThat(view.taken()).containsExactly("upsert apps/web@4");
    }

    /** Starts the loop, answers its list with these objects at resourceVersion 10, and returns its watch request. */
    private FakeApiServer.Exchange listed(PersistentVolumeClaim... items) {
        watch.start();
        server.nextList(PVCS).respond(200, page("10", null, items));
        return server.nextWatch(PVCS);
    }

    private static String refusal(String key, String resourceVersion) {
        return "watch of PersistentVolumeClaim: the view could not take " + key + " at resourceVersion " + resourceVersion
                + ", so PersistentVolumeClaim is not synced until it can; retrying";
    }

    private static String page(String resourceVersion, String continueToken, PersistentVolumeClaim... items) {
        return listPage("v1", "PersistentVolumeClaimList", resourceVersion, continueToken, List.of(items));
    }

    static PersistentVolumeClaim pvc(String name, String resourceVersion) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withNamespace("apps").withName(name).withUid("uid-" + name)
                .withResourceVersion(resourceVersion).endMetadata()
                .withNewSpec().withStorageClassName("local").withAccessModes("ReadWriteOnce").endSpec()
                .build();
    }
}
