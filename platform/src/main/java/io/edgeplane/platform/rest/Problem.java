package io.edgeplane.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.edgeplane.events.Violation;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * RFC 9457 problem details, the body of every REST error. {@code violations} name each field and
 * rule that a request broke.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(Response.Status status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, List.of());
    }

    public static Problem invalid(String detail, List<Violation> violations) {
        return new Problem("https://edgeplane.io/problems/invalid-request", "Invalid request", 400, detail,
                violations);
    }

    public Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"edgeplane\"");
        }
        return builder.build();
    }
}
