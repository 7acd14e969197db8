package io.hcoguard.hyperconverged;

import io.hcoguard.admission.AdmissionInput;
import io.hcoguard.admission.AdmissionWebhook;
import io.hcoguard.admission.Decision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.function.Function;

/** Wires the pure HyperConverged rules to their webhook paths. */
@ApplicationScoped
public class HyperConvergedWebhooks {

    private final HyperConvergedValidator validator = new HyperConvergedValidator();
    private final HyperConvergedDefaulter defaulter = new HyperConvergedDefaulter();
    private final RunningWorkloadsSource workloads;

    HyperConvergedWebhooks(RunningWorkloadsSource workloads) {
        this.workloads = workloads;
    }

    @Produces
    @ApplicationScoped
    AdmissionWebhook mutating() {
        return new HyperConvergedWebhook("mutate-hyperconverged", defaulter::mutate);
    }

    @Produces
    @ApplicationScoped
    AdmissionWebhook validating() {
        return new HyperConvergedWebhook("validate-hyperconverged", edit -> validator.validate(edit, workloads.current()));
    }

    /** One HyperConverged rule behind a webhook path; other kinds pass with a warning. */
    record HyperConvergedWebhook(String name, Function<HyperConvergedEdit, Decision> rule) implements AdmissionWebhook {

        @Override
        public Decision decide(AdmissionInput input) {
            if (!input.isKind("hco.kubevirt.io", "HyperConverged")) {
                return Decision.allow().withWarning("hco-guard " + name + " does not judge " + input.describe()
                        + "; check the webhook configuration");
            }
            if (input.object() == null) {
                return Decision.allow();
            }
            return rule.apply(new HyperConvergedEdit(input.apiVersion(), input.object(), input.oldObject()));
        }
    }
}
