package io.edgeplane.invalidation.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which Edgeplane tenant is served by which CloudFront distribution tenant, as the dns-service announced it — the
 * only authority (the caller feeds only announcements whose ce_source is the dns-service). A FilesDistributed never
 * teaches it anything: its payload names a tenant and a distribution, and the target is looked up here by that
 * tenant alone, so an event for tenant A can only ever reach A's own distribution tenant.
 *
 * <p>Rules: the latest announcement of a tenant wins (the topic is keyed by tenant, so its announcements arrive in
 * order); an announcement of another strategy (shared, individual), or a migration away, forgets the tenant, which
 * goes back to the distribution path. A distribution tenant claimed for a second tenant while another holds it is
 * a contradiction no valid history produces (CloudFront ids are unique): neither tenant keeps it — both fall back
 * to the distribution path, where a tenant's changes stay inside its own root — until one is announced again.
 * Thread-safe.
 */
public final class DistributionTenants {

    /** A tenant served by a distribution tenant of a multi-tenant distribution. */
    public record Served(String distributionId, String distributionTenantId) {
    }

    private final Map<String, Served> byTenant = new HashMap<>();
    private final Map<String, String> tenantByDistributionTenant = new HashMap<>();
    private long contradictions;

    /**
     * A TenantDnsReady (or the target side of a TenantMigrated): the tenant is now served by this strategy.
     *
     * @param distributionTenant true for strategy distribution-tenant
     * @return what was learned, for the log
     */
    public synchronized String announced(String tenantId, boolean distributionTenant, String distributionId,
            String distributionTenantId) {
        if (tenantId == null) {
            return "ignored: no tenantId";
        }
        if (!distributionTenant) {
            return forget(tenantId) ? "tenant " + tenantId + " left its distribution tenant" : "not a distribution tenant";
        }
        if (distributionId == null || distributionTenantId == null
                || !InvalidationTarget.DISTRIBUTION_TENANT_ID.matcher(distributionTenantId).matches()) {
            // Malformed: never route anywhere on it; the tenant goes the distribution path.
            forget(tenantId);
            return "ignored: distribution-tenant announcement of " + tenantId + " without a valid distributionId/"
                    + "distributionTenantId ('" + distributionId + "', '" + distributionTenantId + "')";
        }
        String holder = tenantByDistributionTenant.get(distributionTenantId);
        if (holder != null && !holder.equals(tenantId)) {
            contradictions++;
            forget(holder);
            forget(tenantId);
            return "contradiction: distribution tenant " + distributionTenantId + " announced for " + tenantId
                    + " while " + holder + " held it; both go the distribution path";
        }
        forget(tenantId);
        byTenant.put(tenantId, new Served(distributionId, distributionTenantId));
        tenantByDistributionTenant.put(distributionTenantId, tenantId);
        return "tenant " + tenantId + " is distribution tenant " + distributionTenantId + " of " + distributionId;
    }

    /**
     * Where a tenant-scoped change on {@code distributionId} goes: the tenant's distribution tenant whenever the
     * dns-service announced one — the distributor names the distribution it is configured with (the shared one), not
     * the tenant's serving path, which only the dns-service knows; otherwise (unknown tenant, no tenant) the named
     * distribution. The target stays keyed by the named distribution: its FilesDistributed partition is the one the
     * change arrived on, so the replica holding it owns the distribution tenant's queue and quota share.
     */
    public synchronized InvalidationTarget target(String distributionId, String tenantId) {
        Served served = tenantId == null ? null : byTenant.get(tenantId);
        if (served == null) {
            return InvalidationTarget.distribution(distributionId);
        }
        return InvalidationTarget.distributionTenant(distributionId, served.distributionTenantId(), tenantId);
    }

    public synchronized Optional<Served> of(String tenantId) {
        return Optional.ofNullable(byTenant.get(tenantId));
    }

    public synchronized int size() {
        return byTenant.size();
    }

    /** Announcements that claimed a distribution tenant another tenant held. */
    public synchronized long contradictions() {
        return contradictions;
    }

    private boolean forget(String tenantId) {
        Served old = byTenant.remove(tenantId);
        if (old != null) {
            tenantByDistributionTenant.remove(old.distributionTenantId(), tenantId);
        }
        return old != null;
    }
}
