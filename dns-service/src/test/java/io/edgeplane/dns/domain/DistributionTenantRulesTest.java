package io.edgeplane.dns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of distribution tenants: which custom domain a tenant may claim, and when it is ready. */
class DistributionTenantRulesTest {
    private static final Map<String, String> HOSTNAMES = Map.of("acme.example.com", "acme");
    private static final Map<String, String> CUSTOM = Map.of("shop.acme.net", "acme");

    @ParameterizedTest(name = "{0} claims {1} -> {2}")
    @CsvSource(nullValues = "-", textBlock = """
            evil, acme.example.com,          custom-domain-taken
            evil, www.acme.example.com,      custom-domain-taken
            evil, SHOP.acme.net.,            custom-domain-taken
            evil, free.example.com,          custom-domain-in-base-domain
            acme, www.acme.example.com,      custom-domain-in-base-domain
            evil, example.com,               custom-domain-in-base-domain
            evil, shop..evil.net,            custom-domain-syntax
            evil, localhost,                 custom-domain-syntax
            acme, shop.acme.net,             -
            evil, shop.evil.net,             -
            """)
    void aCustomDomainIsTheTenantsOnlyWhenNoOtherTenantHoldsItAndItIsOutsideTheBaseDomains(String tenant,
            String domain, String rule) {
        RuleViolation v = CustomDomains.check(tenant, domain, List.of("example.com"), HOSTNAMES::get, CUSTOM::get);
        assertThat(v == null ? null : v.rule()).isEqualTo(rule);
    }

    @ParameterizedTest(name = "{0} dns={1} cert={2} -> {3}")
    @CsvSource(nullValues = "-", textBlock = """
            InProgress, -,       PENDING_VALIDATION, DEPLOYING
            Deployed,   INVALID, PENDING_VALIDATION, CUSTOMER_DNS
            Deployed,   VALID,   PENDING_VALIDATION, CERTIFICATE
            Deployed,   VALID,   ISSUED,             READY
            Deployed,   -,       -,                  READY
            Deployed,   VALID,   VALIDATION_TIMED_OUT, FAILED
            InProgress, -,       FAILED,             FAILED
            """)
    void aTenantIsReadyOnlyDeployedWithTheCustomersCnameAndAnIssuedCertificate(String status, String dns,
            String cert, String stage) {
        DistributionTenantRef t = new DistributionTenantRef("dt_1", "edgeplane-acme", "EMT", List.of(), Map.of(),
                Map.of(), "cg_1", true, status, "E1");
        ManagedCertificate c = cert == null ? null : new ManagedCertificate("arn:c", ManagedCertificate.Status.valueOf(cert),
                DistributionTenantSpec.Validation.CLOUDFRONT, List.of());
        List<DnsCheck> checks = dns == null ? List.of()
                : List.of(new DnsCheck("shop.acme.net", DnsCheck.Status.valueOf(dns), null));
        DistributionTenantProgress p = DistributionTenantProgress.of(t, c, checks, "d1.cloudfront.net");
        assertThat(p.stage().name()).isEqualTo(stage);
        if ("CUSTOMER_DNS".equals(stage)) {
            assertThat(p.customerRecords()).containsExactly("shop.acme.net CNAME d1.cloudfront.net");
            assertThat(p.stage().waitingFor()).isEqualTo("customer-dns");
        }
    }
}
