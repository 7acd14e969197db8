package io.hcoguard.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command's options, kubectl style: {@code -f FILE}, {@code --filename=FILE}, repeatable, each
 * option taking one value. Anything else is a usage error.
 */
final class Options {

    /** A command line that is not understood; the message says what and is shown with the usage. */
    static final class UsageError extends Exception {
        UsageError(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> values;

    private Options(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * @param names each option's long name, e.g. "--filename"
     * @param shortNames short spellings of long names, e.g. "-f" -> "--filename"
     */
    static Options parse(List<String> args, Set<String> names, Map<String, String> shortNames) throws UsageError {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            name = shortNames.getOrDefault(name, name);
            if (!names.contains(name)) {
                throw new UsageError(arg.startsWith("-") ? "unknown option " + arg : "unexpected argument \"" + arg + "\"");
            }
            if (value == null) {
                if (i + 1 == args.size()) {
                    throw new UsageError("option " + arg + " needs a value");
                }
                value = args.get(++i);
            }
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return new Options(values);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The option's value; given more than once, the last one counts (as with kubectl). */
    Optional<String> last(String name) {
        List<String> given = all(name);
        return given.isEmpty() ? Optional.empty() : Optional.of(given.get(given.size() - 1));
    }

    /** text (the default) or json. */
    Output output() throws UsageError {
        String output = last("--output").orElse("text");
        return switch (output) {
            case "text" -> Output.TEXT;
            case "json" -> Output.JSON;
            default -> throw new UsageError("--output must be text or json, got \"" + output + "\"");
        };
    }

    enum Output {
        TEXT, JSON
    }
}
