package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * The tenant's hostname resolves: Route 53 reported the change INSYNC.
 *
 * @param target             what the hostname points at, e.g. {@code d111111abcdef8.cloudfront.net}
 * @param records            the records Edgeplane owns for the tenant, e.g. {@code acme.example.com A ALIAS d1.cloudfront.net}
 * @param provisioningMillis time from the causing TenantProvisioned/Updated to INSYNC
 */
public record TenantDnsReady(String tenantId, String hostname, String target, DistributionStrategy strategy,
        String distributionId, List<String> records, Long provisioningMillis, Instant readyAt, List<String> causedBy)
        implements EdgeplaneEvent {

    public TenantDnsReady {
        records = Lists.orEmpty(records);
        causedBy = Lists.orEmpty(causedBy);
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
