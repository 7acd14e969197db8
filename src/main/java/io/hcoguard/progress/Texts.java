package io.hcoguard.progress;

import com.fasterxml.jackson.databind.JsonNode;

/** Total reads of saved or listed objects: a missing or mistyped field is "". */
final class Texts {

    private Texts() {
    }

    /** The trimmed text at the path, "" when a step is missing or the value is not a string. */
    static String text(JsonNode node, String... path) {
        JsonNode current = node;
        for (String key : path) {
            current = current == null ? null : current.get(key);
        }
        return current != null && current.isTextual() ? current.asText().trim() : "";
    }

    /** Conditions' messages can span lines; a screen line holds the first. */
    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).trim();
    }
}
