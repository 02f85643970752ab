package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/** The tenant's hostname now points at another strategy's distribution; the old one was cleaned up after the switch. */
public record TenantMigrated(String tenantId, String hostname, DistributionStrategy fromStrategy,
        DistributionStrategy toStrategy, String fromDistributionId, String toDistributionId, String reason,
        Instant migratedAt, List<String> causedBy, String fromDistributionTenantId, String toDistributionTenantId)
        implements EdgeplaneEvent {

    public TenantMigrated {
        causedBy = Lists.orEmpty(causedBy);
    }

    /** A migration between distributions, no distribution tenant on either side. */
    public TenantMigrated(String tenantId, String hostname, DistributionStrategy fromStrategy,
            DistributionStrategy toStrategy, String fromDistributionId, String toDistributionId, String reason,
            Instant migratedAt, List<String> causedBy) {
        this(tenantId, hostname, fromStrategy, toStrategy, fromDistributionId, toDistributionId, reason, migratedAt,
                causedBy, null, null);
    }

    @Override
    public String key() {
        return tenantId;
    }

    @Override
    public void check(Constraints c) {
        c.id("tenantId", tenantId).notBlank("hostname", hostname).required("fromStrategy", fromStrategy)
                .required("toStrategy", toStrategy).required("migratedAt", migratedAt).causedBy(causedBy);
    }
}
