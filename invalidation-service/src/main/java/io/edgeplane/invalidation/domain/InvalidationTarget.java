package io.edgeplane.invalidation.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one invalidation is created on: a distribution, or a CloudFront SaaS Manager distribution tenant of a
 * multi-tenant distribution, serving one Edgeplane tenant. The scheduler keys its queues, ledgers, rates and
 * CallerReferences by {@link #key()}, so a distribution tenant gets its own coalescing, in-progress accounting and
 * request rate, apart from its multi-tenant distribution and from every other distribution tenant.
 *
 * @param distributionId       the distribution (for a distribution tenant: its multi-tenant distribution)
 * @param distributionTenantId the distribution tenant, or null for a distribution
 * @param tenantId             the Edgeplane tenant the distribution tenant serves (null for a distribution)
 */
public record InvalidationTarget(String distributionId, String distributionTenantId, String tenantId) {
    /**
     * CloudFront's ids of distribution tenants (API: 1-64 characters; in practice {@code dt_} and alphanumerics).
     * Checked here so the key below cannot be forged by an id holding the separator.
     */
    public static final Pattern DISTRIBUTION_TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String MARK = "/distribution-tenant/";
    private static final String TENANT = "/tenant/";

    public InvalidationTarget {
        Objects.requireNonNull(distributionId, "distributionId");
        if (distributionId.contains("/")) {
            throw new IllegalArgumentException("distributionId '" + distributionId + "' holds a '/' [distribution-id]");
        }
        if (distributionTenantId != null) {
            if (!DISTRIBUTION_TENANT_ID.matcher(distributionTenantId).matches()) {
                throw new IllegalArgumentException("distributionTenantId '" + distributionTenantId
                        + "' is not a CloudFront distribution tenant id [distribution-tenant-id]");
            }
            if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
                throw new IllegalArgumentException("tenantId '" + tenantId + "' is not a tenant id [id]");
            }
        } else if (tenantId != null) {
            throw new IllegalArgumentException("tenantId '" + tenantId + "' without a distribution tenant");
        }
    }

    public static InvalidationTarget distribution(String distributionId) {
        return new InvalidationTarget(distributionId, null, null);
    }

    public static InvalidationTarget distributionTenant(String distributionId, String distributionTenantId,
            String tenantId) {
        return new InvalidationTarget(distributionId, distributionTenantId, tenantId);
    }

    public boolean isDistributionTenant() {
        return distributionTenantId != null;
    }

    /** The scheduler's key: the distribution id alone, or {@code E…/distribution-tenant/dt_…/tenant/acme}. */
    public String key() {
        return distributionTenantId == null ? distributionId
                : distributionId + MARK + distributionTenantId + TENANT + tenantId;
    }

    /** Reads a {@link #key()} back; a plain distribution id is a distribution. */
    public static InvalidationTarget parse(String key) {
        int mark = key.indexOf(MARK);
        if (mark < 0) {
            return distribution(key);
        }
        int tenant = key.indexOf(TENANT, mark + MARK.length());
        if (tenant < 0) {
            throw new IllegalArgumentException("'" + key + "' is not an invalidation target key");
        }
        return distributionTenant(key.substring(0, mark), key.substring(mark + MARK.length(), tenant),
                key.substring(tenant + TENANT.length()));
    }

    /** The low-cardinality metric tag: {@code distribution} or {@code distribution-tenant}. */
    public String kind() {
        return distributionTenantId == null ? "distribution" : "distribution-tenant";
    }

    /**
     * The key under which an invalidation is remembered as announced: CloudFront's id, or {@code dt_…:I…} for a
     * distribution tenant, whose invalidation ids are unique only within the distribution tenant.
     */
    public String memoryKey(String invalidationId) {
        return memoryKey(distributionTenantId, invalidationId);
    }

    /** {@link #memoryKey(String)} of an announcement read back (its distributionTenantId, null for a distribution). */
    public static String memoryKey(String distributionTenantId, String invalidationId) {
        return distributionTenantId == null ? invalidationId : distributionTenantId + ":" + invalidationId;
    }
}
