package io.hcoguard.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad bodies get a short JSON error over HTTPS, never a stack trace, and the service keeps serving. */
@QuarkusTest
class BadInputHttpsTest {

    private static final String CONFIG_MAP = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"}}";

    @BeforeAll
    static void https() {
        RestAssured.useRelaxedHTTPSValidation();
    }

    @AfterEach
    void stillServes() {
        given().contentType(ContentType.JSON)
                .body(AdmissionReviews.request("after", "", "v1", "ConfigMap", "configmaps", "CREATE", CONFIG_MAP, null).toString())
                .post("/validate-upgrade")
                .then().statusCode(200).body("response.uid", equalTo("after"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mutate-hyperconverged", "/validate-hyperconverged", "/validate-upgrade"})
    void rejectsBodyThatIsNotJson(String path) {
        given().contentType(ContentType.JSON).body("{not json").post(path)
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("status", equalTo(400))
                .body("error", startsWith("body is not valid JSON: "));
    }

    @Test
    void rejectsEmptyBody() {
        given().contentType(ContentType.JSON).post("/validate-upgrade")
                .then().statusCode(400)
                .body("error", equalTo("empty body: expected an admission.k8s.io/v1 AdmissionReview"));
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        given().contentType(ContentType.JSON).body("[1,2]").post("/validate-hyperconverged")
                .then().statusCode(400)
                .body("error", equalTo("expected a JSON object: an admission.k8s.io/v1 AdmissionReview"));
    }

    @Test
    void rejectsAdmissionReviewV1beta1() {
        given().contentType(ContentType.JSON)
                .body("{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\"}}")
                .post("/validate-hyperconverged")
                .then().statusCode(400)
                .body("error", equalTo("expected apiVersion admission.k8s.io/v1, kind AdmissionReview; "
                        + "got apiVersion \"admission.k8s.io/v1beta1\", kind \"AdmissionReview\""));
    }

    @Test
    void rejectsReviewWithoutRequest() {
        given().contentType(ContentType.JSON).body("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}")
                .post("/validate-hyperconverged")
                .then().statusCode(400).body("error", equalTo("AdmissionReview has no request"));
    }

    @Test
    void rejectsRequestWithoutUid() {
        var review = AdmissionReviews.request("x", "", "v1", "ConfigMap", "configmaps", "CREATE", CONFIG_MAP, null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) review.get("request")).remove("uid");
        given().contentType(ContentType.JSON).body(review.toString()).post("/validate-upgrade")
                .then().statusCode(400).body("error", equalTo("AdmissionReview request has no uid"));
    }

    @Test
    void rejectsRequestWithoutObject() {
        var review = AdmissionReviews.request("x", "hco.kubevirt.io", "v1beta1", "HyperConverged", "hyperconvergeds",
                "UPDATE", null, null);
        given().contentType(ContentType.JSON).body(review.toString()).post("/validate-hyperconverged")
                .then().statusCode(400).body("error", equalTo("AdmissionReview request has no object"));
    }

    @Test
    void rejectsObjectThatIsNotAnObject() {
        var review = AdmissionReviews.request("x", "hco.kubevirt.io", "v1beta1", "HyperConverged", "hyperconvergeds",
                "UPDATE", "\"text\"", null);
        given().contentType(ContentType.JSON).body(review.toString()).post("/mutate-hyperconverged")
                .then().statusCode(400).body("error", equalTo("AdmissionReview request object and oldObject must be JSON objects"));
    }

    @Test
    void rejectsMalformedEnvelope() {
        var review = AdmissionReviews.request("x", "", "v1", "ConfigMap", "configmaps", "CREATE", CONFIG_MAP, null);
        ((com.fasterxml.jackson.databind.node.ObjectNode) review.get("request")).put("userInfo", 5);
        given().contentType(ContentType.JSON).body(review.toString()).post("/validate-upgrade")
                .then().statusCode(400).body("error", startsWith("malformed AdmissionReview request: "));
    }

    @Test
    void rejectsBodyOverSevenMebibytes() {
        String big = "{\"apiVersion\":\"admission.k8s.io/v1\",\"pad\":\"" + "x".repeat(7 * 1024 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(big).post("/validate-hyperconverged")
                .then().statusCode(413)
                .body("error", equalTo("body of " + big.length() + " bytes exceeds the limit of 7340032 bytes"));
    }

    @Test
    void rejectsDeeplyNestedJson() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        given().contentType(ContentType.JSON).body(deep).post("/validate-upgrade")
                .then().statusCode(400).body("error", equalTo("JSON nested deeper than 128 levels"));
    }

    @Test
    void allowsUnexpectedKindWithWarning() {
        given().contentType(ContentType.JSON)
                .body(AdmissionReviews.request("u-1", "", "v1", "ConfigMap", "configmaps", "CREATE", CONFIG_MAP, null).toString())
                .post("/validate-hyperconverged")
                .then().statusCode(200)
                .body("apiVersion", equalTo("admission.k8s.io/v1"))
                .body("kind", equalTo("AdmissionReview"))
                .body("response.uid", equalTo("u-1"))
                .body("response.allowed", equalTo(true))
                .body("response.warnings", contains(
                        "hco-guard validate-hyperconverged does not judge ConfigMap object-name; check the webhook configuration"));
    }
}
