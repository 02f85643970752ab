package io.edgeplane.dns.domain;

import java.util.List;

/**
 * Where a distribution tenant is on its way to serving, from what CloudFront reports: pure, so the order of the
 * checks is table-tested. A tenant's records are switched only at {@link Stage#READY}: deployed, its custom domains
 * resolving to the routing endpoint (the customer's CNAME, checked by VerifyDnsConfiguration) and its managed
 * certificate issued — so a migration never points a hostname at a tenant that cannot answer TLS yet.
 *
 * @param stage           where it is
 * @param customerRecords the records the customer still has to create ({@code <domain> CNAME <endpoint>})
 * @param detail          what CloudFront said, for the API and the failure reason
 */
public record DistributionTenantProgress(Stage stage, List<String> customerRecords, String detail) {

    public enum Stage {
        DEPLOYING("deployment"), CUSTOMER_DNS("customer-dns"), CERTIFICATE("certificate"), READY(null),
        FAILED(null);

        private final String waitingFor;

        Stage(String waitingFor) {
            this.waitingFor = waitingFor;
        }

        /** The state's {@code waitingFor} value; null when nothing is awaited. */
        public String waitingFor() {
            return waitingFor;
        }
    }

    public DistributionTenantProgress {
        customerRecords = List.copyOf(customerRecords);
    }

    /** The record a customer creates so that {@code domain} reaches its distribution tenant. */
    public static String customerRecord(String domain, String routingEndpoint) {
        return DnsNames.normalize(domain) + " CNAME " + DnsNames.normalize(routingEndpoint);
    }

    /**
     * @param tenant          GetDistributionTenant
     * @param certificate     its managed certificate; null when the template's certificate serves it
     * @param customerDomains VerifyDnsConfiguration of each domain Edgeplane does not manage
     */
    public static DistributionTenantProgress of(DistributionTenantRef tenant, ManagedCertificate certificate,
            List<DnsCheck> customerDomains, String routingEndpoint) {
        return of(tenant.id(), tenant.status(), certificate, customerDomains, routingEndpoint);
    }

    /**
     * @param status the tenant's deployment status ({@code Deployed} or {@code InProgress}), from a Get or a listing
     */
    public static DistributionTenantProgress of(String tenantId, String status, ManagedCertificate certificate,
            List<DnsCheck> customerDomains, String routingEndpoint) {
        List<String> missing = customerDomains.stream().filter(c -> !c.valid())
                .map(c -> customerRecord(c.domain(), routingEndpoint)).toList();
        if (certificate != null && certificate.status().terminal()) {
            return new DistributionTenantProgress(Stage.FAILED, missing, "managed certificate " + certificate.arn()
                    + " is " + certificate.status() + "; a new certificate request is needed");
        }
        if (!"Deployed".equals(status)) {
            return new DistributionTenantProgress(Stage.DEPLOYING, missing, "distribution tenant " + tenantId
                    + " is " + status);
        }
        if (!missing.isEmpty()) {
            return new DistributionTenantProgress(Stage.CUSTOMER_DNS, missing, "waiting for the customer's DNS: create "
                    + String.join(", ", missing));
        }
        if (certificate != null && !certificate.issued()) {
            return new DistributionTenantProgress(Stage.CERTIFICATE, missing, "managed certificate "
                    + certificate.arn() + " is " + certificate.status());
        }
        return new DistributionTenantProgress(Stage.READY, missing, "deployed, certificate issued");
    }
}
