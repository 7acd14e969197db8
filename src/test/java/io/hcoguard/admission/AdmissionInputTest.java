package io.hcoguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the webhooks read of a decoded request holds for any request the codec accepts (found by fuzzing). */
class AdmissionInputTest {

    private final AdmissionReviewCodec codec = new AdmissionReviewCodec();

    @Test
    void readsTheApiVersionOfAKindWithoutGroupOrVersion() {
        AdmissionInput input = decode("\"kind\": {\"kind\": \"ConfigMap\"}");

        assertThat(input.apiVersion()).isEmpty();
        assertThat(input.isKind("", "ConfigMap")).isFalse();
        assertThat(input.describe()).isEqualTo("ConfigMap cm");
    }

    @Test
    void readsTheApiVersionOfACoreKindAsItsVersion() {
        assertThat(decode("\"kind\": {\"group\": \"\", \"version\": \"v1\", \"kind\": \"ConfigMap\"}").apiVersion()).isEqualTo("v1");
    }

    @Test
    void skipsNullGroupsOfTheRequestingUser() {
        AdmissionInput input = decode("\"userInfo\": {\"username\": \"alice\", \"groups\": [null, \"virt-admins\"]}");

        assertThat(input.groups()).containsExactly("virt-admins");
    }

    private AdmissionInput decode(String requestFields) {
        String review = "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"u\","
                + " \"operation\": \"CREATE\", \"name\": \"cm\", \"object\": {}, " + requestFields + "}}";
        return codec.decode(review.getBytes(StandardCharsets.UTF_8));
    }
}
