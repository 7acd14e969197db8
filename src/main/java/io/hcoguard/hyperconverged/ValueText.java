package io.hcoguard.hyperconverged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** A value as messages show it: JSON, so a string "10" and a number 10 look different; cut short. */
final class ValueText {

    /** Long enough for any sensible value, short enough to keep a warning under 120 characters. */
    static final int MAX_LENGTH = 40;

    private ValueText() {
    }

    static String of(JsonNode value) {
        String json = value == null ? "null" : value.toString();
        return json.length() <= MAX_LENGTH ? json : json.substring(0, MAX_LENGTH - 3) + "...";
    }

    static String of(String value) {
        return of(value == null ? null : TextNode.valueOf(value));
    }
}
