package io.edgeplane.platform.security;

import io.edgeplane.platform.rest.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Secure by default: every POST, PUT, PATCH and DELETE on any resource needs an authenticated
 * caller, whether or not its method remembers to say so.
 */
public class MutationGuard {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CurrentIdentityAssociation identity;

    @ServerRequestFilter
    public Uni<Response> requireAuthenticatedMutations(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return Uni.createFrom().nullItem();
        }
        return identity.getDeferredIdentity()
                .map(id -> id.isAnonymous() ? unauthorized() : (Response) null)
                .onFailure().recoverWithItem(MutationGuard::unauthorized);
    }

    private static Response unauthorized() {
        return Problem.of(Response.Status.UNAUTHORIZED,
                "this operation needs 'Authorization: Bearer <api token>' with a valid token").toResponse();
    }
}
