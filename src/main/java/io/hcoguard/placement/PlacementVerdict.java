package io.hcoguard.placement;

import java.util.List;
import java.util.Objects;

/** Whether a migration of a VMI has somewhere to go. */
public sealed interface PlacementVerdict {

    /**
     * @param someTargets the first few target nodes by name (at most {@link Placement#SOME_TARGETS})
     * @param count how many nodes could take the migration
     */
    record HasTarget(List<String> someTargets, int count) implements PlacementVerdict {

        public HasTarget {
            someTargets = List.copyOf(someTargets);
        }
    }

    /** @param reason which constraint leaves no node, in an admin's words */
    record NoTarget(String reason) implements PlacementVerdict {

        public NoTarget {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** @param why what the view lacks to judge, e.g. "the view knows no Node" */
    record NotJudged(String why) implements PlacementVerdict {

        public NotJudged {
            Objects.requireNonNull(why, "why");
        }
    }
}
