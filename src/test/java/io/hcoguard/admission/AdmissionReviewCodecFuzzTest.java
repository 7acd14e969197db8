package io.hcoguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;

/**
 * Any request body either decodes into something every webhook can read, or is refused with 400
 * or 413 and a message: no other exception escapes the codec (DESIGN "Bad input never crashes").
 * Seeds: {@code AdmissionReviewCodecFuzzTestInputs/decodesOrRefusesWith400Or413/}.
 */
class AdmissionReviewCodecFuzzTest {

    private final AdmissionReviewCodec codec = new AdmissionReviewCodec();

    @FuzzTest
    @DictionaryEntries({"\"apiVersion\"", "\"admission.k8s.io/v1\"", "\"kind\"", "\"AdmissionReview\"", "\"request\"",
            "\"uid\"", "\"operation\"", "\"UPDATE\"", "\"DELETE\"", "\"object\"", "\"oldObject\"", "\"dryRun\"",
            "\"userInfo\"", "\"username\"", "\"groups\"", "\"namespace\"", "\"name\"", "\"resource\"", "\"group\"",
            "\"version\"", "\"options\"", "\"extra\"", "\"requestKind\"", "\"subResource\"", "null", "true", "[]", "{}"})
    void decodesOrRefusesWith400Or413(byte[] body) {
        AdmissionInput input;
        try {
            input = codec.decode(body);
        } catch (InvalidAdmissionReview refused) {
            assertThat(refused.status()).isIn(400, 413);
            // Short: text from the body is abbreviated (60 characters per value), never echoed whole.
            assertThat(refused.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(256);
            assertThat(codec.write(new ErrorBody(refused.getMessage(), refused.status()))).isNotEmpty();
            return;
        }
        assertThat(input.uid()).isNotEmpty();
        assertThat(input.object() == null || input.object().isObject()).isTrue();
        assertThat(input.oldObject() == null || input.oldObject().isObject()).isTrue();
        // What the webhooks and the endpoint read of every request, and the answer, never fail either.
        assertThat(input.describe()).isNotNull();
        assertThat(input.apiVersion()).isNotNull();
        assertThat(input.username()).isNotNull();
        assertThat(input.groups()).doesNotContainNull();
        input.isKind("hco.kubevirt.io", "HyperConverged");
        input.dryRun();
        AdmissionReview answer = codec.response(input.uid(), Decision.deny("denied"));
        assertThat(codec.write(answer)).isNotEmpty();
    }
}
