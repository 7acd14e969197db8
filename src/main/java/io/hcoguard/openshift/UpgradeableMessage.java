package io.hcoguard.openshift;

import io.hcoguard.migratability.ClusterSettings;
import io.hcoguard.migratability.DrainOutcome;
import io.hcoguard.migratability.VmiVerdict;
import io.hcoguard.upgrade.UpgradeGate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The short messages OpenShift shows for hco-guard (`oc adm upgrade`, the console's Cluster
 * Settings, a CSV's status): what blocks, where, the first VMIs, and where to see the rest. The
 * full list with each fix is the readiness report's job.
 */
final class UpgradeableMessage {

    /** VMIs named in a message; the rest are counted. */
    static final int LISTED = 3;
    static final String SEE_ALL = "Every VMI with its fix: kubectl hco-guard precheck, or GET " + UpgradeGate.READINESS_PATH + ".";

    private UpgradeableMessage() {
    }

    /**
     * ClusterOperator hco-guard's Upgradeable=False message, e.g. "3 running VMIs block cluster
     * updates: 2 stall the drain, 1 is shut down for good. By node: worker-1: 2, worker-2: 1. VMIs:
     * db/pg-0, db/pg-1, lab/scratch. Every VMI with its fix: ... To accept the risk: oc adm upgrade
     * accept ClusterOperatorUpgradeable-hco-guard".
     *
     * @param blockers not empty, by node, namespace and name
     */
    static String clusterUpdate(List<VmiVerdict> blockers) {
        Map<DrainOutcome, Integer> outcomes = new EnumMap<>(DrainOutcome.class);
        blockers.forEach(b -> outcomes.merge(b.drain().outcome(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        outcomes.forEach((outcome, count) -> parts.add(count + " " + outcome.phrase(count)));
        return runningVmis(blockers.size()) + (blockers.size() == 1 ? " blocks" : " block") + " cluster updates: "
                + String.join(", ", parts) + ". By node: " + countedBy(blockers) + ". VMIs: " + firstVmis(blockers) + ". "
                + SEE_ALL + " To accept the risk: oc adm upgrade accept " + UpgradeGate.ACCEPTED_RISK;
    }

    /**
     * hco-guard's override message on HCO's OperatorCondition; OLM shows it in the pending CSV's
     * status ("operator is not upgradeable: ...").
     *
     * @param blockers not empty
     */
    static String virtualizationUpdate(List<VmiVerdict> blockers, ClusterSettings settings) {
        return "hco-guard holds OKD Virtualization updates: the workload update (workloadUpdateMethods "
                + settings.workloadUpdate().methodsText() + ") would shut down " + runningVmis(blockers.size())
                + " for good: " + firstVmis(blockers) + ". " + SEE_ALL + " The hold lifts when none is left.";
    }

    /** "worker-1: 2, worker-2: 1": drains go node by node (the blockers come sorted by node). */
    private static String countedBy(List<VmiVerdict> blockers) {
        return blockers.stream()
                .collect(Collectors.groupingBy(b -> b.vmi().nodeText(), LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream().map(count -> count.getKey() + ": " + count.getValue()).collect(Collectors.joining(", "));
    }

    /** "db/pg-0, db/pg-1, lab/scratch and 2 more". */
    private static String firstVmis(List<VmiVerdict> blockers) {
        List<String> names = new ArrayList<>();
        blockers.stream().limit(LISTED).forEach(b -> names.add(b.vmi().ref()));
        return String.join(", ", names) + (blockers.size() > LISTED ? " and " + (blockers.size() - LISTED) + " more" : "");
    }

    private static String runningVmis(int count) {
        return count + (count == 1 ? " running VMI" : " running VMIs");
    }
}
