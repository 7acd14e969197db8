package io.hcoguard.progress;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ClusterVersion's update: the version reached last, the target, and the cluster-version
 * operator's Progressing condition ("Working towards 4.16.3: 512 of 870 done (58% complete)").
 *
 * @param current the newest {@code status.history} entry in state Completed, "" when none
 * @param target {@code status.desired.version}
 * @param progressing the Progressing condition is True
 * @param message the Progressing condition's message
 */
public record ClusterVersionStatus(String current, String target, boolean progressing, String message) {

    static ClusterVersionStatus from(JsonNode clusterVersion) {
        String current = "";
        for (JsonNode entry : clusterVersion.path("status").path("history")) { // newest first
            if ("Completed".equals(Texts.text(entry, "state"))) {
                current = Texts.text(entry, "version");
                break;
            }
        }
        Condition progressing = Condition.find(Condition.of(clusterVersion.path("status").path("conditions")), "Progressing")
                .orElse(new Condition("Progressing", "", "", ""));
        return new ClusterVersionStatus(current, Texts.text(clusterVersion, "status", "desired", "version"),
                progressing.isTrue(), progressing.message());
    }

    /** "4.15.20, no update in progress" or "updating 4.15.20 -> 4.16.3: Working towards 4.16.3: ...". */
    public String describe() {
        String at = current.isEmpty() ? "(no completed version)" : current;
        if (!progressing) {
            return at + ", no update in progress";
        }
        return "updating " + at + " -> " + (target.isEmpty() ? "?" : target) + (message.isEmpty() ? "" : ": " + message);
    }
}
