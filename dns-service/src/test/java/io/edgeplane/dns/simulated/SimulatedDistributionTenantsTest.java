package io.edgeplane.dns.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.dns.domain.ConnectionGroupRef;
import io.edgeplane.dns.domain.DistributionTenantPage;
import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.DistributionTenantSpec;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.ManagedCertificate;
import io.edgeplane.dns.service.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulated SaaS Manager keeps CloudFront's documented quotas, errors and state changes. */
class SimulatedDistributionTenantsTest {
    private static final Duration DEPLOY = Duration.ofMinutes(3);
    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimulatedDistributionTenants cf = new SimulatedDistributionTenants(clock,
            new SimulatedDistributionTenants.Settings(DEPLOY, 3, 4, List.of("edgeplane.test")));

    private DistributionTenantSpec spec(String tenant, List<String> domains, String certDomain) {
        ConnectionGroupRef group = cf.connectionGroup("edgeplane-tenants");
        return new DistributionTenantSpec(DistributionTenantSpec.nameOf(tenant), "EMT1", domains,
                Map.of("tenantId", tenant, "originPath", "/tenants/" + tenant), Map.of("edgeplane:managed", "true",
                        "edgeplane:tenant", tenant), group.id(),
                certDomain == null ? null : new DistributionTenantSpec.CertificateRequest(
                        DistributionTenantSpec.Validation.CLOUDFRONT, certDomain), true);
    }

    private static String code(Runnable call) {
        try {
            call.run();
            return null;
        } catch (DnsApiException e) {
            return e.code();
        }
    }

