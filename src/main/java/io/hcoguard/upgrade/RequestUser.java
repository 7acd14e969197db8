package io.hcoguard.upgrade;

import java.util.Set;

/** Who sent the request, from the AdmissionReview's {@code request.userInfo}. */
public record RequestUser(String username, Set<String> groups) {

    public RequestUser {
        username = username == null ? "" : username;
        groups = groups == null ? Set.of() : Set.copyOf(groups);
    }
}
