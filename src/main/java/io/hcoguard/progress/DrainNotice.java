package io.hcoguard.progress;

import io.hcoguard.migratability.Remediation;
import io.hcoguard.migratability.VmiVerdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One Warning Event to write about a stalled drain: on the Node, and on each VMI that will not leave.
 * One per object per drain, never repeated: its name is derived from the object and the drain, so
 * every replica and every restart would write the same Event, and the API server refuses a second.
 *
 * @param name the Event's name, unique per object and drain
 * @param namespace where the Event goes: the VMI's namespace, "default" for a Node (as the kubelet does)
 */
public record DrainNotice(String name, String namespace, Involved involved, String reason, String message) {

    public static final String REASON = "DrainStalled";
    /** The API server truncates longer Event messages; keep the end of the sentence readable instead. */
    static final int MAX_MESSAGE = 1024;
    private static final int MAX_NAME = 253;

    /** The object the Event is about; {@code namespace} is "" for a Node. */
    public record Involved(String apiVersion, String kind, String namespace, String name) {
    }

    /** The Events the stalled drains call for, Node first, then each VMI that will not leave. */
    public static List<DrainNotice> of(List<NodeDrain> drains) {
        List<DrainNotice> notices = new ArrayList<>();
        for (NodeDrain drain : drains) {
            if (!drain.stalled()) {
                continue;
            }
            List<DrainedVmi> stuck = drain.willNotLeave();
            notices.add(notice(new Involved("v1", "Node", "", drain.node()), drain,
                    "The drain of " + drain.node() + " by " + drain.drainedBy() + " waits on " + Draining.vmis(stuck.size())
                            + " that will not leave: " + stuck.stream().map(DrainedVmi::ref).collect(Collectors.joining(", "))
                            + ". Each has an Event with its fix; `kubectl hco-guard status` shows the whole update."));
            for (DrainedVmi vmi : stuck) {
                VmiVerdict verdict = vmi.verdict();
                Remediation fix = verdict.drainRemediation();
                String commands = fix.commands().isEmpty() ? "" : ": " + String.join("; ", fix.commands());
                notices.add(notice(new Involved("kubevirt.io/v1", "VirtualMachineInstance", verdict.vmi().namespace(),
                                verdict.vmi().name()), drain,
                        "Stalls the drain of " + drain.node() + " by " + drain.drainedBy() + ": it "
                                + verdict.drain().consequence() + ". Fix: " + fix.advice() + commands + "."));
            }
        }
        return notices;
    }

    private static DrainNotice notice(Involved involved, NodeDrain drain, String message) {
        String suffix = ".hco-guard-drain-" + hash(involved.kind() + "/" + involved.namespace() + "/" + involved.name()
                + "|" + drain.node() + "|" + drain.id());
        String head = involved.name().length() + suffix.length() > MAX_NAME
                ? involved.name().substring(0, MAX_NAME - suffix.length()).replaceAll("[^a-z0-9]+$", "")
                : involved.name();
        return new DrainNotice(head + suffix, involved.namespace().isEmpty() ? "default" : involved.namespace(), involved,
                REASON, message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JVM", e);
        }
    }
}
