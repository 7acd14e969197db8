package io.hcoguard.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hcoguard.inventory.ClusterView;
import io.hcoguard.migratability.VerdictSnapshot;
import io.hcoguard.openshift.OpenShiftWriter;
import io.hcoguard.upgrade.GatePolicy;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A second hco-guard replica's writer, started before the app under test so that it holds the Lease
 * first: the shared control plane, and beside the app an {@link OpenShiftWriter} of its own (its own
 * client, its own Lease identity), reaching the API server through an {@link ApiServerProxy} the
 * test cuts to kill it. It judges from the app's cluster view once the app is up (both replicas
 * watch the same cluster), and from a view not synced before. Its Lease timings are the app's,
 * short so that the test stays fast.
 */
public class SecondReplica implements QuarkusTestResourceLifecycleManager {

    static final Duration LEASE_DURATION = Duration.ofSeconds(4);
    static final Duration RENEW_DEADLINE = Duration.ofSeconds(3);
    static final Duration RETRY_PERIOD = Duration.ofSeconds(1);
    static final String IDENTITY = "replica-b";

    private static ApiServerProxy proxy;
    private static KubernetesClient client;
    private static OpenShiftWriter writer;

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>(new ControlPlane().start());
        proxy = ApiServerProxy.to(properties.get("quarkus.kubernetes-client.api-server-url"));
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(ControlPlane.admin().getConfiguration()).withMasterUrl(proxy.url()).build()).build();
        writer = new OpenShiftWriter(client, SecondReplica::appView, new OpenShiftWriter.Settings(true, false,
                Duration.ofSeconds(2), Duration.ofSeconds(60), System.getProperty("project.version"), "default", "default",
                "hco-guard", LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD), GatePolicy.defaults(), IDENTITY,
                (involved, type, reason, message) -> { }, Clock.systemUTC()); // the hold is off: it writes no Event
        writer.start();
        // A replica of an earlier app instance may hold the Lease until it expires (15 s by default).
        await().atMost(Duration.ofSeconds(60)).until(writer::leading);
        properties.put("guard.leader-election.lease-duration", LEASE_DURATION.toSeconds() + "s");
        properties.put("guard.leader-election.renew-deadline", RENEW_DEADLINE.toSeconds() + "s");
        properties.put("guard.leader-election.retry-period", RETRY_PERIOD.toSeconds() + "s");
        return properties;
    }

    @Override
    public void stop() {
        writer.stop();
        client.close();
        proxy.restore();
    }

    static OpenShiftWriter writer() {
        return writer;
    }

    /** Kills the replica as a crash or a partition would: every connection to the API server ends, nothing is released. */
    static void kill() {
        proxy.cut();
    }

    private static VerdictSnapshot appView() {
        ArcContainer app = Arc.container();
        try {
            return app != null && app.isRunning() ? app.instance(ClusterView.class).get().verdicts() : VerdictSnapshot.notSynced(Instant.now());
        } catch (RuntimeException starting) { // the app's beans cannot be made before its configuration is complete
            return VerdictSnapshot.notSynced(Instant.now());
        }
    }
}
