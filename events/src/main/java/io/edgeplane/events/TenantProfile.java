package io.edgeplane.events;

import java.util.List;

/**
 * The tenant attributes the DNS strategy depends on, shared by TenantProvisioned and TenantUpdated.
 * The subdomain label is checked against the DNS rules by the dns-service, which answers a bad one
 * with TenantDnsFailed naming the rule; the contract only requires it to be present.
 */
public interface TenantProfile {
    String tenantId();

    String subdomain();

    String baseDomain();

    SubscriptionTier subscriptionTier();

    TrafficTier trafficTier();

    Long monthlyPageViews();

    List<String> complianceRequirements();

    String customDomain();

    DistributionStrategy requestedStrategy();

    default void checkProfile(Constraints c) {
        c.id("tenantId", tenantId())
                .notBlank("subdomain", subdomain())
                .notBlank("baseDomain", baseDomain())
                .required("subscriptionTier", subscriptionTier())
                .required("trafficTier", trafficTier())
                .maxSize("complianceRequirements", complianceRequirements(), 50)
                .each("complianceRequirements", complianceRequirements(), (r, n) -> n.notBlank("", r));
        if (monthlyPageViews() != null) {
            c.nonNegative("monthlyPageViews", monthlyPageViews());
        }
        if (subdomain() != null && subdomain().length() > 253) {
            c.fail("subdomain", "max-length", "is longer than 253 characters");
        }
    }
}
