package io.edgeplane.dns.rest;

import io.edgeplane.dns.domain.Change;
import io.edgeplane.dns.service.Reconciler;
import io.edgeplane.platform.rest.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Hosted zones: a dry-run plan and reconciliation on demand. */
@Path("/zones/{zoneId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "zones")
@Blocking
public class ZoneResource {
    private static final int MAX_LISTED_CHANGES = 500;

    @Inject
    Reconciler reconciler;

    @GET
    @Path("plan")
    @Operation(summary = "Dry run: what reconciliation would change in the zone now (the listing is cached)")
    public Response plan(@PathParam("zoneId") String zoneId, @QueryParam("refresh") @DefaultValue("false") boolean refresh) {
        if (!reconciler.knows(zoneId)) {
            return unknown(zoneId);
        }
        return Response.ok(view(reconciler.plan(zoneId, refresh), null)).build();
    }

    @POST
    @Path("reconcile")
    @Operation(summary = "Reconcile now: list the zone, compare, hand repairs to the zone's writer")
    public Response reconcile(@PathParam("zoneId") String zoneId) {
        if (!reconciler.knows(zoneId)) {
            return unknown(zoneId);
        }
        Reconciler.Outcome outcome = reconciler.reconcile(zoneId);
        return Response.accepted(view(outcome.zonePlan(), outcome.repairsRequested())).build();
    }

    private static Response unknown(String zoneId) {
        return Problem.of(Response.Status.NOT_FOUND, "hosted zone '" + zoneId + "' is not configured").toResponse();
    }

    private static DnsViews.ZonePlan view(Reconciler.ZonePlan z, Integer repairs) {
        var plan = z.plan();
        List<String> changes = plan.changes().stream().limit(MAX_LISTED_CHANGES).map(Change::toString).toList();
        return new DnsViews.ZonePlan(z.zoneId(), z.listedAt(), z.recordsInZone(), z.listRequests(),
                plan.count(io.edgeplane.dns.domain.ChangeAction.CREATE),
                plan.count(io.edgeplane.dns.domain.ChangeAction.UPSERT),
                plan.count(io.edgeplane.dns.domain.ChangeAction.DELETE), plan.unchanged(), plan.skipped().size(),
                plan.forgotten().size(), plan.conflicts().stream().map(c -> new DnsViews.Conflict(c.owner(), c.name(),
                        c.rule(), c.reason())).toList(), changes, z.skippedInFlight().stream().sorted().toList(),
                repairs);
    }
}
