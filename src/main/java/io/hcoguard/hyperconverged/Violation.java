package io.hcoguard.hyperconverged;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One broken rule: the field, and a message that names the field as the user wrote it, what it
 * must be, and what it is.
 */
public record Violation(FieldPath field, String message) {

    /** {@code <field>: must be <requirement>, got <value><detail>}. */
    static Violation mustBe(FieldPath field, String requirement, JsonNode got, String detail) {
        return new Violation(field, field + ": must be " + requirement + ", got " + ValueText.of(got) + detail);
    }

    static Violation mustBe(FieldPath field, String requirement, JsonNode got) {
        return mustBe(field, requirement, got, "");
    }
}
