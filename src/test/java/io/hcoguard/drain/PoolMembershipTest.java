package io.hcoguard.drain;

import static io.hcoguard.drain.Cluster.INFRA;
import static io.hcoguard.drain.Cluster.MASTER;
import static io.hcoguard.drain.Cluster.POOLS;
import static io.hcoguard.drain.Cluster.WORKER;
import static io.hcoguard.drain.Cluster.WORKER_CNV;
import static io.hcoguard.drain.Cluster.node;
import static io.hcoguard.drain.Cluster.pool;
import static io.hcoguard.drain.Cluster.pools;
import static org.assertj.core.api.Assertions.assertThat;

import io.hcoguard.drain.PoolMembership.ConflictingCustomPools;
import io.hcoguard.drain.PoolMembership.Member;
import io.hcoguard.drain.PoolMembership.NoPool;
import io.hcoguard.drain.PoolMembership.WindowsNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cases of openshift/machine-config-operator pkg/helpers/helpers.go GetPoolsForNode (and its node_controller_test TestGetPrimaryPoolForNode). */
class PoolMembershipTest {

    private static final MachineConfigPoolSnapshot GPU = pool("gpu",
            "{matchExpressions: [{key: nvidia.com/gpu.present, operator: In, values: [\"true\"]}, {key: node-role.kubernetes.io/infra, operator: DoesNotExist}]}",
            "{matchLabels: {machineconfiguration.openshift.io/role: gpu}}", false, "rendered-gpu-1", "rendered-gpu-1");
    private static final MachineConfigPoolSnapshot EMPTY_SELECTOR = pool("catch-all", "{}", "", false, "", "");
    private static final MachineConfigPoolSnapshot NIL_SELECTOR = pool("nil", "", "", false, "", "");

    static Stream<Arguments> memberships() {
        return Stream.of(
                row("a worker follows worker", node("w", "worker"), POOLS, new Member("worker", List.of("worker"))),
                row("a master follows master", node("m", "master"), POOLS, new Member("master", List.of("master"))),
                row("a node in master and worker follows master alone (compact and single-node clusters)",
                        node("m", "master", "worker"), POOLS, new Member("master", List.of("master"))),
                row("a custom pool wins over worker, worker stays second", node("i", "worker", "infra"), POOLS,
                        new Member("infra", List.of("infra", "worker"))),
                row("a custom pool alone, without the worker role", node("i", "infra"), POOLS, new Member("infra", List.of("infra"))),
                row("master wins over a custom pool, which then gives the node no configuration",
                        node("m", "master", "infra"), POOLS, new Member("master", List.of("master"))),
                row("master wins over a custom pool and keeps worker second", node("m", "master", "infra", "worker"), POOLS,
                        new Member("master", List.of("master", "worker"))),
                row("two custom pools: the operator refuses the node", node("b", "worker", "infra", "worker-cnv"), POOLS,
                        new ConflictingCustomPools(List.of("infra", "worker-cnv"))),
                row("two custom pools are refused even beside master", node("b", "master", "infra", "worker-cnv"), POOLS,
                        new ConflictingCustomPools(List.of("infra", "worker-cnv"))),
                row("no pool selects a node without a role", node("x"), POOLS, new NoPool()),
                row("no pool at all", node("w", "worker"), List.of(), new NoPool()),
                row("a Windows node is not managed", node("win", "worker", "kubernetes.io/os=windows"), POOLS, new WindowsNode()),
                row("selector expressions: In and DoesNotExist both hold", node("g", "worker", "nvidia.com/gpu.present=true"),
                        pools(MASTER, WORKER, INFRA, GPU), new Member("gpu", List.of("gpu", "worker"))),
                row("selector expressions: DoesNotExist fails, so only infra is custom",
                        node("g", "worker", "infra", "nvidia.com/gpu.present=true"), pools(MASTER, WORKER, INFRA, GPU),
                        new Member("infra", List.of("infra", "worker"))),
                row("selector expressions: In fails on another value", node("g", "worker", "nvidia.com/gpu.present=false"),
                        pools(MASTER, WORKER, INFRA, GPU), new Member("worker", List.of("worker"))),
                row("an empty node selector matches no node, not every node", node("w", "worker"),
                        pools(WORKER, EMPTY_SELECTOR), new Member("worker", List.of("worker"))),
                row("a missing node selector matches no node", node("x"), pools(NIL_SELECTOR), new NoPool()),
                row("worker absent: a custom pool alone", node("c", "worker", "worker-cnv"), pools(MASTER, WORKER_CNV),
                        new Member("worker-cnv", List.of("worker-cnv"))));
    }

    private static Arguments row(String name, NodeLabels node, List<MachineConfigPoolSnapshot> pools, PoolMembership expected) {
        return Arguments.of(Named.of(name, node), pools, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberships")
    void decidesAsTheMachineConfigOperator(NodeLabels node, List<MachineConfigPoolSnapshot> pools, PoolMembership expected) {
        assertThat(PoolMembership.of(node, pools)).isEqualTo(expected);
    }

    @Test
    void onlyAMemberHasAPrimaryPool() {
        assertThat(PoolMembership.of(node("i", "worker", "infra"), POOLS).primaryPool()).contains("infra");
        assertThat(PoolMembership.of(node("x"), POOLS).primaryPool()).isEqualTo(Optional.empty());
        assertThat(PoolMembership.of(node("b", "infra", "worker-cnv"), POOLS).primaryPool()).isEqualTo(Optional.empty());
    }
}
