package io.edgeplane.dns.rest;

import io.edgeplane.dns.domain.QuotaStatus;
import io.edgeplane.dns.domain.StrategyDecision;
import io.edgeplane.dns.domain.TenantDnsState;
import io.edgeplane.dns.domain.TenantStrategy;
import io.edgeplane.dns.messaging.DesiredStateStore;
import io.edgeplane.dns.service.QuotaTracker;
import io.edgeplane.dns.service.TenantDnsService;
import io.edgeplane.dns.service.TenantRecordStyle;
import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.platform.rest.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenants' DNS: state, the strategy report and migrations. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tenants")
@Blocking
public class TenantDnsResource {
    @Inject
    DesiredStateStore store;

    @Inject
    TenantDnsService tenants;

    @Inject
    QuotaTracker quota;

    @Inject
    TenantRecordStyle settings;

    /** The body of a migration request. */
    public record MigrateRequest(
            @NotNull @Pattern(regexp = "shared|distribution-tenant|individual",
                    message = "must be 'shared', 'distribution-tenant' or 'individual'") String to,
            String reason) {
    }

    @GET
    @Path("tenants/{tenantId}/dns")
    @Operation(summary = "A tenant's DNS state: strategy, reason, records, status")
    public Response tenant(@PathParam("tenantId") String tenantId) {
        store.awaitLoaded();
        TenantDnsState state = store.get(tenantId);
        if (state == null) {
            return Problem.of(Response.Status.NOT_FOUND, "no DNS state for tenant '" + tenantId + "'").toResponse();
        }
        return Response.ok(DnsViews.TenantDns.of(state)).build();
    }

    @POST
    @Path("tenants/{tenantId}/dns/migrate")
    @Operation(summary = "Migrate a tenant between the shared distribution, a distribution tenant and an individual"
            + " distribution without downtime")
    public Response migrate(@PathParam("tenantId") String tenantId, @Valid @NotNull MigrateRequest request) {
        store.awaitLoaded();
        TenantDnsState state = store.get(tenantId);
        if (state == null) {
            return Problem.of(Response.Status.NOT_FOUND, "no DNS state for tenant '" + tenantId + "'").toResponse();
        }
        if (state.inFlight()) {
            return Problem.of(Response.Status.CONFLICT, "tenant '" + tenantId + "' has changes in flight ("
                    + state.status().name().toLowerCase(java.util.Locale.ROOT) + "); try again when it is insync")
                    .toResponse();
        }
        TenantDnsState after = tenants.migrate(tenantId, DistributionStrategy.fromJson(request.to()), request.reason());
        return Response.accepted(DnsViews.TenantDns.of(after)).build();
    }

    @GET
    @Path("dns/strategy-report")
    @Operation(summary = "Every tenant's current and recommended strategy with the reason, and quota utilisation")
    public DnsViews.StrategyReport report(@QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("500") int limit,
            @QueryParam("mismatchedOnly") @DefaultValue("false") boolean mismatchedOnly,
            @QueryParam("prefix") @DefaultValue("") String prefix) {
        store.awaitLoaded();
        QuotaStatus q = quota.status();
        QuotaStatus t = quota.tenantStatus();
        List<DnsViews.StrategyRow> rows = store.all().stream()
                .filter(s -> s.profile() != null && s.strategy() != null)
                .sorted(Comparator.comparing(TenantDnsState::tenantId))
                .map(s -> row(s, q, t)).toList();
        int individual = count(rows, DistributionStrategy.INDIVIDUAL);
        int tenants = count(rows, DistributionStrategy.DISTRIBUTION_TENANT);
        int mismatched = (int) rows.stream().filter(r -> !r.matches()).count();
        List<DnsViews.StrategyRow> page = rows.stream().filter(r -> !mismatchedOnly || !r.matches())
                .filter(r -> r.tenantId().startsWith(prefix))
                .skip(Math.max(0, offset)).limit(Math.max(0, Math.min(limit, 5_000))).toList();
        return new DnsViews.StrategyReport(DnsViews.Quota.of(q), DnsViews.Quota.of(t), rows.size(), individual,
                tenants, rows.size() - individual - tenants, mismatched, page);
    }

    private static int count(List<DnsViews.StrategyRow> rows, DistributionStrategy strategy) {
        return (int) rows.stream().filter(r -> strategy.json().equals(r.currentStrategy())).count();
    }

    private DnsViews.StrategyRow row(TenantDnsState s, QuotaStatus q, QuotaStatus tenantQuota) {
        TenantStrategy.Profile p = s.profile();
        // What Edgeplane would choose on its own today (no explicit request), keeping the tenant's own slot.
        StrategyDecision recommended = TenantStrategy.select(new TenantStrategy.Profile(p.tier(), p.traffic(),
                p.monthlyPageViews(), p.compliance(), p.customDomain(), null, s.strategy()), q, tenantQuota,
                settings.strategySettings());
        String recommendedStrategy = recommended.ok() ? recommended.strategy().json() : null;
        return new DnsViews.StrategyRow(s.tenantId(), s.hostname(), p.tier() == null ? null : p.tier().json(),
                s.strategy().json(), s.reason(), recommendedStrategy,
                recommended.ok() ? recommended.reason().code() : recommended.violation().rule(),
                s.strategy().json().equals(recommendedStrategy), s.status().name().toLowerCase(java.util.Locale.ROOT));
    }
}
