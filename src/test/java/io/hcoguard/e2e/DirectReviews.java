package io.hcoguard.e2e;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hcoguard.admission.AdmissionReviews;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * AdmissionReviews posted straight to the app's HTTPS port, as the API server would send them: for
 * what must be judged while the app cannot reach the API server (or the API server cannot reach it).
 */
final class DirectReviews {

    /** The gate's denial of a ClusterVersion update while its cluster view is not synced (override group virt-admins). */
    static final String CLUSTER_UPGRADE_NOT_VERIFIABLE = String.join("\n",
            "Cluster upgrade blocked: hco-guard cannot verify it, its view of VMIs, VMs, PVCs, StorageClasses and nodes is not synced yet.",
            "Retry in a minute; if this persists, check the hco-guard pod's logs and GET /upgrade-readiness.",
            "To upgrade anyway, a member of group virt-admins may annotate this object with a reason, then retry:",
            "  kubectl annotate clusterversion version hco-guard.io/allow-upgrade-with-blockers='<reason>'");
    static final String MISSPELLED_METHOD_DENIAL = "spec.workloadUpdateStrategy.workloadUpdateMethods[0]: must be one of "
            + "\"LiveMigrate\", \"Evict\", got \"livemigrate\", did you mean \"LiveMigrate\"?";

    private static final String CLUSTER_VERSION = """
            {"apiVersion": "config.openshift.io/v1", "kind": "ClusterVersion", "metadata": {"name": "version"},
             "spec": {"clusterID": "6a0c8d4e-0000-4000-8000-000000000001", "channel": "stable-4.15"%s}}""";
    private static final String HYPER_CONVERGED = """
            {"apiVersion": "hco.kubevirt.io/v1beta1", "kind": "HyperConverged",
             "metadata": {"name": "kubevirt-hyperconverged", "namespace": "openshift-cnv"},
             "spec": {"workloadUpdateStrategy": {"workloadUpdateMethods": ["%s"]}}}""";

    private DirectReviews() {
    }

    /** {@code POST /validate-upgrade}: an UPDATE of ClusterVersion/version that sets {@code spec.desiredUpdate.version}. */
    static ValidatableResponse requestClusterUpgrade(String uid, String version) {
        return post("/validate-upgrade", clusterUpgrade(uid, version).toString());
    }

    /** The same as a dry run: judged the same way, and a denial writes no Event (no API call at all). */
    static ValidatableResponse requestClusterUpgradeDryRun(String uid, String version) {
        ObjectNode review = clusterUpgrade(uid, version);
        ((ObjectNode) review.get("request")).put("dryRun", true);
        return post("/validate-upgrade", review.toString());
    }

    private static ObjectNode clusterUpgrade(String uid, String version) {
        return AdmissionReviews.request(uid, "config.openshift.io", "v1", "ClusterVersion",
                "clusterversions", "UPDATE", CLUSTER_VERSION.formatted(", \"desiredUpdate\": {\"version\": \"" + version + "\"}"),
                CLUSTER_VERSION.formatted(""));
    }

    /** {@code POST /validate-hyperconverged}: an UPDATE that misspells {@code LiveMigrate} as {@code livemigrate}. */
    static ValidatableResponse misspellWorkloadUpdateMethod(String uid) {
        return post("/validate-hyperconverged", AdmissionReviews.request(uid, "hco.kubevirt.io", "v1beta1", "HyperConverged",
                "hyperconvergeds", "UPDATE", HYPER_CONVERGED.formatted("livemigrate"), HYPER_CONVERGED.formatted("LiveMigrate"))
                .toString());
    }

    private static ValidatableResponse post(String path, String body) {
        return given().relaxedHTTPSValidation().contentType(ContentType.JSON).body(body).post(path).then();
    }
}
