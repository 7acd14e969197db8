package io.hcoguard.progress;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When this process first saw each node draining: neither the machine-config operator's annotations
 * nor a NodeMaintenance's status say when a drain began, so "since" is the first sighting, and says
 * so. In memory, per process; a node that stops draining is forgotten.
 */
public final class DrainTimeline {

    private final Map<String, Instant> firstSeen = new HashMap<>();

    /** When the node was first seen draining; {@code now} if this is the first time. */
    public synchronized Instant since(String node, Instant now) {
        return firstSeen.computeIfAbsent(node, n -> now);
    }

    /** Records the drains seen now and forgets nodes that no longer drain; returns when each was first seen. */
    public synchronized Map<String, Instant> observe(List<NodeDrain> drains, Instant now) {
        Set<String> draining = drains.stream().map(NodeDrain::node).collect(Collectors.toSet());
        firstSeen.keySet().retainAll(draining);
        Map<String, Instant> since = new HashMap<>();
        for (String node : draining) {
            since.put(node, firstSeen.computeIfAbsent(node, n -> now));
        }
        return since;
    }
}
