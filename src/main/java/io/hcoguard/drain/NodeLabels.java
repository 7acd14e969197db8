package io.hcoguard.drain;

import java.util.Map;

/** What pool membership needs of a Node: its name and labels. */
public record NodeLabels(String name, Map<String, String> labels) {

    public NodeLabels {
        name = name == null ? "" : name;
        labels = LabelSelector.copyOfLabels(labels);
    }
}
