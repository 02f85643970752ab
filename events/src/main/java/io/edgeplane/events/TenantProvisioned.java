package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * Tenant management provisioned a tenant; the dns-service gives it a hostname. Keyed by tenant id on the
 * lifecycle topic, so events of one tenant are handled in order.
 *
 * @param subdomain         the label under {@code baseDomain}, e.g. {@code acme} for {@code acme.example.com}
 * @param customDomain      a domain of the tenant's own; served by a CloudFront distribution tenant (SaaS Manager) or,
 *                          where that is off, an individual distribution
 * @param requestedStrategy an explicit choice; absent means Edgeplane selects
 */
public record TenantProvisioned(String tenantId, String subdomain, String baseDomain, SubscriptionTier subscriptionTier,
        TrafficTier trafficTier, Long monthlyPageViews, List<String> complianceRequirements, String customDomain,
        DistributionStrategy requestedStrategy, Instant provisionedAt, List<String> causedBy)
        implements EdgeplaneEvent, TenantProfile {

    public TenantProvisioned {
        complianceRequirements = Lists.orEmpty(complianceRequirements);
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    public String key() {
        return tenantId;
    }

    @Override
    public void check(Constraints c) {
        checkProfile(c);
        c.required("provisionedAt", provisionedAt).causedBy(causedBy);
    }
}
