package io.hcoguard.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * An OKD Virtualization ClusterServiceVersion ({@code operators.coreos.com/v1alpha1}) and how far
 * OLM got with it.
 *
 * @param phase {@code status.phase} as OLM wrote it, "" before it wrote one
 * @param reason {@code status.reason}, e.g. "OperatorConditionNotUpgradeable"
 */
public record OperatorCsv(String namespace, String name, String version, String phase, String reason, String message) {

    /**
     * OLM's phases (operator-framework/api pkg/operators/v1alpha1/clusterserviceversion_types.go,
     * {@code ClusterServiceVersionPhase}); NOT_REPORTED before OLM wrote one, OTHER for a spelling it
     * does not define.
     */
    public enum Phase {
        PENDING("Pending"), INSTALL_READY("InstallReady"), INSTALLING("Installing"), SUCCEEDED("Succeeded"),
        FAILED("Failed"), UNKNOWN("Unknown"), REPLACING("Replacing"), DELETING("Deleting"), NOT_REPORTED(""), OTHER(null);

        private final String spelling;

        Phase(String spelling) {
            this.spelling = spelling;
        }

        static Phase parse(String text) {
            return Arrays.stream(values()).filter(p -> text.equals(p.spelling)).findFirst().orElse(OTHER);
        }
    }

    /** OLM's first look at a new CSV: not held, merely not checked yet. */
    static final String REQUIREMENTS_UNKNOWN = "RequirementsUnknown";

    static OperatorCsv from(JsonNode csv) {
        String phase = Texts.text(csv, "status", "phase");
        return new OperatorCsv(Texts.text(csv, "metadata", "namespace"), Texts.text(csv, "metadata", "name"),
                Texts.text(csv, "spec", "version"), phase, Texts.text(csv, "status", "reason"),
                Texts.firstLine(Texts.text(csv, "status", "message")));
    }

    public Phase parsedPhase() {
        return Phase.parse(phase);
    }

    /**
     * OLM holds it: Pending with a reason (requirements not met, or the replaced operator's
     * OperatorCondition says Upgradeable=False: OLM's {@code CSVReasonOperatorConditionNotUpgradeable}),
     * or Failed.
     */
    public boolean held() {
        Phase parsed = parsedPhase();
        return parsed == Phase.FAILED || parsed == Phase.PENDING && !reason.isEmpty() && !REQUIREMENTS_UNKNOWN.equals(reason);
    }

    /** "Succeeded", "Pending (OperatorConditionNotUpgradeable: operator is not upgradeable: ...)". */
    public String phaseText() {
        String spelled = phase.isEmpty() ? "(no phase yet)" : phase;
        return spelled + (parsedPhase() == Phase.SUCCEEDED ? "" : new Condition("", "", reason, message).detail());
    }
}
