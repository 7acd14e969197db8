package io.hcoguard.admission;

import jakarta.ws.rs.core.MediaType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;

/** The short JSON error every bad request gets: {"error":"...","status":400}. */
@RegisterForReflection
public record ErrorBody(String error, int status) {

    public static Response response(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message, status)).build();
    }
}
