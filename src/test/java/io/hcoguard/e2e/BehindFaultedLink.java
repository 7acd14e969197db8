package io.hcoguard.e2e;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * What the fault tests share: the app of {@link FaultsProfile} on its own {@link RestartableControlPlane},
 * reached through a link the tests fault, and one namespace of the test class's own with the hostpath
 * PVCs its VMs use. After the class the link forwards again and the namespace holds no blocker.
 *
 * <p>Class-wide state: the fault test classes share one app and run one at a time.
 */
abstract class BehindFaultedLink {

    static Workloads workloads;
    private static String namespace;

    final AppView view = AppView.of(this, RestartableControlPlane::admin);

    /** Called from the test class's {@code @BeforeAll}. */
    static void namespaceWithHostpathPvcs(String name, String... pvcs) {
        workloads = new Workloads(RestartableControlPlane.admin());
        namespace = name;
        workloads.namespace(name);
        for (String pvc : pvcs) {
            workloads.hostpathPvc(name, pvc);
        }
    }

    @AfterAll
    static void leaveNoBlocker() {
        // Whether the test blackholed the link or cut it: both undone (each is a no-op on a link that forwards).
        RestartableControlPlane.appLink().heal();
        RestartableControlPlane.appLink().restore();
        workloads.clear(namespace);
    }

    static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
