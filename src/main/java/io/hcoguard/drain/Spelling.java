package io.hcoguard.drain;

import java.util.Optional;

/** The upstream spelling of this package's enum constants: the constant name in CamelCase (NOT_IN is "NotIn"). */
final class Spelling {

    private Spelling() {
    }

    static String of(Enum<?> constant) {
        StringBuilder spelling = new StringBuilder();
        for (String word : constant.name().split("_")) {
            spelling.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return spelling.toString();
    }

    /** The constant spelt exactly so, if any. */
    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(text)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
