package io.edgeplane.dns.domain;

import java.util.List;
import java.util.Map;

/**
 * A distribution tenant as CloudFront reports it.
 *
 * @param status {@code InProgress} or {@code Deployed}
 * @param etag   for the next update or delete ({@code If-Match})
 */
public record DistributionTenantRef(String id, String name, String multiTenantDistributionId, List<Domain> domains,
        Map<String, String> parameters, Map<String, String> tags, String connectionGroupId, boolean enabled,
        String status, String etag) {

    public DistributionTenantRef {
        domains = List.copyOf(domains);
        parameters = Map.copyOf(parameters);
        tags = Map.copyOf(tags);
    }

    public boolean deployed() {
        return "Deployed".equals(status);
    }

    /** Every domain is active (serving traffic). */
    public boolean domainsActive() {
        return !domains.isEmpty() && domains.stream().allMatch(Domain::active);
    }

    /** The {@code edgeplane:tenant} tag; null when not ours. */
    public String tenantId() {
        return tags.get("edgeplane:tenant");
    }

    /** One of the tenant's domains: {@code active} once CloudFront serves it, {@code inactive} before. */
    public record Domain(String domain, boolean active) {
    }
}
