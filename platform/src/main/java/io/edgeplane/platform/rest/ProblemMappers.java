package io.edgeplane.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.events.Violation;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every REST error leaves as {@code application/problem+json} that names the field and the rule. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e) {
        return Problem.invalid(e.getMessage(), e.violations()).toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Violation> violations = e.getConstraintViolations().stream().map(ProblemMappers::violation)
                .sorted(java.util.Comparator.comparing(Violation::field)).collect(Collectors.toList());
        return Problem.invalid(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")),
                violations).toResponse();
    }

    // Quarkus REST ships mappers for these exact types; mapping them here too makes ours win, so a wrong-typed or
    // unparsable body is answered as problem+json naming the field, like every other 400.
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unparsableJson(com.fasterxml.jackson.core.JsonParseException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                        .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                        .collect(Collectors.joining()).substring(1)
                : "body";
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst()
                .orElse("unreadable");
        return Problem.invalid(field + ": " + message, List.of(new Violation(field, "json", message))).toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e) {
        return Problem.of(Response.Status.UNAUTHORIZED,
                "this operation needs 'Authorization: Bearer <api token>' with a valid token").toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN, "the token is not allowed to do this").toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            // Quarkus REST wraps a body that is not JSON at all in a 400 WebApplicationException.
            return unreadableJson(unreadable);
        }
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.INTERNAL_SERVER_ERROR;
        }
        return Problem.of(status, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return Problem.invalid(e.getMessage(), List.of()).toResponse();
    }

    private static Violation violation(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // Drop the method and parameter position ("invalidate.arg0.paths" -> "paths").
        String[] parts = path.split("\\.");
        String field = parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
        String rule = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return new Violation(field, rule, v.getMessage());
    }

}
