package io.hcoguard.admission;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one log line of each admission decision. The fields are in the message (readable on a
 * terminal) and in the MDC, so the JSON format (in the cluster) carries them as keys of "mdc" for
 * OpenShift logging or Loki to filter on without parsing the message. Logged on the request's
 * thread, but formatted and written on the console's async handler thread
 * ({@code quarkus.log.console.async} in application.properties), which blocks rather than drops.
 */
final class DecisionLog {

    private static final Logger LOG = Logger.getLogger(DecisionLog.class);

    private DecisionLog() {
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

    static void log(String webhook, AdmissionInput input, Decision decision) {
        Map<String, String> fields = fields(webhook, input, decision);
        fields.forEach(MDC::put);
        try {
            LOG.info(message(fields));
        } finally {
            fields.keySet().forEach(MDC::remove);
        }
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
