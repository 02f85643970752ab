package io.edgeplane.dns.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TrafficTier;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TenantStrategyTest {

    @ParameterizedTest(name = "[{index}] {0}/{1} pv={2} compl={3} custom={4} req={5} cur={6} quota {7}/{8} tenants {9}/{10} -> {11} {12}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # tier     | traffic    | views     | compliance | custom domain   | requested  | current    | used | max | t.used | t.max | strategy   | reason / rule
            standard   | normal     | 1000      | -          | -               | -          | -          | 0    | 400 | 0      | 10000 | shared     | default
            premium    | low        | -         | -          | -               | -          | -          | 0    | 400 | 0      | 10000 | shared     | default
            enterprise | normal     | 1000      | -          | -               | -          | -          | 10   | 400 | 0      | 10000 | individual | enterprise-tier
            enterprise | normal     | 1000      | -          | -               | -          | -          | 400  | 400 | 0      | 10000 | shared     | quota-fallback
            enterprise | normal     | 1000      | -          | -               | -          | individual | 400  | 400 | 0      | 10000 | individual | enterprise-tier
            standard   | high       | 1000      | -          | -               | -          | -          | 0    | 400 | 0      | 10000 | individual | high-traffic
            standard   | enterprise | 1000      | -          | -               | -          | -          | 0    | 400 | 0      | 10000 | individual | high-traffic
            standard   | normal     | 20000000  | -          | -               | -          | -          | 0    | 400 | 0      | 10000 | individual | high-traffic
            standard   | normal     | 9999999   | -          | -               | -          | -          | 0    | 400 | 0      | 10000 | shared     | default
            standard   | high       | 1000      | -          | -               | -          | -          | 400  | 400 | 0      | 10000 | shared     | quota-fallback
            standard   | normal     | 1000      | hipaa      | -               | -          | -          | 0    | 400 | 0      | 10000 | individual | compliance
            standard   | normal     | 1000      | hipaa      | -               | -          | -          | 400  | 400 | 0      | 10000 | shared     | quota-fallback
            # a custom domain: a distribution tenant by default, whatever the individual quota
            standard   | normal     | 1000      | -          | shop.acme.com   | -          | -          | 0    | 400 | 0      | 10000 | distribution-tenant | custom-domain
            standard   | normal     | 1000      | -          | shop.acme.com   | -          | -          | 400  | 400 | 0      | 10000 | distribution-tenant | custom-domain
            standard   | normal     | 1000      | -          | shop.acme.com   | shared     | -          | 0    | 400 | 0      | 10000 | distribution-tenant | custom-domain
            # ... no distribution-tenant quota left: refused with its own rule, never silently individual or shared
            standard   | normal     | 1000      | -          | shop.acme.com   | -          | -          | 0    | 400 | 10000  | 10000 | -          | distribution-tenant-quota
            standard   | normal     | 1000      | -          | shop.acme.com   | shared     | -          | 0    | 400 | 3      | 3     | -          | distribution-tenant-quota
            # ... a tenant that already has its distribution tenant keeps its slot
            standard   | normal     | 1000      | -          | shop.acme.com   | -          | distribution-tenant | 0 | 400 | 10000 | 10000 | distribution-tenant | custom-domain
            # ... what only a separate distribution gives still wins while individual quota is left
            standard   | normal     | 1000      | hipaa      | shop.acme.com   | -          | -          | 0    | 400 | 0      | 10000 | individual | compliance
            enterprise | normal     | 1000      | -          | shop.acme.com   | -          | -          | 0    | 400 | 0      | 10000 | individual | enterprise-tier
            standard   | high       | 1000      | -          | shop.acme.com   | -          | -          | 0    | 400 | 0      | 10000 | individual | high-traffic
            standard   | normal     | 1000      | -          | shop.acme.com   | individual | -          | 0    | 400 | 0      | 10000 | individual | requested
            standard   | normal     | 1000      | hipaa      | shop.acme.com   | -          | -          | 400  | 400 | 0      | 10000 | distribution-tenant | custom-domain
            standard   | normal     | 1000      | -          | shop.acme.com   | -          | individual | 400  | 400 | 0      | 10000 | distribution-tenant | custom-domain
            standard   | normal     | 1000      | hipaa      | shop.acme.com   | -          | individual | 400  | 400 | 0      | 10000 | individual | compliance
            # requests
            enterprise | high       | 1000      | hipaa      | -               | shared     | -          | 0    | 400 | 0      | 10000 | shared     | requested
            standard   | normal     | 1000      | -          | -               | individual | -          | 0    | 400 | 0      | 10000 | individual | requested
            standard   | normal     | 1000      | -          | -               | individual | -          | 400  | 400 | 0      | 10000 | shared     | quota-fallback
            standard   | normal     | 1000      | -          | -               | individual | -          | 0    | 0   | 0      | 10000 | shared     | quota-fallback
            standard   | normal     | 1000      | -          | -               | distribution-tenant | - | 0    | 400 | 0      | 10000 | distribution-tenant | requested
            standard   | normal     | 1000      | -          | -               | distribution-tenant | - | 0    | 400 | 10000  | 10000 | shared     | quota-fallback
            """)
    void rulesInOrder(String tier, String traffic, Long views, String compliance, String customDomain,
            String requested, String current, int used, int max, int tenantsUsed, int tenantsMax, String strategy,
            String reasonOrRule) {
        TenantStrategy.Profile profile = new TenantStrategy.Profile(SubscriptionTier.fromJson(tier),
                TrafficTier.fromJson(traffic), views, compliance == null ? List.of() : List.of(compliance),
                customDomain, requested == null ? null : DistributionStrategy.fromJson(requested),
                current == null ? null : DistributionStrategy.fromJson(current));
        StrategyDecision decision = TenantStrategy.select(profile, new QuotaStatus(used, max, 0.8),
                tenantQuota(tenantsUsed, tenantsMax), TenantStrategy.Settings.DEFAULTS);
        if (strategy == null) {
            assertThat(decision.ok()).isFalse();
            assertThat(decision.violation().rule()).isEqualTo(reasonOrRule);
            assertThat(decision.violation().retryable()).isTrue();
            assertThat(decision.violation().reason()).contains(customDomain).contains(tenantsUsed + " of " + tenantsMax);
        } else {
            assertThat(decision.violation()).isNull();
            assertThat(decision.strategy()).isEqualTo(DistributionStrategy.fromJson(strategy));
            assertThat(decision.reason().code()).isEqualTo(reasonOrRule);
            assertThat(decision.explanation()).isNotBlank();
        }
    }

    private static QuotaStatus tenantQuota(int used, int max) {
        return new QuotaStatus(used, max, 0.8, QuotaStatus.DISTRIBUTION_TENANT);
    }

    /** With {@code edgeplane.dns.saas.enabled=false} the seed's original rules hold. */
    @ParameterizedTest(name = "[{index}] custom={0} req={1} quota {2}/{3} -> {4} {5}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # custom domain | requested           | used | max | strategy   | reason / rule
            shop.acme.com   | -                   | 0    | 400 | individual | custom-domain-individual
            shop.acme.com   | shared              | 0    | 400 | individual | custom-domain-individual
            shop.acme.com   | -                   | 400  | 400 | -          | quota
            -               | distribution-tenant | 0    | 400 | shared     | default
            """)
    void withoutDistributionTenantsACustomDomainNeedsAnIndividualDistribution(String customDomain, String requested,
            int used, int max, String strategy, String reasonOrRule) {
        StrategyDecision decision = TenantStrategy.select(new TenantStrategy.Profile(SubscriptionTier.STANDARD,
                TrafficTier.NORMAL, 1000L, List.of(), customDomain,
                requested == null ? null : DistributionStrategy.fromJson(requested), null),
                new QuotaStatus(used, max, 0.8), tenantQuota(0, 10_000),
                new TenantStrategy.Settings(true, 10_000_000L, false));
        if (strategy == null) {
            assertThat(decision.violation().rule()).isEqualTo(reasonOrRule);
            assertThat(decision.violation().retryable()).isTrue();
        } else {
            assertThat(decision.strategy().json()).isEqualTo(strategy);
            assertThat(decision.reason().code()).isEqualTo(reasonOrRule);
        }
    }

    @ParameterizedTest(name = "{0} of {1} distribution tenants -> warning {2}")
    @CsvSource({"0, 10000, false", "7999, 10000, false", "8000, 10000, true", "10000, 10000, true"})
    void theDistributionTenantQuotaWarnsAsItFills(int used, int max, boolean warned) {
        StrategyDecision decision = TenantStrategy.select(new TenantStrategy.Profile(SubscriptionTier.STANDARD,
                TrafficTier.LOW, null, List.of(), null, null, null), new QuotaStatus(0, 400, 0.8),
                tenantQuota(used, max), TenantStrategy.Settings.DEFAULTS);
        assertThat(decision.warnings().stream().anyMatch(w -> w.contains("distribution tenant"))).isEqualTo(warned);
        assertThat(decision.recommendation() != null && decision.recommendation().contains("saas.max-tenants"))
                .isEqualTo(warned);
    }

    @ParameterizedTest(name = "{0} of {1} in use -> warning {2}, recommendation {3}")
    @CsvSource({"0, 400, false, false", "319, 400, false, false", "320, 400, true, true", "399, 400, true, true",
            "400, 400, true, true"})
    void warningsAndRecommendationAsTheQuotaFills(int used, int max, boolean warned, boolean recommended) {
        StrategyDecision decision = TenantStrategy.select(new TenantStrategy.Profile(SubscriptionTier.STANDARD,
                TrafficTier.LOW, null, List.of(), null, null, null), new QuotaStatus(used, max, 0.8),
                tenantQuota(0, 10_000), TenantStrategy.Settings.DEFAULTS);
        assertThat(!decision.warnings().isEmpty()).isEqualTo(warned);
        assertThat(decision.recommendation() != null).isEqualTo(recommended);
    }

    @ParameterizedTest
    @CsvSource({"false, shared, default", "true, individual, enterprise-tier"})
    void enterpriseIndividualIsAConfigurableChoice(boolean enabled, String strategy, String reason) {
        StrategyDecision decision = TenantStrategy.select(new TenantStrategy.Profile(SubscriptionTier.ENTERPRISE,
                TrafficTier.NORMAL, null, List.of(), null, null, null), new QuotaStatus(0, 400, 0.8),
                tenantQuota(0, 10_000), new TenantStrategy.Settings(enabled, 10_000_000L));
        assertThat(decision.strategy().json()).isEqualTo(strategy);
        assertThat(decision.reason().code()).isEqualTo(reason);
    }
}
