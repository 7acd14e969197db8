package io.hcoguard.drain;

import static io.hcoguard.drain.Cluster.BOTH_1;
import static io.hcoguard.drain.Cluster.CNV_1;
import static io.hcoguard.drain.Cluster.INFRA;
import static io.hcoguard.drain.Cluster.MASTER;
import static io.hcoguard.drain.Cluster.NODES;
import static io.hcoguard.drain.Cluster.PAUSED_WORKER_CNV;
import static io.hcoguard.drain.Cluster.POOLS;
import static io.hcoguard.drain.Cluster.SNO_0;
import static io.hcoguard.drain.Cluster.WORKER;
import static io.hcoguard.drain.Cluster.node;
import static io.hcoguard.drain.Cluster.pool;
import static io.hcoguard.drain.Cluster.pools;
import static io.hcoguard.drain.Cluster.rolePool;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.drain.DrainOperation.ClusterUpgrade;
import io.hcoguard.drain.DrainOperation.Cordon;
import io.hcoguard.drain.DrainOperation.MachineConfigChange;
import io.hcoguard.drain.DrainOperation.NodeMaintenance;
import io.hcoguard.drain.DrainOperation.PoolUnpause;
import io.hcoguard.drain.DrainScope.Disruption;
import io.hcoguard.drain.DrainScope.NodeSet;
import io.hcoguard.drain.InfrastructureSnapshot.Topology;
import io.hcoguard.migratability.KubeObjects;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DrainScopeTest {

    private static final Optional<InfrastructureSnapshot> HA =
            Optional.of(new InfrastructureSnapshot(Topology.HIGHLY_AVAILABLE, Topology.HIGHLY_AVAILABLE));
    private static final Optional<InfrastructureSnapshot> SNO =
            Optional.of(new InfrastructureSnapshot(Topology.SINGLE_REPLICA, Topology.SINGLE_REPLICA));
    private static final Optional<List<MachineConfigPoolSnapshot>> CLUSTER = Optional.of(POOLS);
    private static final Optional<List<MachineConfigPoolSnapshot>> NO_POOL_KIND = Optional.empty();
    private static final Optional<List<MachineConfigPoolSnapshot>> SNO_POOLS = Optional.of(pools(MASTER, WORKER));

    private static final ClusterUpgrade UPGRADE = new ClusterUpgrade(false);
    private static final ClusterUpgrade PREFLIGHT = new ClusterUpgrade(true);
    private static final Set<String> EVERY_POOLED_NODE = Set.of("master-0", "worker-1", "worker-2", "infra-1", "cnv-1");
    private static final Set<String> WORKER_MACHINE_CONFIG_NODES = Set.of("worker-1", "worker-2", "infra-1", "cnv-1");
    private static final Map<String, List<String>> BOTH_REFUSED = Map.of("both-1", List.of("infra", "worker-cnv"));

    /** A pool edited from paused to unpaused, as the request carries it. */
    private static PoolUnpause unpause(String name, String specConfiguration, String statusConfiguration) {
        return new PoolUnpause(pool(name, "{matchLabels: {node-role.kubernetes.io/" + name + ": \"\"}}", "", false,
                specConfiguration, statusConfiguration));
    }

    private static MachineConfigChange machineConfig(String labels) {
        return change("MachineConfig", "metadata: {name: 99-custom, labels: " + labels + "}\nspec: {}");
    }

    private static MachineConfigChange change(String kind, String body) {
        return MachineConfigChange.of(KubeObjects.resource("apiVersion: machineconfiguration.openshift.io/v1\nkind: " + kind + "\n" + body))
                .orElseThrow();
    }

    private static final MachineConfigChange KUBELET_CONFIG_FOR_WORKER = change("KubeletConfig", """
            metadata: {name: set-max-pods}
            spec: {machineConfigPoolSelector: {matchLabels: {pools.operator.machineconfiguration.openshift.io/worker: ""}}}""");
    private static final MachineConfigChange KUBELET_CONFIG_FOR_INFRA = change("KubeletConfig", """
            metadata: {name: infra-kubelet}
            spec: {machineConfigPoolSelector: {matchExpressions: [{key: pools.operator.machineconfiguration.openshift.io/infra, operator: Exists}]}}""");
    private static final MachineConfigChange RUNTIME_CONFIG_EMPTY_SELECTOR = change("ContainerRuntimeConfig", """
            metadata: {name: pids}
            spec: {machineConfigPoolSelector: {}, containerRuntimeConfig: {pidsLimit: 2048}}""");
    private static final MachineConfigChange KUBELET_CONFIG_WITHOUT_SELECTOR = change("KubeletConfig", """
            metadata: {name: no-selector}
            spec: {kubeletConfig: {maxPods: 500}}""");

    static Stream<Arguments> scopes() {
        return Stream.of(
                // Cluster upgrade.
                row("an upgrade drains the nodes of every pool, not the refused, pool-less or Windows ones",
                        UPGRADE, NODES, CLUSTER, HA, scope(UPGRADE, Disruption.DRAIN, EVERY_POOLED_NODE, Map.of(), BOTH_REFUSED)),
                row("an upgrade without an Infrastructure drains as on a highly available cluster",
                        UPGRADE, NODES, CLUSTER, Optional.empty(), scope(UPGRADE, Disruption.DRAIN, EVERY_POOLED_NODE, Map.of(), BOTH_REFUSED)),
                row("an upgrade leaves the nodes of a paused pool out, counted by pool",
                        UPGRADE, NODES, Optional.of(pools(MASTER, WORKER, INFRA, PAUSED_WORKER_CNV)), HA,
                        scope(UPGRADE, Disruption.DRAIN, Set.of("master-0", "worker-1", "worker-2", "infra-1"),
                                Map.of("worker-cnv", Set.of("cnv-1")), BOTH_REFUSED)),
                row("an upgrade with every pool paused drains nothing",
                        UPGRADE, NODES, Optional.of(pools(rolePool("master", true), rolePool("worker", true),
                                rolePool("infra", true, "worker", "infra"), PAUSED_WORKER_CNV)), HA,
                        scope(UPGRADE, Disruption.NONE, Set.of(), Map.of("master", Set.of("master-0"),
                                "worker", Set.of("worker-1", "worker-2"), "infra", Set.of("infra-1"), "worker-cnv", Set.of("cnv-1")),
                                BOTH_REFUSED)),
                row("a paused pool without nodes is still listed", UPGRADE, List.of(Cluster.WORKER_1),
                        Optional.of(pools(WORKER, PAUSED_WORKER_CNV)), HA,
                        scope(UPGRADE, Disruption.DRAIN, Set.of("worker-1"), Map.of("worker-cnv", Set.of()), Map.of())),
                row("an upgrade on single-node OpenShift reboots the node without a drain",
                        UPGRADE, List.of(SNO_0), SNO_POOLS, SNO, scope(UPGRADE, Disruption.REBOOT_WITHOUT_DRAIN, Set.of("sno-0"), Map.of(), Map.of())),
                row("a Preflight upgrade reaches the same nodes, to judge for warnings only",
                        PREFLIGHT, NODES, Optional.of(pools(MASTER, WORKER, INFRA, PAUSED_WORKER_CNV)), HA,
                        scope(PREFLIGHT, Disruption.DRAIN, Set.of("master-0", "worker-1", "worker-2", "infra-1"),
                                Map.of("worker-cnv", Set.of("cnv-1")), BOTH_REFUSED)),
                row("without the MachineConfigPool kind every node counts", UPGRADE, NODES, NO_POOL_KIND, Optional.empty(),
                        new DrainScope(UPGRADE, new NodeSet.EveryNode("the cluster has no MachineConfigPool kind"), Disruption.DRAIN, Map.of(), Map.of())),
                row("with no pool at all every node counts", UPGRADE, NODES, Optional.of(List.of()), HA,
                        new DrainScope(UPGRADE, new NodeSet.EveryNode("no MachineConfigPool exists"), Disruption.DRAIN, Map.of(), Map.of())),
                row("without pools on a single-replica topology every node reboots", UPGRADE, List.of(SNO_0), Optional.of(List.of()), SNO,
                        new DrainScope(UPGRADE, new NodeSet.EveryNode("no MachineConfigPool exists"), Disruption.REBOOT_WITHOUT_DRAIN, Map.of(), Map.of())),
                row("a pool with an invalid node selector stops the operator for every node, so every node counts",
                        UPGRADE, NODES, Optional.of(pools(MASTER, WORKER, pool("broken",
                                "{matchExpressions: [{key: zone, operator: Equals, values: [a]}]}", "", false, "", ""))), HA,
                        new DrainScope(UPGRADE, new NodeSet.EveryNode("MachineConfigPool broken has an invalid spec.nodeSelector: "
                                + "\"Equals\" is not a valid label selector operator"), Disruption.DRAIN, Map.of(), Map.of())),
                // Pool unpause.
                row("unpausing worker with a pending configuration drains the nodes whose primary pool is worker",
                        unpause("worker", "rendered-worker-2", "rendered-worker-1"), NODES, CLUSTER, HA,
                        scope(unpause("worker", "rendered-worker-2", "rendered-worker-1"), Disruption.DRAIN,
                                Set.of("worker-1", "worker-2"), Map.of(), Map.of())),
                row("unpausing a pool created paused (no status configuration yet) drains its nodes",
                        unpause("infra", "rendered-infra-1", ""), NODES, CLUSTER, HA,
                        scope(unpause("infra", "rendered-infra-1", ""), Disruption.DRAIN, Set.of("infra-1"), Map.of(), BOTH_REFUSED)),
                row("unpausing a pool with nothing pending drains nothing",
                        unpause("worker", "rendered-worker-1", "rendered-worker-1"), NODES, CLUSTER, HA,
                        scope(unpause("worker", "rendered-worker-1", "rendered-worker-1"), Disruption.NONE, Set.of(), Map.of(), Map.of())),
                row("unpausing a pool with nothing rendered yet drains nothing",
                        unpause("worker", "", "rendered-worker-1"), NODES, CLUSTER, HA,
                        scope(unpause("worker", "", "rendered-worker-1"), Disruption.NONE, Set.of(), Map.of(), Map.of())),
                row("the request's copy of the pool (a new node selector) wins over the view's",
                        UNPAUSE_BY_ZONE, List.of(CNV_1, node("zone-1", "worker", "zone=cnv")),
                        Optional.of(pools(WORKER, PAUSED_WORKER_CNV)), HA,
                        scope(UNPAUSE_BY_ZONE, Disruption.DRAIN, Set.of("zone-1"), Map.of(), Map.of())),
                row("a view without the pool kind judges the unpaused pool alone",
                        unpause("worker", "rendered-worker-2", "rendered-worker-1"), NODES, NO_POOL_KIND, HA,
                        scope(unpause("worker", "rendered-worker-2", "rendered-worker-1"), Disruption.DRAIN,
                                Set.of("worker-1", "worker-2", "infra-1", "cnv-1", "both-1"), Map.of(), Map.of())),
                row("unpausing master on single-node OpenShift reboots the node without a drain",
                        unpause("master", "rendered-master-2", "rendered-master-1"), List.of(SNO_0), SNO_POOLS, SNO,
                        scope(unpause("master", "rendered-master-2", "rendered-master-1"), Disruption.REBOOT_WITHOUT_DRAIN,
                                Set.of("sno-0"), Map.of(), Map.of())),
                row("unpausing worker on single-node OpenShift reaches nothing: the node follows master",
                        unpause("worker", "rendered-worker-2", "rendered-worker-1"), List.of(SNO_0), SNO_POOLS, SNO,
                        scope(unpause("worker", "rendered-worker-2", "rendered-worker-1"), Disruption.NONE, Set.of(), Map.of(), Map.of())),
                // NodeMaintenance and cordon.
                row("a NodeMaintenance drains its node", new NodeMaintenance("worker-2"), NODES, CLUSTER, HA,
                        scope(new NodeMaintenance("worker-2"), Disruption.DRAIN, Set.of("worker-2"), Map.of(), Map.of())),
                row("a NodeMaintenance drains its node on single-node OpenShift too", new NodeMaintenance("sno-0"), List.of(SNO_0), SNO_POOLS, SNO,
                        scope(new NodeMaintenance("sno-0"), Disruption.DRAIN, Set.of("sno-0"), Map.of(), Map.of())),
                row("a NodeMaintenance needs no pool kind", new NodeMaintenance("worker-2"), NODES, NO_POOL_KIND, Optional.empty(),
                        scope(new NodeMaintenance("worker-2"), Disruption.DRAIN, Set.of("worker-2"), Map.of(), Map.of())),
                row("a cordon only cordons its node", new Cordon("worker-2"), NODES, CLUSTER, HA,
                        scope(new Cordon("worker-2"), Disruption.CORDON, Set.of("worker-2"), Map.of(), Map.of())),
                // MachineConfig, KubeletConfig, ContainerRuntimeConfig.
                row("a worker MachineConfig lands in worker and the custom pools built on it",
                        machineConfig("{machineconfiguration.openshift.io/role: worker}"), NODES, CLUSTER, HA,
                        scope(machineConfig("{machineconfiguration.openshift.io/role: worker}"), Disruption.MAYBE_DRAIN,
                                WORKER_MACHINE_CONFIG_NODES, Map.of(), BOTH_REFUSED)),
                row("an infra MachineConfig lands in infra only",
                        machineConfig("{machineconfiguration.openshift.io/role: infra}"), NODES, CLUSTER, HA,
                        scope(machineConfig("{machineconfiguration.openshift.io/role: infra}"), Disruption.MAYBE_DRAIN,
                                Set.of("infra-1"), Map.of(), BOTH_REFUSED)),
                row("a master MachineConfig lands in master only",
                        machineConfig("{machineconfiguration.openshift.io/role: master}"), NODES, CLUSTER, HA,
                        scope(machineConfig("{machineconfiguration.openshift.io/role: master}"), Disruption.MAYBE_DRAIN,
                                Set.of("master-0"), Map.of(), Map.of())),
                row("a MachineConfig without labels lands nowhere", machineConfig("{}"), NODES, CLUSTER, HA,
                        scope(machineConfig("{}"), Disruption.NONE, Set.of(), Map.of(), Map.of())),
                row("a worker MachineConfig waits in a paused pool",
                        machineConfig("{machineconfiguration.openshift.io/role: worker}"), NODES,
                        Optional.of(pools(MASTER, WORKER, INFRA, PAUSED_WORKER_CNV)), HA,
                        scope(machineConfig("{machineconfiguration.openshift.io/role: worker}"), Disruption.MAYBE_DRAIN,
                                Set.of("worker-1", "worker-2", "infra-1"), Map.of("worker-cnv", Set.of("cnv-1")), BOTH_REFUSED)),
                row("a KubeletConfig for worker lands, as its generated worker MachineConfig, in the custom pools too",
                        KUBELET_CONFIG_FOR_WORKER, NODES, CLUSTER, HA,
                        scope(KUBELET_CONFIG_FOR_WORKER, Disruption.MAYBE_DRAIN, WORKER_MACHINE_CONFIG_NODES, Map.of(), BOTH_REFUSED)),
                row("a KubeletConfig selecting infra by an expression lands in infra only",
                        KUBELET_CONFIG_FOR_INFRA, NODES, CLUSTER, HA,
                        scope(KUBELET_CONFIG_FOR_INFRA, Disruption.MAYBE_DRAIN, Set.of("infra-1"), Map.of(), BOTH_REFUSED)),
                row("a ContainerRuntimeConfig with an empty pool selector lands nowhere",
                        RUNTIME_CONFIG_EMPTY_SELECTOR, NODES, CLUSTER, HA,
                        scope(RUNTIME_CONFIG_EMPTY_SELECTOR, Disruption.NONE, Set.of(), Map.of(), Map.of())),
                row("a KubeletConfig without a pool selector lands nowhere",
                        KUBELET_CONFIG_WITHOUT_SELECTOR, NODES, CLUSTER, HA,
                        scope(KUBELET_CONFIG_WITHOUT_SELECTOR, Disruption.NONE, Set.of(), Map.of(), Map.of())),
                row("a master MachineConfig on single-node OpenShift may reboot the node without a drain",
                        machineConfig("{machineconfiguration.openshift.io/role: master}"), List.of(SNO_0), SNO_POOLS, SNO,
                        scope(machineConfig("{machineconfiguration.openshift.io/role: master}"), Disruption.MAYBE_REBOOT_WITHOUT_DRAIN,
                                Set.of("sno-0"), Map.of(), Map.of())),
                row("a MachineConfig change without the pool kind may reach every node",
                        machineConfig("{machineconfiguration.openshift.io/role: worker}"), NODES, NO_POOL_KIND, HA,
                        new DrainScope(machineConfig("{machineconfiguration.openshift.io/role: worker}"),
                                new NodeSet.EveryNode("the cluster has no MachineConfigPool kind"), Disruption.MAYBE_DRAIN, Map.of(), Map.of())));
    }

    private static final PoolUnpause UNPAUSE_BY_ZONE = new PoolUnpause(pool("worker-cnv", "{matchLabels: {zone: cnv}}",
            "{matchLabels: {machineconfiguration.openshift.io/role: worker-cnv}}", false, "rendered-worker-cnv-2", "rendered-worker-cnv-1"));

    private static DrainScope scope(DrainOperation operation, Disruption disruption, Set<String> nodes,
            Map<String, Set<String>> paused, Map<String, List<String>> refused) {
        return new DrainScope(operation, new NodeSet.Named(new TreeSet<>(nodes)), disruption, paused, refused);
    }

    private static Arguments row(String name, DrainOperation operation, List<NodeLabels> nodes,
            Optional<List<MachineConfigPoolSnapshot>> pools, Optional<InfrastructureSnapshot> infrastructure, DrainScope expected) {
        return Arguments.of(Named.of(name, operation), nodes, pools, infrastructure, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scopes")
    void reachesTheNodesTheOperationDrains(DrainOperation operation, List<NodeLabels> nodes,
            Optional<List<MachineConfigPoolSnapshot>> pools, Optional<InfrastructureSnapshot> infrastructure, DrainScope expected) {
        assertThat(DrainScope.of(operation, nodes, pools, infrastructure)).isEqualTo(expected);
    }

    static Stream<Arguments> descriptions() {
        return Stream.of(
                Arguments.of(UPGRADE, "cluster upgrade"),
                Arguments.of(PREFLIGHT, "cluster upgrade preflight"),
                Arguments.of(unpause("worker", "a", "b"), "unpause of MachineConfigPool worker"),
                Arguments.of(new NodeMaintenance("worker-2"), "maintenance of node worker-2"),
                Arguments.of(new Cordon("worker-2"), "cordon of node worker-2"),
                Arguments.of(machineConfig("{}"), "change of MachineConfig 99-custom"),
                Arguments.of(KUBELET_CONFIG_FOR_WORKER, "change of KubeletConfig set-max-pods"),
                Arguments.of(RUNTIME_CONFIG_EMPTY_SELECTOR, "change of ContainerRuntimeConfig pids"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("descriptions")
    void describesTheOperationInWords(DrainOperation operation, String words) {
        assertThat(operation.description()).isEqualTo(words);
        assertThat(DrainScope.of(operation, NODES, CLUSTER, HA).description()).isEqualTo(words);
    }

    @Test
    void onlyAPreflightUpgradeIsAPreflight() {
        assertThat(DrainScope.of(PREFLIGHT, NODES, CLUSTER, HA).preflight()).isTrue();
        assertThat(DrainScope.of(UPGRADE, NODES, CLUSTER, HA).preflight()).isFalse();
        assertThat(DrainScope.of(new NodeMaintenance("worker-2"), NODES, CLUSTER, HA).preflight()).isFalse();
    }

    @Test
    void aCordonDisruptsNoVmiYetWhileADrainOrARebootDoes() {
        assertThat(DrainScope.of(new Cordon("worker-2"), NODES, CLUSTER, HA).disrupts("worker-2")).isFalse();
        assertThat(DrainScope.of(new NodeMaintenance("worker-2"), NODES, CLUSTER, HA).disrupts("worker-2")).isTrue();
        assertThat(DrainScope.of(new NodeMaintenance("worker-2"), NODES, CLUSTER, HA).disrupts("worker-1")).isFalse();
        assertThat(DrainScope.of(UPGRADE, List.of(SNO_0), SNO_POOLS, SNO).disrupts("sno-0")).isTrue();
        assertThat(DrainScope.of(unpause("worker", "a", "a"), NODES, CLUSTER, HA).disrupts("worker-1")).isFalse();
    }

    @Test
    void everyNodeHoldsEveryNameWhileNamedHoldsItsOwn() {
        List<String> all = List.of("worker-2", "master-0", "lonely");
        assertThat(new NodeSet.EveryNode("why").among(all)).containsExactly("lonely", "master-0", "worker-2");
        assertThat(new NodeSet.Named(new TreeSet<>(Set.of("worker-2", "gone"))).among(all)).containsExactly("worker-2");
        assertThat(DrainScope.of(UPGRADE, NODES, CLUSTER, HA).nodes().contains(BOTH_1.name())).isFalse();
    }

    @Test
    void eachDisruptionHasWords() {
        assertThat(Stream.of(Disruption.values()).map(Disruption::words)).containsExactly("drained", "drained if the change needs it",
                "rebooted without a drain", "rebooted without a drain if the change needs it", "cordoned", "left alone");
    }
}
