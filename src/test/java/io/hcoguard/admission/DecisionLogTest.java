package io.hcoguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one log line of a decision: every field the issue asks for, in a stable order, quoted when needed. */
class DecisionLogTest {

    private static final String HCO = "{\"apiVersion\":\"hco.kubevirt.io/v1beta1\",\"kind\":\"HyperConverged\","
            + "\"metadata\":{\"name\":\"kubevirt-hyperconverged\",\"namespace\":\"kubevirt-hyperconverged\"}}";

    private static AdmissionInput input(boolean dryRun) {
        ObjectNode review = AdmissionReviews.request("3f1c", "hco.kubevirt.io", "v1beta1", "HyperConverged", "hyperconvergeds",
                "UPDATE", HCO, HCO);
        ((ObjectNode) review.get("request")).put("namespace", "kubevirt-hyperconverged").put("dryRun", dryRun);
        return new AdmissionReviewCodec().decode(review.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void deniedDecisionNamesUidKindNameUserOutcomeAndDryRun() {
        Map<String, String> fields = DecisionLog.fields("validate-hyperconverged", input(true), Decision.deny("no"));

        assertThat(fields).containsExactly(
                entry("uid", "3f1c"), entry("webhook", "validate-hyperconverged"), entry("kind", "HyperConverged"),
                entry("namespace", "kubevirt-hyperconverged"), entry("name", "object-name"), entry("user", "admin"),
                entry("outcome", "denied"), entry("dryRun", "true"));
        assertThat(DecisionLog.message(fields)).isEqualTo("admission uid=3f1c webhook=validate-hyperconverged kind=HyperConverged"
                + " namespace=kubevirt-hyperconverged name=object-name user=admin outcome=denied dryRun=true");
    }

    @Test
    void patchedIsAnAllowedDecisionWithAPatch() {
        Decision patched = Decision.patch(AdmissionReviews.json("[{\"op\":\"remove\",\"path\":\"/spec/x\"}]"));

        assertThat(DecisionLog.outcome(patched)).isEqualTo("patched");
        assertThat(DecisionLog.outcome(Decision.patch(AdmissionReviews.json("[]")))).isEqualTo("allowed");
        assertThat(DecisionLog.outcome(Decision.allow().withWarnings(List.of("w")))).isEqualTo("allowed");
    }

    @Test
    void overrideAuditAnnotationsFollowSortedAndValuesWithSpacesAreQuoted() {
        Decision overridden = Decision.allow().withAuditAnnotation("override-user", "system:admin")
                .withAuditAnnotation("override-reason", "maintenance window \"B\"");

        String message = DecisionLog.message(DecisionLog.fields("validate-upgrade", input(false), overridden));

        assertThat(message).endsWith(" outcome=allowed dryRun=false audit.override-reason=\"maintenance window \\\"B\\\"\""
                + " audit.override-user=system:admin");
    }

    @Test
    void emptyAndControlCharacterValuesStayOnOneLine() {
        assertThat(DecisionLog.message(new java.util.LinkedHashMap<>(Map.of("name", ""))))
                .isEqualTo("admission name=\"\"");
        assertThat(DecisionLog.message(new java.util.LinkedHashMap<>(Map.of("user", "a\nb\u0001"))))
                .isEqualTo("admission user=\"a\\nb\\u0001\"");
    }

    @Test
    void closeReturnsOnlyOnceEveryQueuedLineIsWrittenInOrderNoneDropped() throws Exception {
        List<String> written = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                written.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(DecisionLog.class.getName());
        logger.addHandler(capture);
        logger.setUseParentHandlers(false); // 2,048 lines kept off the build's console
        try (DecisionLog log = new DecisionLog()) {
            // Twice the queue's length: the callers wait when it is full rather than drop a line.
            for (int i = 0; i < 2048; i++) {
                log.log("validate-" + i, input(true), Decision.allow());
            }
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(true);
        }

        assertThat(written).hasSize(2048);
        assertThat(written.get(0)).startsWith("admission uid=3f1c webhook=validate-0 ");
        assertThat(written.get(2047)).startsWith("admission uid=3f1c webhook=validate-2047 ");
    }

    @Test
    void afterCloseALineIsWrittenOnTheCallersThread() {
        List<String> threads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                threads.add(Thread.currentThread().getName());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(DecisionLog.class.getName());
        DecisionLog log = new DecisionLog();
        log.close();
        logger.addHandler(capture);
        try {
            log.log("validate-upgrade", input(false), Decision.deny("no"));
        } finally {
            logger.removeHandler(capture);
        }

        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }
}
