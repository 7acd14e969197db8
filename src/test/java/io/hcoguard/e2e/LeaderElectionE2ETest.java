package io.hcoguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hcoguard.openshift.OpenShiftSurfaces;
import io.hcoguard.openshift.OpenShiftWriter;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas, one writer. The app under test is one replica: it serves admission and runs for the
 * Lease. The other is {@link SecondReplica}'s writer in this process, started first, so it holds the
 * Lease and writes ClusterOperator hco-guard while the app only serves admission. Killed (its link
 * to the API server cut, nothing released), it loses the Lease once the lease duration has passed
 * since its last renewal, and the app writes from then on. Admission calls to the app keep being
 * answered throughout.
 *
 * <p>Why one app and one writer in the test process, rather than two apps: the API server calls a
 * webhook at one URL here, and the app that serves it must be the survivor for "no failed
 * admission call" to mean anything; the second replica's writer is the app's own class
 * ({@link OpenShiftWriter}) with its own client, identity and fabric8 LeaderElector, so the
 * election is the one the app runs.
 */
@QuarkusTest
@TestProfile(LeaderElectionE2ETest.TwoReplicas.class)
class LeaderElectionE2ETest {

    /** The app beside {@link SecondReplica}, which holds the Lease before the app starts. */
    public static class TwoReplicas implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(SecondReplica.class));
        }
    }

    static final String NS = "leader-e2e";
    static final Duration WAIT = Duration.ofSeconds(60);

    final AppView view = AppView.of(this);
    final Workloads workloads = new Workloads(ControlPlane.admin());

    @AfterEach
    void leaveNoBlocker() {
        workloads.deleteVmi(NS, "db");
    }

    @Test
    void oneReplicaWritesAndKillingItMovesTheWritesToTheOtherWithinTheLeaseWithoutAFailedAdmissionCall() throws Exception {
        workloads.namespace(NS);
        workloads.hostpathPvc(NS, "db-root");
        workloads.clusterVersion("stable-4.19");
        OpenShiftWriter app = Arc.container().instance(OpenShiftSurfaces.class).get().writer();
        OpenShiftWriter second = SecondReplica.writer();
        await().atMost(WAIT).until(view::synced);
        assertThat(second.leading()).isTrue();
        assertThat(app.leading()).isFalse();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(SecondReplica.IDENTITY);
        AdmissionCalls calls = AdmissionCalls.start();
        try {
            // The second replica writes what the view says; the app, which serves admission, writes nothing.
            // An earlier app may have left Upgradeable=False, which an unsynced writer keeps: start from the view's True.
            await().atMost(WAIT).until(() -> "True".equals(upgradeable()));
            workloads.runningVm(NS, "db", "Manual", "LiveMigrate", "db-root");
            await().atMost(WAIT).until(() -> upgradeableMessage().contains(NS + "/db"));
            assertThat(upgradeable()).isEqualTo("False");
            assertThat(second.writes()).isPositive();
            assertThat(app.writes()).isZero();
            assertThat(view.meter("hco_guard_leader")).isZero();
            assertThat(view.report().path("openshift").path("writer").asText()).isEqualTo(SecondReplica.IDENTITY);

            SecondReplica.kill();
            Lease last = lease(); // its last renewal: nothing renews it any more
            long killed = System.nanoTime();
            int answeredBeforeTheKill = calls.answered.get();
            workloads.deleteVmi(NS, "db");

            // Only the app can write Upgradeable=True now.
            await().atMost(WAIT).until(() -> "True".equals(upgradeable()));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
            Lease taken = lease();
            assertThat(app.leading()).isTrue();
            assertThat(app.writes()).isPositive();
            assertThat(taken.getSpec().getHolderIdentity()).isEqualTo(app.identity());
            assertThat(taken.getSpec().getLeaseTransitions()).isEqualTo(last.getSpec().getLeaseTransitions() + 1);
            // Never two holders: the app took the Lease only once the second replica's had run out.
            assertThat(taken.getSpec().getAcquireTime()).isAfterOrEqualTo(
                    last.getSpec().getRenewTime().plusSeconds(last.getSpec().getLeaseDurationSeconds()));
            System.out.printf("[leader-e2e] writes moved to the app %d ms after the kill (lease duration %d s)%n",
                    takeover.toMillis(), last.getSpec().getLeaseDurationSeconds());
            // Admission calls went on through the takeover and after it.
            await().atMost(WAIT).until(() -> calls.answered.get() >= answeredBeforeTheKill + 5);
        } finally {
            calls.stop();
        }
        System.out.printf("[leader-e2e] admission calls answered: %d, failed: %d%n", calls.answered.get(), calls.failures.size());
        assertThat(calls.failures).isEmpty();
        assertThat(calls.answered.get()).isPositive();
    }

    private static String upgradeable() {
        return upgradeableCondition("status");
    }

    private static String upgradeableMessage() {
        return upgradeableCondition("message");
    }

    private static String upgradeableCondition(String field) {
        GenericKubernetesResource operator = ControlPlane.admin().genericKubernetesResources(OpenShiftSurfacesE2ETest.CLUSTER_OPERATOR)
                .withName("hco-guard").get();
        List<Map<String, Object>> conditions = operator == null ? List.of() : operator.get("status", "conditions");
        return conditions == null ? "" : conditions.stream().filter(c -> "Upgradeable".equals(c.get("type")))
                .map(c -> (String) c.get(field)).findFirst().orElse("");
    }

    private static Lease lease() {
        return ControlPlane.admin().leases().inNamespace("default").withName("hco-guard").get();
    }

    /**
     * Server-side dry runs of a new ClusterVersion target, one after the other, through the API
     * server to the app's webhook: an allowed or a denied request is an answer; anything else (the
     * webhook not reached, a timeout) is a failure.
     */
    private static final class AdmissionCalls {
        final AtomicInteger answered = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::call, "admission-calls");

        static AdmissionCalls start() {
            AdmissionCalls calls = new AdmissionCalls();
            calls.thread.start();
            return calls;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private void call() {
            int patch = 0;
            while (running.get()) {
                GenericKubernetesResource version = ControlPlane.admin().genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION)
                        .withName("version").get();
                version.setAdditionalProperty("spec", Map.of("clusterID", "6a0c8d4e-0000-4000-8000-000000000001",
                        "channel", "stable-4.19", "desiredUpdate", Map.of("version", "4.19." + (++patch))));
                try {
                    ControlPlane.admin().genericKubernetesResources(UpgradeGateE2ETest.CLUSTER_VERSION).resource(version).dryRun().update();
                    answered.incrementAndGet();
                } catch (KubernetesClientException e) {
                    if (e.getMessage() != null && e.getMessage().contains("denied the request")) {
                        answered.incrementAndGet();
                    } else {
                        failures.add(ZonedDateTime.now() + ": " + e.getMessage());
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
