package io.hcoguard.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads an admission.k8s.io/v1 AdmissionReview request and writes the matching response. */
public final class AdmissionReviewCodec {

    public static final String API_VERSION = "admission.k8s.io/v1";
    /**
     * The largest legitimate AdmissionReview: an UPDATE carries object and oldObject, each at most the
     * API server's request body limit (3 MiB: k8s.io/apiserver pkg/server/config.go, NewConfig,
     * MaxRequestBodyBytes), plus 1 MiB for the rest of the review. controller-runtime derives its limit
     * the same way (pkg/webhook/admission/http.go, maxRequestSize: 7 MiB).
     */
    public static final int MAX_BODY_BYTES = 2 * 3 * 1024 * 1024 + 1024 * 1024;
    /** Kubernetes objects are shallow; a deeper document is an attack or a mistake. */
    static final int MAX_NESTING_DEPTH = 128;

    private final ObjectMapper mapper;

    public AdmissionReviewCodec() {
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
    }

    public AdmissionInput decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidAdmissionReview(400, "empty body: expected an admission.k8s.io/v1 AdmissionReview");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidAdmissionReview(413, "body of " + body.length + " bytes exceeds the limit of " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode review = parse(body);
        if (!review.isObject()) {
            throw new InvalidAdmissionReview(400, "expected a JSON object: an admission.k8s.io/v1 AdmissionReview");
        }
        String apiVersion = review.path("apiVersion").asText("");
        String kind = review.path("kind").asText("");
        if (!API_VERSION.equals(apiVersion) || !"AdmissionReview".equals(kind)) {
            throw new InvalidAdmissionReview(400, "expected apiVersion " + API_VERSION + ", kind AdmissionReview; got apiVersion \""
                    + abbreviate(apiVersion) + "\", kind \"" + abbreviate(kind) + "\"");
        }
        JsonNode requestNode = review.get("request");
        if (requestNode == null || !requestNode.isObject()) {
            throw new InvalidAdmissionReview(400, "AdmissionReview has no request");
        }
        if (!requestNode.path("uid").isTextual() || requestNode.path("uid").asText().isEmpty()) {
            throw new InvalidAdmissionReview(400, "AdmissionReview request has no uid");
        }
        // The objects stay JSON trees for the rules; the rest of the request becomes fabric8's bean.
        // The envelope shares its children with the parsed tree (nothing below mutates either).
        ObjectNode envelope = mapper.createObjectNode();
        requestNode.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("object") && !field.getKey().equals("oldObject")) {
                envelope.set(field.getKey(), field.getValue());
            }
        });
        JsonNode object = nonNull(requestNode.get("object"));
        JsonNode oldObject = nonNull(requestNode.get("oldObject"));
        String operation = envelope.path("operation").asText("");
        if (object == null && !"DELETE".equals(operation)) {
            throw new InvalidAdmissionReview(400, "AdmissionReview request has no object");
        }
        if ((object != null && !object.isObject()) || (oldObject != null && !oldObject.isObject())) {
            throw new InvalidAdmissionReview(400, "AdmissionReview request object and oldObject must be JSON objects");
        }
        try {
            AdmissionRequest request = mapper.treeToValue(envelope, AdmissionRequest.class);
            return new AdmissionInput(request, object, oldObject);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidAdmissionReview(400, "malformed AdmissionReview request: " + firstLine(e.getMessage()));
        }
    }

    public AdmissionReview response(String uid, Decision decision) {
        AdmissionResponseBuilder response = new AdmissionResponseBuilder()
                .withUid(uid)
                .withAllowed(decision.allowed());
        if (!decision.allowed()) {
            response.withStatus(denial(decision.message()));
        }
        if (!decision.warnings().isEmpty()) {
            response.withWarnings(decision.warnings());
        }
        if (decision.hasPatch()) {
            response.withPatchType("JSONPatch")
                    .withPatch(Base64.getEncoder().encodeToString(decision.patch().toString().getBytes(StandardCharsets.UTF_8)));
        }
        if (!decision.auditAnnotations().isEmpty()) {
            response.withAuditAnnotations(decision.auditAnnotations());
        }
        AdmissionResponse built = response.build();
        return new AdmissionReviewBuilder().withApiVersion(API_VERSION).withKind("AdmissionReview").withResponse(built).build();
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an admission response", e);
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidAdmissionReview(400, "empty body: expected an admission.k8s.io/v1 AdmissionReview");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new InvalidAdmissionReview(400, "JSON nested deeper than " + MAX_NESTING_DEPTH + " levels");
        } catch (IOException e) {
            throw new InvalidAdmissionReview(400, "body is not valid JSON: " + firstLine(e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        }
    }

    private static Status denial(String message) {
        return new StatusBuilder().withStatus("Failure").withCode(403).withReason("Forbidden").withMessage(message).build();
    }

    private static JsonNode nonNull(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return abbreviate(newline < 0 ? message : message.substring(0, newline));
    }
}
