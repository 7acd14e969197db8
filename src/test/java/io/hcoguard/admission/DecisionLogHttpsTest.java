package io.hcoguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.AsyncHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Over HTTPS, each answered AdmissionReview leaves exactly one log record, with its fields in the MDC. */
@QuarkusTest
class DecisionLogHttpsTest {

    private static final String HCO_TYPO = "{\"apiVersion\":\"hco.kubevirt.io/v1beta1\",\"kind\":\"HyperConverged\","
            + "\"metadata\":{\"name\":\"kubevirt-hyperconverged\"},\"spec\":{\"workloadUpdateStrategy\":"
            + "{\"workloadUpdateMethods\":[\"livemigrate\"]}}}";

    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> writers = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ExtLogRecord ext = (ExtLogRecord) record;
            ext.copyMdc();
            writers.add(Thread.currentThread().getName());
            records.add(ext);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void https() {
        RestAssured.useRelaxedHTTPSValidation();
    }

    @BeforeEach
    void attach() {
        Logger.getLogger(DecisionLog.class.getName()).addHandler(capture);
    }

    @AfterEach
    void detach() {
        Logger.getLogger(DecisionLog.class.getName()).removeHandler(capture);
    }

    @Test
    void deniedHyperConvergedEditIsLoggedOnceWithItsFields() {
        given().contentType(ContentType.JSON)
                .body(AdmissionReviews.request("uid-typo", "hco.kubevirt.io", "v1beta1", "HyperConverged", "hyperconvergeds",
                        "CREATE", HCO_TYPO, null).toString())
                .post("/validate-hyperconverged")
                .then().statusCode(200);

        // Written by the decision log's own thread after the answer: wait for it, then for nothing more.
        await().atMost(Duration.ofSeconds(10)).until(() -> !records.isEmpty());
        assertThat(records).hasSize(1);
        assertThat(writers).containsExactly("hco-guard-decision-log");
        ExtLogRecord record = records.get(0);
        assertThat(record.getFormattedMessage()).isEqualTo("admission uid=uid-typo webhook=validate-hyperconverged"
                + " kind=HyperConverged namespace=\"\" name=object-name user=admin outcome=denied dryRun=false");
        assertThat(Map.of("uid", record.getMdc("uid"), "kind", record.getMdc("kind"), "outcome", record.getMdc("outcome"),
                "dryRun", record.getMdc("dryRun"), "user", record.getMdc("user")))
                .isEqualTo(Map.of("uid", "uid-typo", "kind", "HyperConverged", "outcome", "denied", "dryRun", "false", "user", "admin"));
    }

    @Test
    void theConsoleHandlerWritesAsRecordsAreLoggedSoNoneIsLostAtExit() {
        List<AsyncHandler> async = new ArrayList<>();
        collectAsync(Logger.getLogger("").getHandlers(), async);

        // An async console handler lost the last lines when the process exited (its close does not wait).
        assertThat(async).isEmpty();
    }

    /** Quarkus nests the configured handlers (its delayed handler holds the others). */
    private static void collectAsync(Handler[] handlers, List<AsyncHandler> found) {
        for (Handler handler : handlers) {
            if (handler instanceof AsyncHandler asyncHandler) {
                found.add(asyncHandler);
            }
            if (handler instanceof ExtHandler parent) {
                collectAsync(parent.getHandlers(), found);
            }
        }
    }

    @Test
    void invalidBodyIsNoDecisionAndIsNotLoggedAsOne() {
        given().contentType(ContentType.JSON).body("{not json").post("/validate-upgrade").then().statusCode(400);

        assertThat(records).isEmpty();
    }
}
