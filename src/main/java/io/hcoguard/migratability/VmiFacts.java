package io.hcoguard.migratability;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * What the guard knows of one running VMI that does not depend on cluster settings: derived once
 * per watch event (its own snapshot, its PVCs, its controller), judged again cheaply when the
 * KubeVirt or HyperConverged CR changes.
 *
 * @param node {@code status.nodeName}, empty when not reported
 * @param ownEvictionStrategy the VMI's {@code spec.evictionStrategy} (filled at creation since
 *     KubeVirt 1.1), empty for an older VMI, which follows the cluster default at eviction time
 * @param outdatedLauncher labelled {@code kubevirt.io/outdatedLauncherImage}
 * @param movement an evacuation or a migration KubeVirt has under way
 */
public record VmiFacts(
        String namespace,
        String name,
        String node,
        VmiController controller,
        Optional<EvictionStrategy> ownEvictionStrategy,
        Migratability migratability,
        boolean outdatedLauncher,
        VmiMovement movement) {

    /** Drains go node by node: by node, then namespace and name. */
    public static final Comparator<VmiFacts> BY_NODE_AND_NAME = Comparator.comparing(VmiFacts::node)
            .thenComparing(VmiFacts::namespace).thenComparing(VmiFacts::name);

    public VmiFacts {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        node = node == null ? "" : node;
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(ownEvictionStrategy, "ownEvictionStrategy");
        Objects.requireNonNull(migratability, "migratability");
        movement = movement == null ? VmiMovement.NONE : movement;
    }

    /** A VMI that KubeVirt is not moving. */
    public VmiFacts(String namespace, String name, String node, VmiController controller,
            Optional<EvictionStrategy> ownEvictionStrategy, Migratability migratability, boolean outdatedLauncher) {
        this(namespace, name, node, controller, ownEvictionStrategy, migratability, outdatedLauncher, VmiMovement.NONE);
    }

    /** "namespace/name" of the VMI. */
    public String ref() {
        return namespace + "/" + name;
    }

    /** The node as messages print it. */
    public String nodeText() {
        return node.isEmpty() ? "its node" : node;
    }
}
