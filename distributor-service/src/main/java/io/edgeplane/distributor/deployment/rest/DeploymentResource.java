package io.edgeplane.distributor.deployment.rest;

import io.edgeplane.distributor.deployment.DeploymentPromoter;
import io.edgeplane.distributor.deployment.RetryLater;
import io.edgeplane.distributor.service.ParallelCopier;
import io.edgeplane.distributor.deployment.domain.DeploymentHistory;
import io.edgeplane.distributor.deployment.domain.DeploymentRecord;
import io.edgeplane.distributor.deployment.domain.DeploymentTarget;
import io.edgeplane.distributor.deployment.domain.PromotionRejected;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.platform.aws.AwsErrors;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.messaging.EventPublisher;
import io.edgeplane.platform.rest.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Deployment history and rollback of tenant sites ({@code /tenants/{id}}) and non-tenant sites
 * ({@code /sites/{id}}). GETs are open; a rollback is a mutation and needs the API token.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "deployments")
public class DeploymentResource {
    static final String ID = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    private static final Logger LOG = Logger.getLogger(DeploymentResource.class);
    private static final int MAX_ATTEMPTS = 4;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), MAX_ATTEMPTS);

    /**
     * @param liveBuildId     what viewers get according to the history
     * @param pointer         the KeyValueStore value the routing function reads (tenants, when a store is configured)
     * @param rollbackBuildId what {@code POST .../rollback} without a body would make live
     * @param deployments     newest first
     */
    public record DeploymentsView(String kind, String id, String liveBuildId, String mode, String pointer,
            String rollbackBuildId, List<DeploymentRecord> deployments) {
    }

    @Inject
    DeploymentPromoter promoter;

    @Inject
    EventPublisher publisher;

    @GET
    @Path("tenants/{id}/deployments")
    @Operation(summary = "A tenant's deployment history, live build and pointer")
    public DeploymentsView tenantDeployments(@PathParam("id") @Pattern(regexp = ID) String id) {
        return view(DeploymentTarget.tenant(id));
    }

    @GET
    @Path("sites/{id}/deployments")
    @Operation(summary = "A site's deployment history and live build")
    public DeploymentsView siteDeployments(@PathParam("id") @Pattern(regexp = ID) String id) {
        return view(DeploymentTarget.site(id));
    }

    @POST
    @Path("tenants/{id}/rollback")
    @Operation(summary = "Make an earlier build of a tenant live again (default: the previous one)")
    public Response rollbackTenant(@PathParam("id") @Pattern(regexp = ID) String id,
            @QueryParam("buildId") @Pattern(regexp = ID, message = "must be a build id matching " + ID) String buildId) {
        return rollback(DeploymentTarget.tenant(id), Optional.ofNullable(buildId));
    }

    @POST
    @Path("sites/{id}/rollback")
    @Operation(summary = "Make an earlier build of a site live again (default: the previous one)")
    public Response rollbackSite(@PathParam("id") @Pattern(regexp = ID) String id,
            @QueryParam("buildId") @Pattern(regexp = ID, message = "must be a build id matching " + ID) String buildId) {
        return rollback(DeploymentTarget.site(id), Optional.ofNullable(buildId));
    }

    private DeploymentsView view(DeploymentTarget target) {
        DeploymentHistory history = promoter.history(target);
        Optional<DeploymentRecord> live = history.current();
        return new DeploymentsView(target.kind().word(), target.id(), live.map(DeploymentRecord::buildId).orElse(null),
                live.map(r -> r.mode().json()).orElse(null), promoter.pointer(target).orElse(null),
                history.rollbackTarget(Optional.empty()).map(DeploymentRecord::buildId).orElse(null),
                history.records().reversed());
    }

    /** {@code buildId}: an earlier build from the history; absent: the one before the live build. */
    private Response rollback(DeploymentTarget target, Optional<String> buildId) {
        String requestId = "rollback-request-" + UUID.randomUUID();
        for (int attempt = 1; ; attempt++) {
            try {
                DeploymentPromoted promoted = promoter.rollback(target, buildId, requestId, publisher::publishAndWait)
                        .promoted().orElseThrow();
                return Response.ok(promoted).build();
            } catch (PromotionRejected e) {
                Response.Status status = e.reason() == PromotionRejected.Reason.NOTHING_TO_ROLL_BACK
                        && promoter.history(target).current().isEmpty() ? Response.Status.NOT_FOUND : Response.Status.CONFLICT;
                return Problem.of(status, e.getMessage()).toResponse();
            } catch (RuntimeException e) {
                boolean retryable = e instanceof RetryLater || e instanceof EventPublisher.EventPublishException
                        || ParallelCopier.isTransient(e);
                if (!retryable) {
                    throw e;
                }
                // A rollback is idempotent (a re-run finds the work done): retry briefly before giving up.
                LOG.warnf(e, "Rollback of %s hit a transient failure (attempt %d)", target, attempt);
                if (attempt >= MAX_ATTEMPTS) {
                    return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "rollback of " + target
                            + " did not finish, try again: " + AwsErrors.code(e) + " " + e.getMessage()).toResponse();
                }
                try {
                    Thread.sleep(BACKOFF.delay(attempt).toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return Problem.of(Response.Status.SERVICE_UNAVAILABLE, "interrupted").toResponse();
                }
            }
        }
    }
}
