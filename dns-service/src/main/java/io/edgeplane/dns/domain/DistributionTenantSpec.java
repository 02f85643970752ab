package io.edgeplane.dns.domain;

import java.util.List;
import java.util.Map;

/**
 * What a distribution tenant should be: derived by the dns-service from the tenant's id and configuration, never
 * from a payload's claims about other tenants.
 *
 * @param name                 unique per account: {@link #nameOf(String)}
 * @param multiTenantDistributionId the template distribution (configuration)
 * @param domains              the tenant's hostname(s); the first is the certificate's primary domain
 * @param parameters           per-tenant template parameters, e.g. {@code tenantId}, {@code originPath}
 * @param tags                 {@code edgeplane:managed=true}, {@code edgeplane:tenant=<id>}
 * @param certificate          the managed certificate to request; null to use the template's certificate
 */
public record DistributionTenantSpec(String name, String multiTenantDistributionId, List<String> domains,
        Map<String, String> parameters, Map<String, String> tags, String connectionGroupId,
        CertificateRequest certificate, boolean enabled) {

    public DistributionTenantSpec {
        domains = List.copyOf(domains);
        parameters = Map.copyOf(parameters);
        tags = Map.copyOf(tags);
    }

    /** The distribution tenant's name for an Edgeplane tenant (names allow letters, digits, '.', '-'; 3–128). */
    public static String nameOf(String tenantId) {
        return "edgeplane-" + tenantId.replace('_', '-');
    }

    /**
     * A managed (ACM) certificate request.
     *
     * @param validation {@link Validation#CLOUDFRONT}: CloudFront answers the HTTP token once the domain points at
     *                   it; {@link Validation#SELF_HOSTED}: the token is served elsewhere (DNS / own host)
     */
    public record CertificateRequest(Validation validation, String primaryDomain) {
    }

    public enum Validation {
        CLOUDFRONT, SELF_HOSTED
    }
}
