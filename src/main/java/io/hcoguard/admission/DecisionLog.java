package io.hcoguard.admission;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one log line of each admission decision. The fields are in the message (readable on a
 * terminal) and in the MDC, so the JSON format (in the cluster) carries them as keys of "mdc" for
 * OpenShift logging or Loki to filter on without parsing the message.
 *
 * <p>The request's I/O thread only queues the fields; this log's own thread formats and writes the
 * line. The queue blocks when full rather than drop (the lines are the audit trail of who was denied
 * what), and {@link #close()} waits until every queued line is written: the console handler itself
 * stays synchronous, so nothing logged before the process exits is lost (jboss-logmanager's
 * AsyncHandler, tried before this, lost the last lines at SIGTERM: its close does not wait for its
 * thread).
 */
final class DecisionLog implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DecisionLog.class);
    private static final int QUEUE_LENGTH = 1024;
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(5);

    private final BlockingQueue<Map<String, String>> queue = new ArrayBlockingQueue<>(QUEUE_LENGTH);
    /** Lines queued and not yet written. */
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;

    DecisionLog() {
        Thread writer = new Thread(this::writeQueued, "hco-guard-decision-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the decision's line; after {@link #close()}, writes it on the calling thread. */
    void log(String webhook, AdmissionInput input, Decision decision) {
        Map<String, String> fields = fields(webhook, input, decision);
        pending.incrementAndGet();
        if (closed) {
            write(fields);
            return;
        }
        try {
            queue.put(fields);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(fields);
        }
    }

    /** Waits, up to a few seconds, until every queued line is written; later lines are written at once. */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + CLOSE_DEADLINE.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        if (pending.get() > 0) {
            LOG.warnf("%d decision lines still queued after %s at shutdown", pending.get(), CLOSE_DEADLINE);
        }
    }

    private void writeQueued() {
        while (true) {
            try {
                write(queue.take());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void write(Map<String, String> fields) {
        fields.forEach(MDC::put);
        try {
            LOG.info(message(fields));
        } finally {
            fields.keySet().forEach(MDC::remove);
            pending.decrementAndGet();
        }
    }

    /** uid, webhook, kind, namespace, name, user, outcome, dryRun and the audit annotations, in that order. */
    static Map<String, String> fields(String webhook, AdmissionInput input, Decision decision) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("uid", input.uid());
        fields.put("webhook", webhook);
        fields.put("kind", input.kind().map(k -> k.getKind()).orElse(""));
        fields.put("namespace", orEmpty(input.request().getNamespace()));
        fields.put("name", orEmpty(input.request().getName()));
        fields.put("user", input.username());
        fields.put("outcome", outcome(decision));
        fields.put("dryRun", Boolean.toString(input.dryRun()));
        decision.auditAnnotations().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> fields.put("audit." + e.getKey(), e.getValue()));
        return fields;
    }

    /** "allowed", "patched" (allowed with a JSON Patch) or "denied". */
    static String outcome(Decision decision) {
        return !decision.allowed() ? "denied" : decision.hasPatch() ? "patched" : "allowed";
    }

    static String message(Map<String, String> fields) {
        return "admission " + fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + quoted(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String quoted(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '\\' || c == 127)) {
            return value;
        }
        StringBuilder out = new StringBuilder("\"");
        value.chars().forEach(c -> {
            switch (c) {
                case '"', '\\' -> out.append('\\').append((char) c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < ' ' || c == 127) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
