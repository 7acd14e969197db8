package io.hcoguard.openshift;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hcoguard.upgrade.ReadinessReport;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What hco-guard asserts on OpenShift's surfaces, read from the cluster and written nowhere: for
 * `hco-guard precheck`, with the reader's own rights (a surface it may not read says FORBIDDEN).
 * The same readers as the service's, so both say the same.
 */
public final class SurfaceReading {

    private SurfaceReading() {
    }

    /**
     * @param clusterOperator guard.openshift.cluster-operator
     * @param hold guard.upgrade.hold-virtualization-updates
     * @param packages guard.upgrade.subscription-packages
     */
    public static ReadinessReport.OpenShift of(KubernetesClient client, boolean clusterOperator, boolean hold, Set<String> packages) {
        String now = Instant.now().toString();
        AtomicLong none = new AtomicLong();
        ClusterOperatorWriter operator = new ClusterOperatorWriter(client, new ClusterOperatorStatus.Installation("", ""), none);
        HoldWriter holds = new HoldWriter(client, packages, (involved, type, reason, message) -> { }, none);
        return new ReadinessReport.OpenShift("", false,
                clusterOperator ? operator.reconcile(List.of(), false, true, now) : operator.off(),
                hold ? holds.reconcile(new VirtualizationHold.Wanted.CannotTell(), false, true, now) : holds.off(false, false, now));
    }
}
