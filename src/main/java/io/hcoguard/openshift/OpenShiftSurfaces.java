package io.hcoguard.openshift;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.config.GuardConfig;
import io.hcoguard.inventory.ClusterView;
import io.hcoguard.upgrade.GatePolicy;
import io.hcoguard.upgrade.OpenShiftAssertions;
import io.hcoguard.upgrade.ReadinessReport;
import io.hcoguard.upgrade.UpgradeEvents;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The app's {@link OpenShiftWriter}: configured from guard.openshift.*, guard.leader-election.* and
 * guard.upgrade.hold-virtualization-updates, started with the app, its Lease released at shutdown.
 * It feeds the readiness report and these meters:
 * <ul>
 *   <li>{@code hco_guard_upgrade_held{by="ClusterOperator"}}: 1 while ClusterOperator hco-guard says Upgradeable=False;
 *   <li>{@code hco_guard_upgrade_held{by="OperatorCondition"}}: 1 while hco-guard's override holds OKD Virtualization updates;
 *   <li>{@code hco_guard_leader}: 1 on the replica that writes;
 *   <li>{@code hco_guard_openshift_writes_total}: objects this replica created or changed.
 * </ul>
 */
@ApplicationScoped
public class OpenShiftSurfaces implements OpenShiftAssertions {

    private final OpenShiftWriter writer;

    OpenShiftSurfaces(KubernetesClient client, ClusterView view, GatePolicy policy, GuardConfig config, UpgradeEvents events,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
        GuardConfig.LeaderElection lease = config.leaderElection();
        OpenShiftWriter.Settings settings = new OpenShiftWriter.Settings(
                config.openshift().clusterOperator(),
                config.upgrade().holdVirtualizationUpdates(),
                config.openshift().resyncPeriod(),
                config.inventory().maxStaleness(),
                version,
                namespace,
                lease.leaseNamespace().orElse(namespace),
                lease.leaseName(),
                lease.leaseDuration(),
                lease.renewDeadline(),
                lease.retryPeriod());
        this.writer = new OpenShiftWriter(client, view::verdicts, settings, policy, identity(), events::record, Clock.systemUTC());
    }

    void start(@Observes StartupEvent startup, MeterRegistry registry) {
        Gauge.builder("hco_guard_upgrade_held", this, s -> "False".equals(s.current().clusterOperator().upgradeable()) ? 1 : 0)
                .description("1 while hco-guard's own surface holds upgrades").tag("by", "ClusterOperator").register(registry);
        Gauge.builder("hco_guard_upgrade_held", this,
                        s -> SurfaceState.HELD.name().equals(s.current().virtualizationHold().state()) ? 1 : 0)
                .description("1 while hco-guard's own surface holds upgrades").tag("by", "OperatorCondition").register(registry);
        Gauge.builder("hco_guard_leader", writer, w -> w.leading() ? 1 : 0)
                .description("1 on the replica that holds the Lease and writes to the cluster").register(registry);
        FunctionCounter.builder("hco_guard_openshift_writes_total", writer, OpenShiftWriter::writes)
                .description("ClusterOperator and OperatorCondition writes of this replica").register(registry);
        writer.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        writer.stop();
    }

    @Override
    public ReadinessReport.OpenShift current() {
        return writer.asserted();
    }

    /** The writer, for tests that watch which replica writes. */
    public OpenShiftWriter writer() {
        return writer;
    }

    /** As client-go names a candidate: the pod's name (its hostname), and a random part for restarts. */
    private static String identity() {
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "hco-guard" : host) + "_" + UUID.randomUUID();
    }
}
