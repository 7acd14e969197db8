package io.hcoguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One running VMI as the readiness report lists it ({@code nodes[].vmis[]}), with the fields tests
 * compare: its drain and workload-update outcomes, why it cannot migrate, which upgrades it blocks.
 *
 * @param ref "namespace/name"
 * @param blocks "cluster", "virtualization"
 */
public record ReportedVmi(String ref, String drainOutcome, String updateOutcome, List<String> reasons, List<String> blocks) {

    public ReportedVmi {
        reasons = List.copyOf(reasons);
        blocks = List.copyOf(blocks);
    }

    /** Every VMI of a report, node by node, in the report's order. */
    static List<ReportedVmi> of(JsonNode report) {
        List<ReportedVmi> vmis = new ArrayList<>();
        for (JsonNode node : report.path("nodes")) {
            for (JsonNode vmi : node.path("vmis")) {
                vmis.add(new ReportedVmi(vmi.path("namespace").asText() + "/" + vmi.path("vmi").asText(),
                        vmi.path("drainOutcome").asText(), vmi.path("updateOutcome").asText(),
                        texts(vmi.path("reasons")), texts(vmi.path("blocks"))));
            }
        }
        return vmis;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
