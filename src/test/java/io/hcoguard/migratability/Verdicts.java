package io.hcoguard.migratability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds {@link VmiFacts} for tests, judged by the real {@link KubeVirtSimulation}: a fixture
 * says what KubeVirt would see (condition, strategy, controller), never the outcome itself.
 */
public final class Verdicts {

    private String namespace = "ns";
    private final String name;
    private String node = "worker-1";
    private VmiController controller;
    private Optional<EvictionStrategy> strategy = Optional.empty();
    private LiveMigratable condition = LiveMigratable.MIGRATABLE;
    private final List<NotMigratable> causes = new ArrayList<>();
    private final List<NotMigratable> failures = new ArrayList<>();
    private boolean outdated;

    private Verdicts(String name) {
        this.name = name;
        this.controller = new VmiController.VirtualMachine(name, Optional.of(RunStrategy.ALWAYS));
    }

    /** A migratable VMI of a VM with runStrategy Always on worker-1, with no strategy of its own. */
    public static Verdicts vmi(String namespace, String name) {
        Verdicts v = new Verdicts(name);
        v.namespace = namespace;
        return v;
    }

    public Verdicts on(String nodeName) {
        this.node = nodeName;
        return this;
    }

    public Verdicts vm(RunStrategy runStrategy) {
        this.controller = new VmiController.VirtualMachine(name, Optional.of(runStrategy));
        return this;
    }

    public Verdicts standalone() {
        this.controller = VmiController.STANDALONE;
        return this;
    }

    public Verdicts replicaSet(String replicaSet) {
        this.controller = new VmiController.ReplicaSet(replicaSet);
        return this;
    }

    public Verdicts strategy(EvictionStrategy own) {
        this.strategy = Optional.of(own);
        return this;
    }

    /** LiveMigratable=False with KubeVirt's reason, and the cause the guard sees. */
    public Verdicts notMigratable(String reason, NotMigratable cause) {
        this.condition = new LiveMigratable(LiveMigratable.Status.FALSE, reason);
        this.causes.add(cause);
        return this;
    }

    public Verdicts condition(LiveMigratable value) {
        this.condition = value;
        return this;
    }

    public Verdicts failing(NotMigratable failure) {
        this.failures.add(failure);
        return this;
    }

    public Verdicts outdated() {
        this.outdated = true;
        return this;
    }

    public VmiFacts facts() {
        return new VmiFacts(namespace, name, node, controller, strategy,
                new Migratability(condition, causes, failures), outdated);
    }

    public VmiVerdict judge(ClusterSettings settings) {
        return KubeVirtSimulation.judge(facts(), settings);
    }

    public VmiVerdict judge() {
        return judge(ClusterSettings.DEFAULTS);
    }

    /** A synced snapshot of these VMIs judged under {@code settings}. */
    public static VerdictSnapshot snapshot(ClusterSettings settings, java.time.Instant at, Verdicts... vmis) {
        List<VmiVerdict> verdicts = new ArrayList<>();
        for (Verdicts vmi : vmis) {
            verdicts.add(vmi.judge(settings));
        }
        return VerdictSnapshot.of(true, verdicts, settings, at);
    }
}