    @Test
    void theConnectionGroupDeploysAfterTheDelayAndIsCreatedOnce() {
        ConnectionGroupRef first = cf.connectionGroup("edgeplane-tenants");
        assertThat(first.deployed()).isFalse();
        assertThat(first.routingEndpoint()).endsWith(".cloudfront.net");
        clock.sleep(DEPLOY);
        ConnectionGroupRef again = cf.connectionGroup("edgeplane-tenants");
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.deployed()).isTrue();
        assertThat(cf.calls("CreateConnectionGroup")).isEqualTo(1);
    }

    @Test
    void aTenantDeploysItsCertificateIssuesOnceTheCustomDomainPointsAtTheEndpointAndDomainsBecomeActive() {
        DistributionTenantRef t = cf.create(spec("acme", List.of("acme.edgeplane.test", "shop.acme.com"),
                "shop.acme.com"));
        assertThat(t.deployed()).isFalse();
        assertThat(t.domainsActive()).isFalse();
        clock.sleep(DEPLOY);
        assertThat(cf.certificate(t.id()).status()).isEqualTo(ManagedCertificate.Status.PENDING_VALIDATION);
        assertThat(cf.verifyDns("shop.acme.com", t.id()).valid()).isFalse();
        DistributionTenantRef deployed = cf.find(t.id());
        assertThat(deployed.domains()).extracting(DistributionTenantRef.Domain::active).containsExactly(true, false);

        String endpoint = cf.connectionGroup("edgeplane-tenants").routingEndpoint();
        cf.pointDomain("shop.acme.com", "elsewhere.example.net");
        assertThat(cf.certificate(t.id()).issued()).isFalse();
        assertThat(cf.verifyDns("shop.acme.com", t.id()).reason()).contains("elsewhere.example.net");
        cf.pointDomain("shop.acme.com", endpoint);
        assertThat(cf.verifyDns("shop.acme.com", t.id()).valid()).isTrue();
        ManagedCertificate cert = cf.certificate(t.id());
        assertThat(cert.issued()).isTrue();
        assertThat(cert.tokens()).extracting(ManagedCertificate.ValidationToken::domain).containsExactly("shop.acme.com");
        assertThat(cf.find(t.id()).domainsActive()).isTrue();
    }

    @Test
    void aReplayedCreateReturnsTheTenantCreatedBefore() {
        DistributionTenantRef first = cf.create(spec("acme", List.of("acme.edgeplane.test"), null));
        DistributionTenantRef again = cf.create(spec("acme", List.of("acme.edgeplane.test"), null));
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(cf.size()).isEqualTo(1);
        assertThat(cf.errors("EntityAlreadyExists")).isEqualTo(1);
    }

    @Test
    void aDomainAnotherTenantServesIsRefusedAsCnameAlreadyExists() {
        cf.create(spec("acme", List.of("acme.edgeplane.test", "shop.acme.com"), "shop.acme.com"));
        assertThatThrownBy(() -> cf.create(spec("evil", List.of("evil.edgeplane.test", "SHOP.acme.com."),
                "shop.acme.com"))).isInstanceOfSatisfying(DnsApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("CNAMEAlreadyExists");
                    assertThat(e.getMessage()).contains("shop.acme.com");
                });
        assertThat(cf.size()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shop..acme.com", "-shop.acme.com", "shop_acme.com", "localhost", "shop.acme.com/x",
            "*.acme.com", ""})
    void aMalformedDomainIsRefusedAsInvalidArgument(String domain) {
        assertThat(code(() -> cf.create(spec("acme", List.of("acme.edgeplane.test", domain), null))))
                .isEqualTo("InvalidArgument");
    }

    @Test
    void moreDomainsThanATenantAllowsAndMoreTenantsThanTheAccountAllowsAreRefused() {
        assertThat(code(() -> cf.create(spec("big", List.of("a.example.com", "b.example.com", "c.example.com",
                "d.example.com", "e.example.com"), null)))).isEqualTo("InvalidArgument");
        for (int i = 0; i < 3; i++) {
            cf.create(spec("t" + i, List.of("t" + i + ".edgeplane.test"), null));
        }
        assertThat(code(() -> cf.create(spec("t3", List.of("t3.edgeplane.test"), null))))
                .isEqualTo("EntityLimitExceeded");
        assertThat(cf.size()).isEqualTo(3);
    }

    @Test
    void anUpdateWithAStaleEtagFailsAndADeleteNeedsADisabledDeployedTenant() {
        DistributionTenantRef t = cf.create(spec("acme", List.of("acme.edgeplane.test"), null));
        DistributionTenantRef updated = cf.update(t, spec("acme", List.of("acme.edgeplane.test", "www.acme.com"), null));
        assertThat(updated.etag()).isNotEqualTo(t.etag());
        assertThat(code(() -> cf.update(t, spec("acme", List.of("acme.edgeplane.test"), null))))
                .isEqualTo("PreconditionFailed");
        assertThat(code(() -> cf.delete(updated))).isEqualTo("ResourceNotDisabled");
        DistributionTenantRef disabled = cf.disable(updated);
        assertThat(disabled.enabled()).isFalse();
        assertThat(cf.delete(disabled)).as("still deploying the disable").isFalse();
        clock.sleep(DEPLOY);
        assertThat(cf.delete(disabled)).isTrue();
        assertThat(cf.find(t.id())).isNull();
        // its domains are free again
        cf.create(spec("other", List.of("www.acme.com"), null));
    }

    @Test
    void listingCountsOnlyEdgeplanesTenantsOfTheDistributionAndEveryCallIsCounted() {
        cf.create(spec("a", List.of("a.edgeplane.test"), null));
        cf.create(spec("b", List.of("b.edgeplane.test"), null));
        assertThat(cf.listOurs("EMT1")).hasSize(2);
        assertThat(cf.listOurs("EOTHER")).isEmpty();
        assertThat(cf.calls()).containsEntry("CreateDistributionTenant", 2L).containsEntry("ListDistributionTenants", 2L);
    }

    @Test
    void listingPagesHoldAHundredInIdOrderAndResumeAfterTheirMarkerEvenWhenThatTenantIsGone() {
        SimulatedDistributionTenants big = new SimulatedDistributionTenants(clock,
                new SimulatedDistributionTenants.Settings(DEPLOY, 1000, 4, List.of("edgeplane.test")));
        ConnectionGroupRef group = big.connectionGroup("edgeplane-tenants");
        for (int i = 0; i < 250; i++) {
            String tenant = "t" + i;
            big.create(new DistributionTenantSpec(DistributionTenantSpec.nameOf(tenant), i % 50 == 0 ? "EOTHER" : "EMT1",
                    List.of(tenant + ".edgeplane.test"), Map.of("tenantId", tenant), Map.of("edgeplane:managed", "true"),
                    group.id(), null, true));
        }
        DistributionTenantPage first = big.page(null, null);
        assertThat(first.tenants()).hasSize(100);
        assertThat(first.tenants()).allMatch(t -> "InProgress".equals(t.status()) && !t.deployed() && t.enabled());
        List<String> ids = first.tenants().stream().map(DistributionTenantPage.Summary::id).toList();
        assertThat(ids).isSorted();
        assertThat(first.nextMarker()).isEqualTo(ids.getLast());

        // The marker's tenant is deleted between two pages: the listing goes on after it, skipping nothing.
        DistributionTenantRef last = big.find(first.nextMarker());
        clock.sleep(DEPLOY);
        big.delete(big.disable(big.find(last.id())));
        clock.sleep(DEPLOY);
        assertThat(big.delete(big.find(last.id()))).isTrue();
        DistributionTenantPage second = big.page(null, first.nextMarker());
        DistributionTenantPage third = big.page(null, second.nextMarker());
        assertThat(third.nextMarker()).isNull();
        // 250 created, the first page's last one deleted after that page was read
        assertThat(first.tenants().size() + second.tenants().size() + third.tenants().size()).isEqualTo(250);
        assertThat(second.tenants()).extracting(DistributionTenantPage.Summary::id).doesNotContain(last.id())
                .allMatch(id -> id.compareTo(last.id()) > 0);
        assertThat(second.tenants()).allMatch(t -> t.deployed());

        // Filtered by the multi-tenant distribution: the other template's 5 tenants are not listed.
        int ours = 0;
        String marker = null;
        do {
            DistributionTenantPage page = big.page("EMT1", marker);
            assertThat(page.tenants()).allMatch(t -> "EMT1".equals(t.multiTenantDistributionId()));
            ours += page.tenants().size();
            marker = page.nextMarker();
        } while (marker != null);
        assertThat(ours).isEqualTo(250 - 5 - ("EMT1".equals(last.multiTenantDistributionId()) ? 1 : 0));
        assertThat(big.calls("ListDistributionTenants")).isEqualTo(3 + 3);
    }
}
