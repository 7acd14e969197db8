package io.hcoguard.cli;

/** The exit status of {@code hco-guard precheck} and {@code hco-guard check}. */
public enum Verdict {
    /** Nothing blocks an upgrade; every HyperConverged would be admitted. */
    READY(0),
    /** Something blocks an upgrade, or a HyperConverged would be denied. */
    BLOCKED(1),
    /** No answer: no access, a CRD missing, an API error, an unreadable file, a usage error. */
    COULD_NOT_TELL(2);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
