package io.hcoguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds AdmissionReview request bodies for tests, as the API server sends them. */
public final class AdmissionReviews {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AdmissionReviews() {
    }

    public static ObjectNode request(String uid, String group, String version, String kind, String resource,
            String operation, String objectJson, String oldObjectJson) {
        ObjectNode review = MAPPER.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", uid).put("operation", operation)
                .put("name", "object-name").put("dryRun", false);
        request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
        request.putObject("resource").put("group", group).put("version", version).put("resource", resource);
        request.putObject("userInfo").put("username", "admin").putArray("groups").add("system:authenticated");
        if (objectJson != null) {
            request.set("object", json(objectJson));
        }
        if (oldObjectJson != null) {
            request.set("oldObject", json(oldObjectJson));
        }
        return review;
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("bad test JSON: " + text, e);
        }
    }
}
