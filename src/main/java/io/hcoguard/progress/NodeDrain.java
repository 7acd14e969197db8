package io.hcoguard.progress;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A node being drained now: what drains it and every running VMI still on it, by namespace and name.
 *
 * @param causes never empty; the machine-config operator first, then NodeMaintenances, then an eviction
 */
public record NodeDrain(String node, List<DrainCause> causes, List<DrainedVmi> vmis) {

    public NodeDrain {
        causes = List.copyOf(causes);
        vmis = List.copyOf(vmis);
        if (causes.isEmpty()) {
            throw new IllegalArgumentException("a drain has a cause");
        }
    }

    /** The drain, as Events name it: its first cause, which stays while the drain lasts. */
    public String id() {
        return causes.get(0).id();
    }

    /** "the machine-config operator (drain-rendered-worker-5d1c) and NodeMaintenance nm-1". */
    public String drainedBy() {
        return causes.stream().map(DrainCause::describe).collect(Collectors.joining(" and "));
    }

    /** The VMIs the drain waits on forever. */
    public List<DrainedVmi> willNotLeave() {
        return with(Departure.WILL_NOT_LEAVE);
    }

    public List<DrainedVmi> with(Departure departure) {
        return vmis.stream().filter(vmi -> vmi.departure() == departure).toList();
    }

    public boolean stalled() {
        return vmis.stream().anyMatch(vmi -> vmi.departure() == Departure.WILL_NOT_LEAVE);
    }
}
