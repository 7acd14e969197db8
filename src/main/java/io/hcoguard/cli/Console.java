package io.hcoguard.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command reads and writes besides its arguments: the verdict goes to {@code out}, progress
 * and the reason for exit status 2 to {@code err}; {@code environment} holds the variables.
 */
record Console(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {

    /** One line on stderr, prefixed so it stands out between kubectl's lines. */
    void note(String line) {
        err.println("hco-guard: " + line);
    }

    /** A variable's value, null when unset. */
    String variable(String name) {
        return environment.get(name);
    }
}
