package io.edgeplane.invalidation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which target a tenant's change goes to, learned from the dns-service's announcements alone. */
class DistributionTenantsTest {
    static final String MULTI = "E1MULTITENANT01";
    static final String SHARED = "E1EDGEPLANE0001";

    @Test
    void aTenantsChangeNeverReachesAnotherTenantsDistributionTenant() {
        var registry = new DistributionTenants();
        registry.announced("acme", true, MULTI, "dt_acme");
        registry.announced("globex", true, MULTI, "dt_globex");
        assertThat(registry.target(MULTI, "acme").distributionTenantId()).isEqualTo("dt_acme");
        assertThat(registry.target(MULTI, "globex").distributionTenantId()).isEqualTo("dt_globex");
        // Sibling-prefixed and case-varied ids are other tenants: unknown, so the distribution path.
        for (String other : new String[] {"acme-evil", "ACME", "acm", "acme.", "globex2"}) {
            assertThat(registry.target(MULTI, other)).as(other).isEqualTo(InvalidationTarget.distribution(MULTI));
        }
        assertThat(registry.target(MULTI, null)).isEqualTo(InvalidationTarget.distribution(MULTI));
    }

    @Test
    void aDistributionTenantClaimedForASecondTenantServesNeitherUntilAnnouncedAgain() {
        var registry = new DistributionTenants();
        registry.announced("acme", true, MULTI, "dt_acme");
        assertThat(registry.announced("mallory", true, MULTI, "dt_acme")).startsWith("contradiction");
        assertThat(registry.target(MULTI, "mallory")).isEqualTo(InvalidationTarget.distribution(MULTI));
        assertThat(registry.target(MULTI, "acme")).isEqualTo(InvalidationTarget.distribution(MULTI));
        assertThat(registry.contradictions()).isEqualTo(1);
        registry.announced("acme", true, MULTI, "dt_acme");
        assertThat(registry.target(MULTI, "acme").distributionTenantId()).isEqualTo("dt_acme");
    }

    @Test
    void malformedAnnouncementsRouteNothing() {
        var registry = new DistributionTenants();
        registry.announced("acme", true, MULTI, "dt_acme");
        assertThat(registry.announced("acme", true, MULTI, "dt_x/tenant/globex")).startsWith("ignored");
        assertThat(registry.target(MULTI, "acme")).isEqualTo(InvalidationTarget.distribution(MULTI));
        assertThat(registry.announced("acme", true, MULTI, null)).startsWith("ignored");
        assertThat(registry.announced("acme", true, null, "dt_acme")).startsWith("ignored");
        assertThat(registry.size()).isZero();
    }

    @Test
    void aChangeTheDistributorNamesOnTheSharedDistributionReachesTheTenantsDistributionTenant() {
        var registry = new DistributionTenants();
        registry.announced("acme", true, MULTI, "dt_acme");
        // The distributor names the distribution it is configured with; the serving path is the dns-service's word.
        assertThat(registry.target(SHARED, "acme"))
                .isEqualTo(InvalidationTarget.distributionTenant(SHARED, "dt_acme", "acme"));
        assertThat(registry.target(SHARED, "globex")).isEqualTo(InvalidationTarget.distribution(SHARED));
    }

    @Test
    void aTenantMigratedAwayGoesBackToTheDistributionPathAndItsIdMayServeAgain() {
        var registry = new DistributionTenants();
        registry.announced("acme", true, MULTI, "dt_acme");
        registry.announced("acme", false, SHARED, null);
        assertThat(registry.target(MULTI, "acme")).isEqualTo(InvalidationTarget.distribution(MULTI));
        assertThat(registry.of("acme")).isEmpty();
        registry.announced("acme", true, MULTI, "dt_acme2");
        assertThat(registry.target(MULTI, "acme").distributionTenantId()).isEqualTo("dt_acme2");
        // The old id is free: no contradiction when it is announced for another tenant later.
        assertThat(registry.announced("globex", true, MULTI, "dt_acme")).startsWith("tenant globex");
    }

    @Test
    void targetKeysRoundTripAndCannotBeForgedThroughTheIds() {
        var t = InvalidationTarget.distributionTenant(MULTI, "dt_acme", "acme");
        assertThat(InvalidationTarget.parse(t.key())).isEqualTo(t);
        assertThat(InvalidationTarget.parse(MULTI)).isEqualTo(InvalidationTarget.distribution(MULTI));
        assertThat(t.kind()).isEqualTo("distribution-tenant");
        assertThat(t.memoryKey("I1")).isEqualTo("dt_acme:I1");
        assertThat(InvalidationTarget.distribution(MULTI).memoryKey("I1")).isEqualTo("I1");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> InvalidationTarget.distributionTenant(MULTI, "dt/tenant/x", "acme"))
                .hasMessageContaining("distribution-tenant-id");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> InvalidationTarget.distributionTenant(MULTI, "dt_a", "a/tenant/b"))
                .hasMessageContaining("[id]");
    }
}
