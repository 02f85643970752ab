package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * The tenant's hostname resolves: Route 53 reported the change INSYNC.
 *
 * @param target             what the hostname points at, e.g. {@code d111111abcdef8.cloudfront.net}; for a distribution
 *                           tenant, its connection group's routing endpoint
 * @param records            the records Edgeplane owns for the tenant, e.g. {@code acme.example.com A ALIAS d1.cloudfront.net}
 * @param provisioningMillis time from the causing TenantProvisioned/Updated to INSYNC
 * @param distributionTenantId the CloudFront distribution tenant serving the tenant (strategy
 *                           {@code distribution-tenant} only; {@code distributionId} is then the multi-tenant one)
 */
public record TenantDnsReady(String tenantId, String hostname, String target, DistributionStrategy strategy,
        String distributionId, List<String> records, Long provisioningMillis, Instant readyAt, List<String> causedBy,
        String distributionTenantId) implements EdgeplaneEvent {

    public TenantDnsReady {
        records = Lists.orEmpty(records);
        causedBy = Lists.orEmpty(causedBy);
    }

    /** A tenant served by a distribution (shared or its own), not by a distribution tenant. */
    public TenantDnsReady(String tenantId, String hostname, String target, DistributionStrategy strategy,
            String distributionId, List<String> records, Long provisioningMillis, Instant readyAt,
            List<String> causedBy) {
        this(tenantId, hostname, target, strategy, distributionId, records, provisioningMillis, readyAt, causedBy,
                null);
    }

    @Override
    public String key() {
        return tenantId;
    }

    @Override
    public void check(Constraints c) {
        c.id("tenantId", tenantId).notBlank("hostname", hostname).notBlank("target", target)
                .required("strategy", strategy).nonNegative("provisioningMillis", provisioningMillis)
                .required("readyAt", readyAt).maxSize("records", records, 100).causedBy(causedBy);
    }
}
