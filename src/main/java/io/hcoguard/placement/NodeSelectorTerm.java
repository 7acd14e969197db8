package io.hcoguard.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code nodeSelectorTerms} entry: its requirements are ANDed. As in kubernetes
 * {@code nodeaffinity.go} ({@code isEmptyNodeSelectorTerm}, {@code nodeSelectorTerm.match}), an empty
 * term matches nothing, and so does a term with any invalid requirement.
 */
public record NodeSelectorTerm(List<NodeSelectorRequirement> matchExpressions, List<NodeSelectorRequirement> matchFields) {

    public NodeSelectorTerm {
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
        matchFields = matchFields == null ? List.of() : List.copyOf(matchFields);
    }

    public static NodeSelectorTerm of(NodeSelectorRequirement... matchExpressions) {
        return new NodeSelectorTerm(List.of(matchExpressions), List.of());
    }

    public boolean isEmpty() {
        return matchExpressions.isEmpty() && matchFields.isEmpty();
    }

    /**
     * @param nodeName "" when the name is not known: then {@code matchFields} are not judged, as for a
     *     PersistentVolume's node affinity ({@code extractNodeFields} of a Node without name)
     */
    public boolean matches(Map<String, String> labels, String nodeName) {
        if (isEmpty()) {
            return false;
        }
        for (int i = 0; i < matchExpressions.size(); i++) {
            if (!matchExpressions.get(i).matchesLabels(labels)) {
                return false;
            }
        }
        for (int i = 0; i < matchFields.size(); i++) {
            NodeSelectorRequirement field = matchFields.get(i);
            if (!field.validOnFields() || (!nodeName.isEmpty() && !field.matchesField(nodeName))) {
                return false;
            }
        }
        return true;
    }

    /** This term with one more {@code matchExpressions} entry, as KubeVirt appends its own to every term. */
    public NodeSelectorTerm withExpression(NodeSelectorRequirement requirement) {
        List<NodeSelectorRequirement> expressions = new ArrayList<>(matchExpressions);
        expressions.add(requirement);
        return new NodeSelectorTerm(expressions, matchFields);
    }

    /** The requirements joined with ", ", fields after labels; "(empty term)" for none. */
    public String describe() {
        if (isEmpty()) {
            return "(empty term)";
        }
        List<String> parts = new ArrayList<>();
        matchExpressions.forEach(r -> parts.add(r.describe()));
        matchFields.forEach(r -> parts.add(r.describe()));
        return String.join(", ", parts);
    }
}
