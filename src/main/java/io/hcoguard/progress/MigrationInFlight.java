package io.hcoguard.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A VirtualMachineInstanceMigration not finished yet: KubeVirt's final phases are Succeeded and
 * Failed ({@code VirtualMachineInstanceMigration.IsFinal}); any other, or none yet, is in flight.
 */
public record MigrationInFlight(String namespace, String name, String vmi, String phase) {

    static Optional<MigrationInFlight> from(JsonNode migration) {
        String phase = Texts.text(migration, "status", "phase");
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return Optional.empty();
        }
        return Optional.of(new MigrationInFlight(Texts.text(migration, "metadata", "namespace"),
                Texts.text(migration, "metadata", "name"), Texts.text(migration, "spec", "vmiName"), phase));
    }

    /** "vm-demo/kubevirt-evacuation-x7k2p: VMI vm-demo/web, Running". */
    public String describe() {
        return namespace + "/" + name + ": VMI " + namespace + "/" + vmi + ", " + (phase.isEmpty() ? "no phase yet" : phase);
    }
}
