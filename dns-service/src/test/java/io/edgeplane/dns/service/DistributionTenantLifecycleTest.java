package io.edgeplane.dns.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.DistributionTenantProgress;
import io.edgeplane.dns.domain.DistributionTenantProgress.Stage;
import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.Hostname;
import io.edgeplane.dns.domain.QuotaStatus;
import io.edgeplane.dns.domain.TenantLabel;
import io.edgeplane.dns.simulated.SimulatedDistributionTenants;
import io.edgeplane.platform.ownership.Ownership;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reads a look at a waiting distribution tenant costs: only what can change its answer. */
class DistributionTenantLifecycleTest {
    private static final Duration DEPLOY = Duration.ofMinutes(3);
    private static final String DOMAIN = "shop.acme.example";

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SimulatedDistributionTenants cf = new SimulatedDistributionTenants(clock,
            new SimulatedDistributionTenants.Settings(DEPLOY, 100, 4, List.of("edgeplane.test")));

    private DistributionTenantLifecycle lifecycle(String validation) {
        DistributionTenantLifecycle l = new DistributionTenantLifecycle();
        l.tenants = cf;
        l.clock = clock;
        l.ownership = Ownership.DEFAULTS;
        l.config = config(validation);
        l.quota = new QuotaTracker() {
            @Override
            public QuotaStatus tenantStatus() {
                return new QuotaStatus(cf.size(), 100, 0.8, QuotaStatus.DISTRIBUTION_TENANT);
            }

            @Override
            public void tenantCreated() {
            }
        };
        return l;
    }

    private DistributionTenantRef created(DistributionTenantLifecycle l) {
        Hostname hostname = TenantLabel.withDefaults().check("acme", "edgeplane.test").hostname();
        return l.ensure(l.spec("acme", hostname, DOMAIN), false);
    }

    private long reads() {
        return cf.calls("GetDistributionTenant") + cf.calls("VerifyDnsConfiguration")
                + cf.calls("GetManagedCertificateDetails") + cf.calls("ListDistributionTenants");
    }

    @Test
    void theFirstLookUsesTheAnswerOfTheCreateAndReadsNothing() {
        DistributionTenantLifecycle l = lifecycle("cloudfront");
        DistributionTenantRef t = created(l);
        long before = reads();

        DistributionTenantProgress p = l.progress(t, List.of(DOMAIN));

        assertThat(p.stage()).isEqualTo(Stage.DEPLOYING);
        assertThat(reads()).isEqualTo(before);
    }

    @Test
    void aDeployedTenantWhoseCertificateWasIssuedThroughCloudFrontIsReadyAfterOneReadAndNoDnsCheck() {
        DistributionTenantLifecycle l = lifecycle("cloudfront");
        DistributionTenantRef t = created(l);
        cf.pointDomain(DOMAIN, l.connectionGroup().routingEndpoint());
        clock.sleep(DEPLOY);
        l.progress(t.id(), List.of(DOMAIN), Stage.DEPLOYING.waitingFor()); // Get: deployed; certificate: issued
        long verifies = cf.calls("VerifyDnsConfiguration");
        long before = reads();

        DistributionTenantProgress p = l.progress(t.id(), List.of(DOMAIN), Stage.CERTIFICATE.waitingFor());

        assertThat(p.stage()).isEqualTo(Stage.READY);
        assertThat(reads() - before).isEqualTo(1); // known deployed: only the certificate was read
        assertThat(cf.calls("VerifyDnsConfiguration")).isEqualTo(verifies);
    }

    @Test
    void aTenantWaitingForItsCustomersCnameIsAskedAboutTheCnameFirstAndNamesTheRecord() {
        DistributionTenantLifecycle l = lifecycle("cloudfront");
        DistributionTenantRef t = created(l);
        clock.sleep(DEPLOY);
        DistributionTenantProgress first = l.progress(t.id(), List.of(DOMAIN), Stage.DEPLOYING.waitingFor());
        assertThat(first.stage()).isEqualTo(Stage.CUSTOMER_DNS);
        long certificates = cf.calls("GetManagedCertificateDetails");

        DistributionTenantProgress again = l.progress(t.id(), List.of(DOMAIN), first.stage().waitingFor());

        assertThat(again.stage()).isEqualTo(Stage.CUSTOMER_DNS);
        assertThat(again.customerRecords()).containsExactly(DistributionTenantProgress.customerRecord(DOMAIN,
                l.connectionGroup().routingEndpoint()));
        assertThat(cf.calls("GetManagedCertificateDetails")).isEqualTo(certificates); // one VerifyDns, no more
        assertThat(cf.calls("GetDistributionTenant")).isEqualTo(1); // the first look after the create's answer
    }

    @Test
    void withSelfHostedValidationAnIssuedCertificateSaysNothingOfTheCnameSoDnsIsVerified() {
        DistributionTenantLifecycle l = lifecycle("self-hosted");
        DistributionTenantRef t = created(l);
        clock.sleep(DEPLOY);

        DistributionTenantProgress p = l.progress(t.id(), List.of(DOMAIN), Stage.DEPLOYING.waitingFor());

        assertThat(p.stage()).isEqualTo(Stage.CUSTOMER_DNS);
        assertThat(cf.calls("VerifyDnsConfiguration")).isEqualTo(1);
        assertThat(cf.calls("GetManagedCertificateDetails")).isZero();
    }

    @Test
    void aNewTenantIsCreatedWithoutALookupAndItsReplayAfterACrashFindsTheOneCreatedBeforeAndAlignsIt() {
        DistributionTenantLifecycle l = lifecycle("cloudfront");
        Hostname hostname = TenantLabel.withDefaults().check("acme", "edgeplane.test").hostname();
        DistributionTenantRef first = l.ensure(l.spec("acme", hostname, DOMAIN), false);
        assertThat(cf.calls("GetDistributionTenant")).isZero();

        // The consumer crashed before its state named the tenant; the replay asks for another domain.
        DistributionTenantRef replayed = l.ensure(l.spec("acme", hostname, "www.acme.example"), false);

        assertThat(replayed.id()).isEqualTo(first.id());
        assertThat(cf.size()).isEqualTo(1);
        assertThat(replayed.domains()).extracting(DistributionTenantRef.Domain::domain)
                .containsExactly(hostname.fqdn(), "www.acme.example");
        assertThat(cf.calls("UpdateDistributionTenant")).isEqualTo(1);
    }

    private static DnsConfig config(String validation) {
        Map<String, Object> saas = Map.ofEntries(Map.entry("distributionId", "EMT1"),
                Map.entry("connectionGroup", "edgeplane-tenants"), Map.entry("certificateValidation", validation),
                Map.entry("poll", Duration.ofSeconds(30)), Map.entry("certificatePoll", Duration.ofMinutes(2)),
                Map.entry("customerDnsPoll", Duration.ofMinutes(1)), Map.entry("customerDnsPollMax",
                        Duration.ofMinutes(30)), Map.entry("customerDnsTimeout", Duration.ofDays(7)),
                Map.entry("readRate", 1000.0), Map.entry("maxTenants", 100));
        return stub(DnsConfig.class, Map.of("saas", stub(DnsConfig.Saas.class, saas)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object v = values.get(method.getName());
            if (v == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
            }
            return v;
        });
    }
}
