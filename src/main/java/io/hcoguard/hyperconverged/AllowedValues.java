package io.hcoguard.hyperconverged;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The closed set of strings a field accepts, and the spelling it most likely meant when a
 * value misses: KubeVirt silently ignores a misspelt value, so the denial must name the fix.
 */
public record AllowedValues(List<String> values) {

    /** Beyond this many edits a value is not a near miss but something else. */
    private static final int NEAR_MISS_EDITS = 2;

    public AllowedValues {
        values = List.copyOf(values);
    }

    public boolean contains(String value) {
        return values.contains(value);
    }

    /**
     * The allowed value a near miss meant: same letters in another case, the same once
     * {@code -}, {@code _} and spaces are dropped, or at most two edits away (the first such
     * value when two are equally close).
     */
    public Optional<String> suggestionFor(String typed) {
        for (String value : values) {
            if (value.equalsIgnoreCase(typed)) {
                return Optional.of(value);
            }
        }
        String letters = lettersOf(typed);
        String best = null;
        int bestEdits = NEAR_MISS_EDITS + 1;
        for (String value : values) {
            int edits = editDistance(letters, lettersOf(value), bestEdits);
            if (edits < bestEdits) {
                best = value;
                bestEdits = edits;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Quoted and comma separated, as messages list them: {@code "LiveMigrate", "Evict"}. */
    @Override
    public String toString() {
        return values.stream().map(value -> "\"" + value + "\"").collect(Collectors.joining(", "));
    }

    private static String lettersOf(String text) {
        StringBuilder letters = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '-' && c != '_' && !Character.isWhitespace(c)) {
                letters.append(c);
            }
        }
        return letters.toString().toLowerCase(Locale.ROOT);
    }

    /** Levenshtein distance, or {@code limit} as soon as it is certain to reach it. */
    private static int editDistance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit);
    }
}
