package io.edgeplane.fetcher.rest;

import io.edgeplane.fetcher.domain.FetchRun;
import io.edgeplane.fetcher.service.FetchCoordinator;
import io.edgeplane.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Fetch runs: trigger one now, look at the latest or a given one. */
@Path("/fetches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "fetches")
public class FetchResource {
    @Inject
    FetchCoordinator coordinator;

    @POST
    @Operation(summary = "Start a fetch now", description = "Runs the same fetch as the daily schedule. Needs the API token.")
    @APIResponse(responseCode = "202", description = "Started; poll the Location until status is SUCCEEDED or FAILED")
    @APIResponse(responseCode = "409", description = "A fetch is already running")
    public Response start(@jakarta.ws.rs.core.Context UriInfo uri) {
        return coordinator.start(FetchRun.Trigger.API)
                .map(run -> Response.accepted(run).location(uri.getAbsolutePathBuilder().path(run.runId()).build())
                        .build())
                .orElseGet(() -> new Problem("https://edgeplane.io/problems/fetch-running", "Fetch already running",
                        409, "fetch " + coordinator.latest().map(FetchRun::runId).orElse("?")
                                + " is still running; try again when it has finished",
                        java.util.List.of()).toResponse());
    }

    @GET
    @Path("/latest")
    @Operation(summary = "The most recent fetch run (running or finished) since the service started")
    @APIResponse(responseCode = "404", description = "No fetch has run since start-up")
    public Response latest() {
        return coordinator.latest().map(run -> Response.ok(run).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "no fetch has run since the service started")
                        .toResponse());
    }

    @GET
    @Path("/{runId}")
    @Operation(summary = "One fetch run by id (the last 50 are kept)")
    public Response byId(@PathParam("runId") String runId) {
        return coordinator.find(runId).map(run -> Response.ok(run).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "no fetch run '" + runId + "' is known")
                        .toResponse());
    }
}
