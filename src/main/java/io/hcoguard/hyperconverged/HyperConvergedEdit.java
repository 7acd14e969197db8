package io.hcoguard.hyperconverged;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A HyperConverged object under admission.
 *
 * @param apiVersion {@code hco.kubevirt.io/v1beta1} or {@code hco.kubevirt.io/v1}; both objects use it
 * @param object the object as it would be stored
 * @param oldObject the stored object an UPDATE replaces; null on CREATE
 */
public record HyperConvergedEdit(String apiVersion, JsonNode object, JsonNode oldObject) {
}
