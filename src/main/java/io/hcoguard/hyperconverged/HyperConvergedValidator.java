package io.hcoguard.hyperconverged;

import static io.hcoguard.hyperconverged.WorkloadUpdateMethod.EVICT;
import static io.hcoguard.hyperconverged.WorkloadUpdateMethod.LIVE_MIGRATE;

import com.fasterxml.jackson.databind.JsonNode;
import io.hcoguard.admission.Decision;
import io.hcoguard.migratability.EvictionStrategy;
import io.hcoguard.migratability.WorkloadForecast;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Denies a HyperConverged edit that KubeVirt would silently ignore or misread, naming every
 * broken field at once, and warns about running VMIs the allowed settings will hurt.
 */
public final class HyperConvergedValidator {

    /** KubeVirt's eviction strategies; the CRD has an enum, but a typo must get a suggestion. */
    static final AllowedValues EVICTION_STRATEGIES = new AllowedValues(EvictionStrategy.spellings());


    static final String BATCH_SIZE_RULE = "an integer >= 1";
    static final String DURATION_RULE = "a Go duration, not negative, such as \"1m30s\" (units " + GoDuration.UNITS + ")";

    public Decision validate(HyperConvergedEdit edit, Optional<WorkloadForecast> workloads) {
        Optional<HyperConvergedLayout> layout = HyperConvergedLayout.of(edit.apiVersion());
        if (layout.isEmpty()) {
            return Decision.allow().withWarning("HyperConverged apiVersion " + ValueText.of(edit.apiVersion())
                    + " is unknown to hco-guard, nothing was checked");
        }
        if (edit.object() == null || !edit.object().isObject()) {
            return Decision.allow();
        }
        HyperConverged hco = new HyperConverged(layout.get(), edit.object());
        List<Violation> violations = violations(hco);
        // Like Kubernetes' validation ratcheting: a problem the edit did not bring in does not block
        // it, so HCO can still update its own CR when an old value is bad. The stored object counts
        // as it is and as the mutating webhook (which runs first) rewrites it: dropping a repeated
        // method moves a bad entry to another index, and the message with it.
        Set<String> before = edit.oldObject() == null || !edit.oldObject().isObject()
                ? Set.of()
                : Stream.of(edit.oldObject(), HyperConvergedDefaulter.defaulted(layout.get(), edit.oldObject()))
                        .flatMap(old -> violations(new HyperConverged(layout.get(), old)).stream())
                        .map(Violation::message)
                        .collect(Collectors.toSet());
        List<Violation> introduced = violations.stream().filter(v -> !before.contains(v.message())).toList();
        if (!introduced.isEmpty()) {
            return Decision.deny(introduced.stream().map(Violation::message).collect(Collectors.joining("; ")));
        }
        List<String> warnings = new ArrayList<>();
        inertBatchSize(hco).ifPresent(warnings::add);
        noPause(hco).ifPresent(warnings::add);
        neverUpdatedByMigration(hco).ifPresent(warnings::add);
        Optional<HyperConverged> old = edit.oldObject() == null || !edit.oldObject().isObject()
                ? Optional.empty()
                : Optional.of(new HyperConverged(layout.get(), edit.oldObject()));
        workloads.ifPresent(forecast -> warnings.addAll(RunningWorkloadWarnings.of(hco, old, forecast)));
        if (!violations.isEmpty()) {
            warnings.add(keptUnchanged(violations));
        }
        return Decision.allow().withWarnings(warnings);
    }

    private static List<Violation> violations(HyperConverged hco) {
        List<Violation> violations = new ArrayList<>();
        HyperConvergedLayout layout = hco.layout();
        hco.get(layout.workloadUpdateStrategy()).ifPresent(strategy -> {
            if (!strategy.isObject()) {
                violations.add(Violation.mustBe(layout.workloadUpdateStrategy(),
                        "an object with workloadUpdateMethods", strategy));
                return;
            }
            methodViolations(hco, violations);
            liveMigrationOff(hco).ifPresent(violations::add);
            if (hco.methods().contains(EVICT)) {
                hco.get(layout.batchEvictionSize())
                        .filter(size -> !isBatchSize(size))
                        .ifPresent(size -> violations.add(Violation.mustBe(layout.batchEvictionSize(),
                                BATCH_SIZE_RULE + " when \"Evict\" is listed", size)));
            }
            hco.get(layout.batchEvictionInterval()).flatMap(interval -> intervalViolation(layout, interval))
                    .ifPresent(violations::add);
        });
        hco.get(layout.evictionStrategy())
                .flatMap(strategy -> notOneOf(layout.evictionStrategy(), strategy, EVICTION_STRATEGIES))
                .ifPresent(violations::add);
        return violations;
    }

    private static void methodViolations(HyperConverged hco, List<Violation> violations) {
        FieldPath field = hco.layout().workloadUpdateMethods();
        hco.get(field).ifPresent(methods -> {
            if (!methods.isArray()) {
                violations.add(Violation.mustBe(field,
                        "a list such as [\"LiveMigrate\"] (allowed: " + WorkloadUpdateMethod.ALLOWED + ")", methods));
                return;
            }
            // Duplicates are no violation: the mutating webhook, which runs first, drops them.
            for (int i = 0; i < methods.size(); i++) {
                notOneOf(field.element(i), methods.get(i), WorkloadUpdateMethod.ALLOWED).ifPresent(violations::add);
            }
        });
    }

