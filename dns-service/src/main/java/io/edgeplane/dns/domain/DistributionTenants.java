package io.edgeplane.dns.domain;

import java.util.List;

/**
 * The CloudFront SaaS Manager operations behind {@code distribution-tenant} tenants (AWS SDK adapter or simulated
 * CloudFront): one multi-tenant distribution (the template, created by Terraform) and a lightweight distribution
 * tenant per customer carrying its domains, parameters and managed certificate, reached through a connection group.
 * Failures are {@link DnsApiException}s carrying the CloudFront error code ({@code EntityLimitExceeded},
 * {@code CNAMEAlreadyExists}, {@code InvalidArgument}, {@code PreconditionFailed}, …) and whether a retry can succeed.
 */
public interface DistributionTenants {
    /** GetConnectionGroup by name, else CreateConnectionGroup tagged {@code edgeplane:managed=true}. */
    ConnectionGroupRef connectionGroup(String name);

    /**
     * CreateDistributionTenant. The name ({@link DistributionTenantSpec#nameOf}) is unique per account, so a replay
     * after a crash finds the tenant created before (EntityAlreadyExists → GetDistributionTenant by name) and
     * returns it instead of creating a second one.
     */
    DistributionTenantRef create(DistributionTenantSpec spec);

    /** GetDistributionTenant by id or name (with its ETag); null when there is none. */
    DistributionTenantRef find(String identifier);

    /** UpdateDistributionTenant with {@code If-Match: current.etag()}; a stale ETag fails PreconditionFailed. */
    DistributionTenantRef update(DistributionTenantRef current, DistributionTenantSpec spec);

    /** UpdateDistributionTenant with {@code Enabled=false} (required before a delete). */
    DistributionTenantRef disable(DistributionTenantRef current);

    /** DeleteDistributionTenant of a disabled, deployed tenant; false while it is still deploying. */
    boolean delete(DistributionTenantRef current);

    /** GetManagedCertificateDetails of the tenant's managed certificate; null when it has none. */
    ManagedCertificate certificate(String identifier);

    /** VerifyDnsConfiguration: whether {@code domain} already points at the tenant's routing endpoint. */
    DnsCheck verifyDns(String domain, String identifier);

    /**
     * One page of ListDistributionTenants (up to 100): of the multi-tenant distribution, or of the whole account when
     * {@code multiTenantDistributionId} is null. {@code marker} is the previous page's {@code nextMarker}, null for
     * the first page. One call, no per-tenant reads.
     */
    DistributionTenantPage page(String multiTenantDistributionId, String marker);

    /** ListDistributionTenants of the multi-tenant distribution (all pages), those tagged {@code edgeplane:managed}. */
    List<DistributionTenantRef> listOurs(String multiTenantDistributionId);
}
