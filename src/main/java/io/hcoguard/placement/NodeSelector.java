package io.hcoguard.placement;

import io.hcoguard.unstructured.Unstructured;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A required node selector ({@code requiredDuringSchedulingIgnoredDuringExecution} of a pod's node
 * affinity, {@code spec.nodeAffinity.required} of a PersistentVolume): its terms are ORed, and a
 * selector without terms matches nothing (kubernetes {@code nodeaffinity.go},
 * {@code LazyErrorNodeSelector.Match}).
 */
public record NodeSelector(List<NodeSelectorTerm> terms) {

    public NodeSelector {
        terms = terms == null ? List.of() : List.copyOf(terms);
    }

    public static NodeSelector of(NodeSelectorTerm... terms) {
        return new NodeSelector(List.of(terms));
    }

    /** As the scheduler judges a pod's node affinity: labels and {@code matchFields} on the node's name. */
    public boolean matches(NodeSnapshot node) {
        return matches(node.labels(), node.name());
    }

    /**
     * As the scheduler judges a PersistentVolume's node affinity: {@code CheckNodeAffinity}
     * (component-helpers/storage/volume) hands over the node's labels only, so {@code matchFields} are not judged.
     */
    public boolean matchesLabels(Map<String, String> labels) {
        return matches(labels, "");
    }

    public boolean matches(Map<String, String> labels, String nodeName) {
        for (int i = 0; i < terms.size(); i++) {
            if (terms.get(i).matches(labels, nodeName)) {
                return true;
            }
        }
        return false;
    }

    /** KubeVirt's {@code modifyNodeAffintyToRejectLabel} (virt-controller services/template.go): ANDed into each term. */
    public NodeSelector withRequirementInEveryTerm(NodeSelectorRequirement requirement) {
        List<NodeSelectorTerm> extended = new ArrayList<>(terms.size());
        for (NodeSelectorTerm term : terms) {
            extended.add(term.withExpression(requirement));
        }
        return new NodeSelector(extended);
    }

    /** One term as its requirements; several as {@code (a In [x]) or (b Exists)}; "(no terms)" for none. */
    public String describe() {
        if (terms.isEmpty()) {
            return "(no terms)";
        }
        if (terms.size() == 1) {
            return terms.get(0).describe();
        }
        List<String> parts = new ArrayList<>(terms.size());
        terms.forEach(term -> parts.add("(" + term.describe() + ")"));
        return String.join(" or ", parts);
    }

    /** From the typed model (a PersistentVolume's); null entries read as empty, which match nothing. */
    public static NodeSelector from(io.fabric8.kubernetes.api.model.NodeSelector selector) {
        List<NodeSelectorTerm> terms = new ArrayList<>();
        if (selector != null && selector.getNodeSelectorTerms() != null) {
            for (io.fabric8.kubernetes.api.model.NodeSelectorTerm term : selector.getNodeSelectorTerms()) {
                terms.add(term == null
                        ? new NodeSelectorTerm(List.of(), List.of())
                        : new NodeSelectorTerm(requirements(term.getMatchExpressions()), requirements(term.getMatchFields())));
            }
        }
        return new NodeSelector(terms);
    }

    /** From a schemaless object (a VMI's spec); a mistyped term reads as empty, a mistyped requirement as invalid. */
    static NodeSelector parse(Unstructured selector) {
        List<NodeSelectorTerm> terms = new ArrayList<>();
        for (Unstructured term : selector.path("nodeSelectorTerms").items()) {
            terms.add(new NodeSelectorTerm(requirements(term.path("matchExpressions")), requirements(term.path("matchFields"))));
        }
        return new NodeSelector(terms);
    }

    private static List<NodeSelectorRequirement> requirements(List<io.fabric8.kubernetes.api.model.NodeSelectorRequirement> typed) {
        List<NodeSelectorRequirement> requirements = new ArrayList<>();
        if (typed != null) {
            for (io.fabric8.kubernetes.api.model.NodeSelectorRequirement r : typed) {
                requirements.add(r == null
                        ? new NodeSelectorRequirement("", "", List.of())
                        : new NodeSelectorRequirement(r.getKey(), r.getOperator(), r.getValues()));
            }
        }
        return requirements;
    }

    private static List<NodeSelectorRequirement> requirements(Unstructured list) {
        List<NodeSelectorRequirement> requirements = new ArrayList<>();
        for (Unstructured r : list.items()) {
            requirements.add(new NodeSelectorRequirement(
                    r.path("key").rawText(), r.path("operator").rawText(), r.path("values").rawTexts()));
        }
        return requirements;
    }
}
