package io.hcoguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One decoded admission request. The envelope is fabric8's {@link AdmissionRequest}; the objects
 * stay JSON trees because the rules read a few fields of kinds fabric8 has no model for.
 *
 * @param request the request envelope without its object and oldObject
 * @param object the object as it would be stored (null for DELETE)
 * @param oldObject the stored object before this edit (null for CREATE)
 */
public record AdmissionInput(AdmissionRequest request, JsonNode object, JsonNode oldObject) {

    public String uid() {
        return request.getUid();
    }

    public String operation() {
        return request.getOperation();
    }

    public Optional<GroupVersionKind> kind() {
        return Optional.ofNullable(request.getKind());
    }

    public boolean isKind(String group, String kind) {
        return kind().map(k -> group.equals(k.getGroup()) && kind.equals(k.getKind())).orElse(false);
    }

    /** "group/version" of the object as sent, e.g. "hco.kubevirt.io/v1beta1". */
    public String apiVersion() {
        return kind().map(k -> {
            String version = k.getVersion() == null ? "" : k.getVersion();
            return k.getGroup() == null || k.getGroup().isEmpty() ? version : k.getGroup() + "/" + version;
        }).orElse("");
    }

    public boolean dryRun() {
        return Boolean.TRUE.equals(request.getDryRun());
    }

    public String username() {
        return request.getUserInfo() == null || request.getUserInfo().getUsername() == null
                ? "" : request.getUserInfo().getUsername();
    }

    public List<String> groups() {
        return request.getUserInfo() == null || request.getUserInfo().getGroups() == null
                ? List.of() : request.getUserInfo().getGroups().stream().filter(Objects::nonNull).toList();
    }

    /** "Kind namespace/name" for logs and events. */
    public String describe() {
        String kindName = kind().map(GroupVersionKind::getKind).orElse("object");
        String ns = request.getNamespace();
        return kindName + " " + (ns == null || ns.isEmpty() ? "" : ns + "/") + request.getName();
    }
}
