package io.hcoguard.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code hco-guard precheck|check}: the webhook's verdicts from a laptop or a pipeline, as a plain
 * Java main in the application jar. It starts no Quarkus, no HTTPS server and no CDI: the commands
 * call the same pure code the webhooks call (the cluster index, the readiness report, the
 * HyperConverged validator and defaulter). Run by {@code bin/hco-guard} and the kubectl plugin
 * {@code bin/kubectl-hco_guard}. Exit status: 0 ready, 1 blocked, 2 could not tell.
 */
public final class HcoGuardCli {

    static final String USAGE = """
            Usage: hco-guard precheck [-f FILE]... [--output text|json] [--kubeconfig FILE] [--context NAME]
                   hco-guard check -f FILE [-f FILE]... [--output text|json]
                   hco-guard status [-f FILE]... [--watch] [--output text|json] [--kubeconfig FILE] [--context NAME]
                   hco-guard help [precheck|check|status]

            precheck  what would block a cluster or OKD Virtualization upgrade now (read only)
            check     HyperConverged manifests through hco-guard's mutation and validation, offline
            status    an update in progress on one screen: operators, pools, drains and the VMIs they wait on (read only)
            Exit status: 0 ready, 1 blocked, 2 could not tell (status: 0 done or healthy, 1 stuck, 2 could not tell).
            """;

    private HcoGuardCli() {
    }

    public static void main(String[] args) {
        quietLibraries();
        int status;
        try {
            status = run(Arrays.asList(args), new Console(System.in, System.out, System.err, System.getenv()), Clock.systemUTC())
                    .exitCode();
        } catch (Throwable e) {
            // An Error (out of memory, a class missing from the classpath) is no verdict either.
            status = internalError(new Console(System.in, System.out, System.err, Map.of()), e).exitCode();
        }
        System.out.flush();
        // The Kubernetes client's HTTP threads would keep the JVM alive a while; the verdict is out.
        System.exit(status);
    }

    static Verdict run(List<String> args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment,
            Clock clock) {
        return run(args, new Console(in, out, err, environment), clock);
    }

    static Verdict run(List<String> args, Console console, Clock clock) {
        String command = args.isEmpty() ? "help" : args.get(0);
        List<String> rest = args.subList(Math.min(1, args.size()), args.size());
        try {
            return switch (command) {
                case "precheck" -> new Precheck(console, clock).run(rest);
                case "check" -> new Check(console).run(rest);
                case "status" -> new Status(console, clock, Status.SLEEP).run(rest);
                case "help", "--help", "-h" -> help(console, rest);
                default -> throw new Options.UsageError("unknown command \"" + command + "\"");
            };
        } catch (Options.UsageError e) {
            console.note(e.getMessage());
            console.err().print(usage(command));
            return Verdict.COULD_NOT_TELL;
        } catch (RuntimeException e) {
            return internalError(console, e);
        }
    }

    /**
     * A failure nobody foresaw is no verdict: exit status 2, never 1 ("blocked", the JVM's status for
     * an uncaught exception), with the trace for a bug report.
     */
    private static Verdict internalError(Console console, Throwable e) {
        console.note("could not tell: internal error (" + e + "); please report it with the trace below");
        e.printStackTrace(console.err());
        return Verdict.COULD_NOT_TELL;
    }

    private static Verdict help(Console console, List<String> topic) {
        console.out().print(usage(topic.isEmpty() ? "help" : topic.get(0)));
        return Verdict.READY;
    }

    private static String usage(String command) {
        return switch (command) {
            case "precheck" -> Precheck.USAGE;
            case "check" -> Check.USAGE;
            case "status" -> Status.USAGE;
            default -> USAGE;
        };
    }

    /**
     * The libraries log through JBoss LogManager, as in the service (the fast-jar's slf4j binding
     * needs it), but unconfigured: only errors get through. Their notices (an unstable API version,
     * retries) are not the user's business; failures come back as results.
     */
    private static void quietLibraries() {
        // Before anything touches java.util.logging; else the log manager complains on stderr.
        if (System.getProperty("java.util.logging.manager") == null && onClasspath("org.jboss.logmanager.LogManager")) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        Logger.getLogger("").setLevel(Level.SEVERE);
        for (var handler : Logger.getLogger("").getHandlers()) {
            handler.setLevel(Level.SEVERE);
        }
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, HcoGuardCli.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
