package io.edgeplane.invalidation.rest;

import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationRecord;
import io.edgeplane.invalidation.domain.Coverage;
import io.edgeplane.invalidation.domain.DistributionSummary;
import io.edgeplane.invalidation.domain.InvalidationScheduler.QueueView;
import io.edgeplane.invalidation.domain.InvalidationScheduler.TrackedView;
import io.edgeplane.invalidation.rest.InvalidationRequests.Deployment;
import io.edgeplane.invalidation.rest.InvalidationRequests.Invalidate;
import io.edgeplane.invalidation.rest.InvalidationRequests.InvalidateAll;
import io.edgeplane.invalidation.rest.InvalidationRequests.Mode;
import io.edgeplane.invalidation.rest.InvalidationRequests.StaticAssets;
import io.edgeplane.invalidation.service.InvalidationService;
import io.edgeplane.invalidation.service.InvalidationService.StatisticsView;
import io.edgeplane.platform.ownership.Owner;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Invalidations, queues, configuration and cache statistics per CloudFront distribution (seed
 * 002's CDNCacheService, served over HTTP). Mutations need the API token.
 */
@Path("/distributions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "distributions")
@Blocking
public class DistributionResource {
    static final String ID = "[A-Z0-9]{8,20}";
    private static final Duration IMMEDIATE_WAIT = Duration.ofSeconds(30);

    @Inject
    InvalidationService invalidations;

    /** The answer to a mutation: queued, or created (with the invalidation ids). */
    public record Accepted(String status, String batchId, List<String> items, List<String> invalidationIds,
            List<String> failedItems, QueueView queue) {
    }

    @POST
    @Path("/{distributionId}/invalidations")
    @Operation(summary = "Invalidate paths and/or cache tags, queued (coalesced) or immediately")
    public Response invalidate(@PathParam("distributionId") @Pattern(regexp = ID) String distributionId,
            @NotNull @Valid Invalidate body) {
        boolean immediate = body.mode() == Mode.immediate;
        var covered = invalidations.request(distributionId, body.pathsOrEmpty(), body.tagsOrEmpty(), immediate, false,
                null);
        return answer(distributionId, covered, immediate, concat(body.pathsOrEmpty(), body.tagsOrEmpty()));
    }

    @POST
    @Path("/{distributionId}/invalidations/all")
    @Operation(summary = "Invalidate everything (/*); the body must confirm it")
    public Response invalidateAll(@PathParam("distributionId") @Pattern(regexp = ID) String distributionId,
            @NotNull @Valid InvalidateAll body) {
        var covered = invalidations.request(distributionId, List.of("/*"), List.of(), true, true, null);
        return answer(distributionId, covered, true, List.of("/*"));
    }

    @POST
    @Path("/{distributionId}/invalidations/static-assets")
    @Operation(summary = "Invalidate the static assets: CSS, JS, images, fonts")
    public Response invalidateStaticAssets(@PathParam("distributionId") @Pattern(regexp = ID) String distributionId,
            @Valid StaticAssets body) {
        String tenant = body == null ? null : body.tenantId();
        List<String> paths = invalidations.config().staticAssets().stream()
                .map(p -> tenant == null ? p : invalidations.viewerRoot(Owner.tenant(tenant)) + p.substring(1)).toList();
        var covered = invalidations.request(distributionId, paths, List.of(), true, false, null);
        return answer(distributionId, covered, true, paths);
    }

    @POST
    @Path("/{distributionId}/invalidations/deployments")
    @Operation(summary = "Invalidate for a deployment version (idempotent per version)")
    public Response invalidateDeployment(@PathParam("distributionId") @Pattern(regexp = ID) String distributionId,
            @NotNull @Valid Deployment body) {
        List<String> paths;
        if (body.paths() != null && !body.paths().isEmpty()) {
            paths = body.paths();
        } else if (body.tenantId() != null) {
            paths = List.of(invalidations.viewerRoot(Owner.tenant(body.tenantId())) + "*");
        } else {
            paths = invalidations.config().deploymentPaths();
        }
        String batchId = "deployment:" + body.version() + (body.tenantId() == null ? "" : ":" + body.tenantId());
        var covered = invalidations.request(distributionId, paths, List.of(), true, false, batchId);
        return answer(distributionId, covered, true, paths);
    }

    @GET
    @Path("/{distributionId}/invalidations/{invalidationId}")
    @Operation(summary = "Status of one invalidation, with what caused it")
    public InvalidationStatus invalidation(@PathParam("distributionId") @Pattern(regexp = ID) String distributionId,
            @PathParam("invalidationId") @Pattern(regexp = "[A-Z0-9]{1,64}") String invalidationId) {
        InvalidationRecord record = invalidations.invalidation(distributionId, invalidationId);
        TrackedView tracked = invalidations.tracked(invalidationId);
        return new InvalidationStatus(distributionId, record.id(), record.status(), record.createTime(),
                record.callerReference(), record.items(), tracked == null ? null : tracked.firstChangeAt(),
                tracked == null ? List.of() : tracked.causedBy());
    }

    public record InvalidationStatus(String distributionId, String invalidationId, String status, Instant createTime,
            String callerReference, List<String> items, Instant firstChangeAt, List<String> causedBy) {
    }

    @GET
    @Operation(summary = "Queues and quota use of every distribution this service has seen")
    public List<QueueView> queues() {
        return invalidations.queues();
    }

    @GET
    @Path("/{distributionId}/queue")
    @Operation(summary = "What is pending and in progress on one distribution")
    public QueueView queue(@PathParam("distributionId") @Pattern(regexp = ID) String distributionId) {
        QueueView view = invalidations.queue(distributionId);
        if (view != null) {
            return view;
        }
        var share = invalidations.share(distributionId);
        return new QueueView(distributionId, 0, 0, 0, null, 0, 0, 0, invalidations.config().maxPathsInProgress(),
                invalidations.config().maxWildcardsInProgress(), 0, false, List.of(), share.paths(), share.wildcards());
    }

    public record DistributionView(DistributionSummary distribution, boolean cacheTags, QueueView queue) {
    }

    @GET
    @Path("/{distributionId}")
    @Operation(summary = "The distribution's configuration summary (status Deployed or InProgress)")
    public DistributionView distribution(@PathParam("distributionId") @Pattern(regexp = ID) String distributionId) {
        return new DistributionView(invalidations.describe(distributionId), invalidations.tagsEnabled(distributionId),
                queue(distributionId));
    }

    @GET
    @Path("/{distributionId}/statistics")
    @Operation(summary = "Cache statistics from CloudWatch and recommendations when the hit rate is low")
    public StatisticsView statistics(@PathParam("distributionId") @Pattern(regexp = ID) String distributionId,
            @QueryParam("hours") @DefaultValue("1") @Min(1) @Max(336) int hours) {
        return invalidations.statistics(distributionId, Duration.ofHours(hours));
    }

    private Response answer(String distributionId, CompletableFuture<Coverage> covered, boolean wait,
            List<String> items) {
        if (wait) {
            try {
                Coverage c = covered.get(IMMEDIATE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return Response.status(Response.Status.CREATED).entity(new Accepted(c.invalidationIds().isEmpty()
                        ? "failed" : "created", c.batchId(), items, c.invalidationIds(), c.failedItems(),
                        invalidations.queue(distributionId))).build();
            } catch (TimeoutException e) {
                // Quota or rate full: it stays queued and goes out as soon as CloudFront has room.
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Response.accepted(new Accepted("queued", null, items, List.of(), List.of(),
                invalidations.queue(distributionId))).build();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
