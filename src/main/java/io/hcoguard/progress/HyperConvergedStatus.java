package io.hcoguard.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A HyperConverged CR's conditions, the guide's five first (ReconcileComplete, Available,
 * Progressing, Degraded, Upgradeable: what `oc get hco -o yaml` is read for during an update),
 * then any other in the CR's order. HCO sets Progressing=True with reason HCOUpgrading while it
 * upgrades (hyperconverged-cluster-operator, hyperconverged_controller.go).
 */
public record HyperConvergedStatus(String namespace, String name, List<Condition> conditions) {

    static final List<String> GUIDE_ORDER = List.of("ReconcileComplete", "Available", "Progressing", "Degraded", "Upgradeable");

    public HyperConvergedStatus {
        conditions = List.copyOf(conditions);
    }

    static HyperConvergedStatus from(JsonNode hyperConverged) {
        List<Condition> conditions = new ArrayList<>(Condition.of(hyperConverged.path("status").path("conditions")));
        conditions.sort(Comparator.comparingInt(c -> GUIDE_ORDER.contains(c.type()) ? GUIDE_ORDER.indexOf(c.type()) : GUIDE_ORDER.size()));
        return new HyperConvergedStatus(Texts.text(hyperConverged, "metadata", "namespace"),
                Texts.text(hyperConverged, "metadata", "name"), conditions);
    }

    public boolean progressing() {
        return Condition.find(conditions, "Progressing").map(Condition::isTrue).orElse(false);
    }
}
