package io.hcoguard.placement;

import io.hcoguard.placement.PlacementVerdict.HasTarget;
import io.hcoguard.placement.PlacementVerdict.NoTarget;
import io.hcoguard.placement.PlacementVerdict.NotJudged;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Whether a migration KubeVirt starts for a VMI can find a target node. A target is a node other than
 * the VMI's own (nor one sharing its {@code kubernetes.io/hostname} label: KubeVirt's pod anti-affinity,
 * {@code createMigrationPodAntiAffinityRule}), Ready, not cordoned (unless the VMI tolerates the cordon
 * taint), carrying the target pod's nodeSelector labels, matching its required node affinity, with every
 * NoSchedule and NoExecute taint tolerated (PreferNoSchedule only scores), and matching the required node
 * affinity of every PersistentVolume the VMI uses. See {@link SchedulingConstraints} for what is left out.
 *
 * <p>With no target, the reason names the first constraint that leaves no other node on its own, in this
 * order: other nodes at all, Ready and schedulable, KubeVirt's node labels, the VMI's nodeSelector, the
 * required node affinity, each PersistentVolume's node affinity, the taints. Within a nodeSelector or a
 * one-term affinity, the first entry that alone leaves no node is named. When each alone leaves some node
 * but together none, the reason says so.
 *
 * <p>Pure and cheap: called for every VMI on every node change, so a VMI with a target costs one pass over
 * the nodes that allocates nothing per node; only a VMI without one pays more passes, for its reason.
 */
public final class Placement {

    public static final int SOME_TARGETS = 3;
    static final int DESCRIPTION_LIMIT = 60;

    private Placement() {
    }

    /**
     * @param sourceNode the VMI's node ({@code status.nodeName})
     * @param volumes the PersistentVolumes bound to the VMI's claims; those without node affinity do not matter
     * @param nodes every Node the view knows
     */
    public static PlacementVerdict judge(String sourceNode, SchedulingConstraints constraints,
            List<PersistentVolumeSnapshot> volumes, Collection<NodeSnapshot> nodes) {
        Objects.requireNonNull(constraints, "constraints");
        if (nodes.isEmpty()) {
            return new NotJudged("the view knows no Node");
        }
        if (sourceNode == null || sourceNode.isEmpty()) {
            return new NotJudged("the VMI is on no node");
        }
        NodeSnapshot source = null;
        for (NodeSnapshot node : nodes) {
            if (node.name().equals(sourceNode)) {
                source = node;
                break;
            }
        }
        if (source == null) {
            return new NotJudged("node " + sourceNode + " is not in the view");
        }
        TargetRules rules = new TargetRules(source, constraints, volumes == null ? List.of() : volumes);
        String[] firstNames = new String[SOME_TARGETS];
        int count = 0;
        for (NodeSnapshot node : nodes) {
            if (rules.fits(node)) {
                count++;
                keepFirst(firstNames, node.name());
            }
        }
        if (count > 0) {
            List<String> someTargets = new ArrayList<>(SOME_TARGETS);
            for (String name : firstNames) {
                if (name != null) {
                    someTargets.add(name);
                }
            }
            return new HasTarget(someTargets, count);
        }
        return new NoTarget(rules.whyNoneFits(nodes));
    }

    /** Keeps the alphabetically first names, sorted, so the verdict does not depend on the nodes' order. */
    private static void keepFirst(String[] first, String name) {
        for (int i = 0; i < first.length; i++) {
            if (first[i] == null) {
                first[i] = name;
                return;
            }
            if (name.compareTo(first[i]) < 0) {
                System.arraycopy(first, i, first, i + 1, first.length - i - 1);
                first[i] = name;
                return;
            }
        }
    }

    static String shorten(String text) {
        return text.length() <= DESCRIPTION_LIMIT ? text : text.substring(0, DESCRIPTION_LIMIT - 3) + "...";
    }

    /** One VMI's constraints, laid out once per judgement for the pass over the nodes. */
    private static final class TargetRules {

        private final String sourceName;
        private final String sourceHostname;
        private final boolean toleratesCordon;
        private final Map<String, String> kubevirtLabels;
        private final Map<String, String> ownLabels;
        private final String[] selectorKeys;
        private final String[] selectorValues;
        private final NodeSelector affinity;
        private final List<Toleration> tolerations;
        private final List<PersistentVolumeSnapshot> pinnedVolumes = new ArrayList<>();

        TargetRules(NodeSnapshot source, SchedulingConstraints constraints, List<PersistentVolumeSnapshot> volumes) {
            sourceName = source.name();
            sourceHostname = source.labels().get(NodeSnapshot.HOSTNAME_LABEL);
            toleratesCordon = constraints.toleratesCordon();
            kubevirtLabels = constraints.kubevirtNodeSelector();
            ownLabels = constraints.nodeSelector();
            Map<String, String> selector = constraints.targetNodeSelector();
            selectorKeys = selector.keySet().toArray(new String[0]);
            selectorValues = selector.values().toArray(new String[0]);
            affinity = constraints.requiredAffinity().orElse(null);
            tolerations = constraints.tolerations();
            for (PersistentVolumeSnapshot volume : volumes) {
                if (volume.nodeAffinity().isPresent()) {
                    pinnedVolumes.add(volume);
                }
            }
        }

        boolean fits(NodeSnapshot node) {
            if (!other(node) || !readyAndSchedulable(node) || !matchesAffinity(node) || !toleratesTaints(node)) {
                return false;
            }
            Map<String, String> labels = node.labels();
            for (int i = 0; i < selectorKeys.length; i++) {
                if (!selectorValues[i].equals(labels.get(selectorKeys[i]))) {
                    return false;
                }
            }
            for (int i = 0; i < pinnedVolumes.size(); i++) {
                if (!pinnedVolumes.get(i).nodeAffinity().get().matchesLabels(labels)) {
                    return false;
                }
            }
            return true;
        }

