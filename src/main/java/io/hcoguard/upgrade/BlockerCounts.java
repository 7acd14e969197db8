package io.hcoguard.upgrade;

import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.VmiVerdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The counted phrases denials, warnings and the report share. */
final class BlockerCounts {

    private BlockerCounts() {
    }

    static String runningVmis(int count) {
        return count + (count == 1 ? " running VMI" : " running VMIs");
    }

    /** "2 running VMIs", "1 finished VMI", "2 running VMIs and 1 finished VMI": a finished VMI is no running VMI. */
    static String vmis(List<VmiVerdict> vmis) {
        int finished = (int) vmis.stream().filter(VmiVerdict::isFinished).count();
        int running = vmis.size() - finished;
        if (finished == 0) {
            return runningVmis(running);
        }
        String done = finished + (finished == 1 ? " finished VMI" : " finished VMIs");
        return running == 0 ? done : runningVmis(running) + " and " + done;
    }

    /** "3 running VMIs block it: 2 stall the drain, 1 is shut down for good". */
    static String drainSummary(List<VmiVerdict> blockers) {
        Map<DrainOutcome, Integer> counts = new EnumMap<>(DrainOutcome.class);
        blockers.forEach(b -> counts.merge(b.drain().outcome(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((outcome, count) -> parts.add(count + " " + outcome.phrase(count)));
        return vmis(blockers) + (blockers.size() == 1 ? " blocks it: " : " block it: ") + String.join(", ", parts);
    }
}
