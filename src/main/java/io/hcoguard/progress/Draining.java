package io.hcoguard.progress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A draining node as the readiness report ({@code nodes[].draining}) and {@code hco-guard status}
 * print it: plain values for any JSON mapper.
 *
 * @param since ISO-8601: when hco-guard first saw the node draining (no object records when a drain began)
 * @param drainedBy what drains it, e.g. "the machine-config operator (drain-rendered-worker-5d1c)"
 * @param willNotLeave how many of {@code waitsOn} will never leave: the drain waits forever
 * @param waitsOn every running VMI still on the node, by namespace and name
 */
public record Draining(String since, String drainedBy, int willNotLeave, List<Waiting> waitsOn) {

    /**
     * @param departure how it leaves: a {@link Departure} name
     * @param migrationTarget the node a migration in flight goes to, "" when none or not yet scheduled
     */
    public record Waiting(String namespace, String vmi, String departure, String drainOutcome, String migrationTarget) {
    }

    public Draining {
        waitsOn = List.copyOf(waitsOn);
    }

    public static Draining of(NodeDrain drain, Instant since) {
        List<Waiting> waiting = new ArrayList<>();
        for (DrainedVmi vmi : drain.vmis()) {
            waiting.add(new Waiting(vmi.verdict().vmi().namespace(), vmi.verdict().vmi().name(), vmi.departure().name(),
                    vmi.verdict().drain().outcome().name(), vmi.verdict().vmi().movement().migrationTarget()));
        }
        return new Draining(since.toString(), drain.drainedBy(), drain.willNotLeave().size(), waiting);
    }

    /** "draining since ... (first seen by hco-guard), by ...; waits on 1 VMI that will not leave: ns/db". */
    public String summary() {
        String head = "draining since " + since + " (first seen by hco-guard), by " + drainedBy;
        if (waitsOn.isEmpty()) {
            return head + "; no running VMI left on it";
        }
        if (willNotLeave == 0) {
            return head + "; " + vmis(waitsOn.size()) + " still on it, none stuck";
        }
        List<String> stuck = waitsOn.stream().filter(w -> Departure.WILL_NOT_LEAVE.name().equals(w.departure()))
                .map(w -> w.namespace() + "/" + w.vmi()).toList();
        return head + "; waits on " + vmis(willNotLeave) + " that will not leave: " + String.join(", ", stuck);
    }

    static String vmis(int count) {
        return count + (count == 1 ? " VMI" : " VMIs");
    }
}