        boolean other(NodeSnapshot node) {
            return !node.name().equals(sourceName)
                    && (sourceHostname == null || !sourceHostname.equals(node.labels().get(NodeSnapshot.HOSTNAME_LABEL)));
        }

        boolean readyAndSchedulable(NodeSnapshot node) {
            return node.ready() && (!node.unschedulable() || toleratesCordon);
        }

        boolean matchesAffinity(NodeSnapshot node) {
            return affinity == null || affinity.matches(node);
        }

        boolean toleratesTaints(NodeSnapshot node) {
            List<Taint> taints = node.taints();
            for (int i = 0; i < taints.size(); i++) {
                if (repelled(taints.get(i))) {
                    return false;
                }
            }
            return true;
        }

        private boolean repelled(Taint taint) {
            return taint.repels() && !Toleration.anyTolerates(tolerations, taint);
        }

        /** Only when no node fits: which constraint alone leaves none, in the documented order. */
        String whyNoneFits(Collection<NodeSnapshot> nodes) {
            List<NodeSnapshot> others = new ArrayList<>();
            for (NodeSnapshot node : nodes) {
                if (other(node)) {
                    others.add(node);
                }
            }
            if (others.isEmpty()) {
                return "the cluster has no other node";
            }
            if (none(others, this::readyAndSchedulable)) {
                return "no other node is Ready and schedulable";
            }
            String labelReason = labelsReason(others, kubevirtLabels, "no other node has %s");
            if (labelReason == null) {
                labelReason = labelsReason(others, ownLabels, "nodeSelector %s: no other node matches");
            }
            if (labelReason != null) {
                return labelReason;
            }
            if (none(others, this::matchesAffinity)) {
                return "required node affinity " + shorten(affinityCulprit(others)) + ": no other node matches";
            }
            for (PersistentVolumeSnapshot volume : pinnedVolumes) {
                NodeSelector volumeAffinity = volume.nodeAffinity().get();
                if (none(others, node -> volumeAffinity.matchesLabels(node.labels()))) {
                    return volumeReason(volume.name(), volumeAffinity, nodes);
                }
            }
            if (none(others, this::toleratesTaints)) {
                Taint everywhere = taintOnEveryNode(others);
                return everywhere == null
                        ? "every other node has a taint the VMI does not tolerate"
                        : "no other node tolerates taint " + everywhere.describe();
            }
            return "no other node meets readiness, nodeSelector, affinity, tolerations and volume affinity together";
        }

        /** The first entry that alone leaves no node, else the whole selector; null when some node has them all. */
        private static String labelsReason(List<NodeSnapshot> others, Map<String, String> selector, String format) {
            if (!none(others, node -> hasAll(node, selector))) {
                return null;
            }
            List<String> entries = new ArrayList<>();
            for (Map.Entry<String, String> entry : selector.entrySet()) {
                String text = entry.getKey() + "=" + entry.getValue();
                if (none(others, node -> entry.getValue().equals(node.labels().get(entry.getKey())))) {
                    return format.formatted(text);
                }
                entries.add(text);
            }
            return format.formatted(shorten(String.join(", ", entries)));
        }

        private static boolean hasAll(NodeSnapshot node, Map<String, String> selector) {
            for (Map.Entry<String, String> entry : selector.entrySet()) {
                if (!entry.getValue().equals(node.labels().get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }

        /** In a one-term affinity, the first requirement that alone leaves no node; else the whole affinity. */
        private String affinityCulprit(List<NodeSnapshot> others) {
            if (affinity.terms().size() == 1) {
                NodeSelectorTerm term = affinity.terms().get(0);
                for (NodeSelectorRequirement expression : term.matchExpressions()) {
                    NodeSelectorTerm alone = new NodeSelectorTerm(List.of(expression), List.of());
                    if (none(others, node -> alone.matches(node.labels(), node.name()))) {
                        return expression.describe();
                    }
                }
                for (NodeSelectorRequirement field : term.matchFields()) {
                    NodeSelectorTerm alone = new NodeSelectorTerm(List.of(), List.of(field));
                    if (none(others, node -> alone.matches(node.labels(), node.name()))) {
                        return field.describe();
                    }
                }
            }
            return affinity.describe();
        }

        private static String volumeReason(String volume, NodeSelector volumeAffinity, Collection<NodeSnapshot> nodes) {
            NodeSnapshot onlyMatch = null;
            int matches = 0;
            for (NodeSnapshot node : nodes) {
                if (volumeAffinity.matchesLabels(node.labels())) {
                    matches++;
                    onlyMatch = node;
                }
            }
            return matches == 1
                    ? "PersistentVolume " + volume + " is pinned to node " + onlyMatch.name() + " by its node affinity"
                    : "PersistentVolume " + volume + " node affinity " + shorten(volumeAffinity.describe())
                            + ": no other node matches";
        }

        /** A taint the VMI does not tolerate that every other node carries, if there is one. */
        private Taint taintOnEveryNode(List<NodeSnapshot> others) {
            for (Taint taint : others.get(0).taints()) {
                if (repelled(taint) && none(others, node -> !node.taints().contains(taint))) {
                    return taint;
                }
            }
            return null;
        }

        private static boolean none(List<NodeSnapshot> nodes, Predicate<NodeSnapshot> test) {
            for (NodeSnapshot node : nodes) {
                if (test.test(node)) {
                    return false;
                }
            }
            return true;
        }
    }
}