    private static Optional<Violation> notOneOf(FieldPath field, JsonNode value, AllowedValues allowed) {
        String requirement = "one of " + allowed;
        if (!value.isTextual()) {
            return Optional.of(Violation.mustBe(field, requirement, value));
        }
        if (allowed.contains(value.textValue())) {
            return Optional.empty();
        }
        String suggestion = allowed.suggestionFor(value.textValue())
                .map(meant -> ", did you mean \"" + meant + "\"?")
                .orElse("");
        return Optional.of(Violation.mustBe(field, requirement, value, suggestion));
    }

    /** With live migration off, "LiveMigrate" alone means no VMI is ever updated. */
    private static Optional<Violation> liveMigrationOff(HyperConverged hco) {
        HyperConvergedLayout layout = hco.layout();
        if (!hco.methods().equals(Set.of(LIVE_MIGRATE))) {
            return Optional.empty();
        }
        String switchedOff = List.of(layout.parallelMigrationsPerCluster(), layout.parallelOutboundMigrationsPerNode())
                .stream()
                .filter(hco::isZero)
                .map(field -> field + ": 0")
                .collect(Collectors.joining(", "));
        if (switchedOff.isEmpty()) {
            return Optional.empty();
        }
        FieldPath methods = layout.workloadUpdateMethods();
        return Optional.of(new Violation(methods, methods + ": must list \"Evict\" too while live migration is off ("
                + switchedOff + "), got " + ValueText.of(hco.get(methods).orElseThrow())));
    }

    private static Optional<Violation> intervalViolation(HyperConvergedLayout layout, JsonNode interval) {
        return unparsableInterval(layout, interval).or(() -> {
            if (GoDuration.parse(interval.textValue()).isNegative()) {
                return Optional.of(Violation.mustBe(layout.batchEvictionInterval(), DURATION_RULE, interval, " (negative)"));
            }
            return Optional.empty();
        });
    }

    /**
     * What HCO's own mutating webhook cannot even decode ("failed to parse the HyperConverged"):
     * the mutating webhook denies it with this message, as it runs before HCO's.
     */
    static Optional<Violation> unparsableInterval(HyperConvergedLayout layout, JsonNode interval) {
        if (!interval.isTextual()) {
            return Optional.of(Violation.mustBe(layout.batchEvictionInterval(), DURATION_RULE, interval, " (not a string)"));
        }
        try {
            GoDuration.parse(interval.textValue());
            return Optional.empty();
        } catch (IllegalArgumentException invalid) {
            return Optional.of(Violation.mustBe(layout.batchEvictionInterval(), DURATION_RULE, interval,
                    " (" + invalid.getMessage() + ")"));
        }
    }

    /** 0s is valid for KubeVirt, and probably not meant: every pass evicts a batch. */
    private static Optional<String> noPause(HyperConverged hco) {
        return hco.get(hco.layout().batchEvictionInterval())
                .filter(JsonNode::isTextual)
                .filter(interval -> unparsableInterval(hco.layout(), interval).isEmpty())
                .filter(interval -> GoDuration.parse(interval.textValue()).isZero())
                .map(interval -> "batchEvictionInterval " + ValueText.of(interval)
                        + ": KubeVirt evicts a batch on every pass, without a pause");
    }

    /**
     * KubeVirt keeps a VMI it could migrate in the LiveMigrate group even while migrations are off, so
     * Evict never reaches it: true of the settings alone, whatever runs now (DESIGN "Warnings").
     */
    private static Optional<String> neverUpdatedByMigration(HyperConverged hco) {
        Set<WorkloadUpdateMethod> methods = hco.methods();
        if (methods.contains(LIVE_MIGRATE) && methods.contains(EVICT) && RunningWorkloadWarnings.liveMigrationOff(hco)) {
            return Optional.of("\"LiveMigrate\" with \"Evict\" while live migration is off:"
                    + " VMIs that could migrate are never updated");
        }
        return Optional.empty();
    }

    static boolean isBatchSize(JsonNode size) {
        return size.isIntegralNumber() && size.canConvertToLong() && size.longValue() >= 1;
    }

    /** KubeVirt reads the batch size only for "Evict"; a bad one is harmless until then, so only warn. */
    private static Optional<String> inertBatchSize(HyperConverged hco) {
        HyperConvergedLayout layout = hco.layout();
        if (hco.methods().contains(EVICT)) {
            return Optional.empty();
        }
        return hco.get(layout.batchEvictionSize())
                .filter(size -> !isBatchSize(size))
                .map(size -> "batchEvictionSize must be " + BATCH_SIZE_RULE + " once \"Evict\" is listed, got "
                        + ValueText.of(size));
    }

    private static String keptUnchanged(List<Violation> violations) {
        if (violations.size() == 1) {
            return "kept unchanged though invalid: " + violations.get(0).field();
        }
        return "kept " + violations.size() + " unchanged invalid values, first: " + violations.get(0).field();
    }
}
