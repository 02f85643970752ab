package io.edgeplane.dns;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.DistributionTenantSpec;
import io.edgeplane.dns.domain.QuotaStatus;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.service.QuotaTracker;
import io.edgeplane.dns.simulated.SimulatedCloudFront;
import io.edgeplane.dns.simulated.SimulatedDistributionTenants;
import io.edgeplane.dns.simulated.SimulatedRoute53;
import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantDeprovisioned;
import io.edgeplane.events.TenantDnsFailed;
import io.edgeplane.events.TenantDnsReady;
import io.edgeplane.events.TenantMigrated;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Distribution tenants (CloudFront SaaS Manager) end to end on the real broker, with the simulated SaaS Manager and
 * Route 53: custom domains, the customer's DNS, quota, CNAME conflicts, replay, deprovisioning and migrations.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = DnsTopics.INTERNAL))
class DistributionTenantFlowTest {
    private static final String ZONE = "Z0EDGEPLANETEST";
    private static final String BASE = "edgeplane.test";
    private static final String MULTI_TENANT = "E1EDGEPLANEMT01";
    private static final String SHARED_DOMAIN = "d1edgeplane0001.cloudfront.net";
    private static final Duration LONG = Duration.ofSeconds(90);
    private static EventsClient upstream;

    @Inject
    SimulatedDistributionTenants saas;

    @Inject
    SimulatedCloudFront cloudFront;

    @Inject
    SimulatedRoute53 route53;

    @Inject
    QuotaTracker quota;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    private static TenantProvisioned tenant(String id, String customDomain, DistributionStrategy requested) {
        return new TenantProvisioned(id, id, BASE, SubscriptionTier.STANDARD, TrafficTier.NORMAL, 10_000L, List.of(),
                customDomain, requested, Instant.now(), List.of());
    }

    private String endpoint() {
        return saas.connectionGroup("edgeplane-tenants").routingEndpoint();
    }

    private static TenantDnsReady ready(String tenantId) {
        var ready = upstream.awaitEvents(EventType.TENANT_DNS_READY, (TenantDnsReady r) -> r.tenantId().equals(tenantId),
                1, LONG);
        assertThat(ready).as("TenantDnsReady of %s", tenantId).hasSize(1);
        return ready.getFirst().data();
    }

    private static TenantDnsFailed failed(String tenantId) {
        var failed = upstream.awaitEvents(EventType.TENANT_DNS_FAILED,
                (TenantDnsFailed f) -> f.tenantId().equals(tenantId), 1, LONG);
        assertThat(failed).as("TenantDnsFailed of %s", tenantId).hasSize(1);
        return failed.getFirst().data();
    }

    private String aTarget(String tenantId) {
        var record = route53.record(ZONE, new RecordKey(tenantId + "." + BASE, RecordType.A));
        return record == null ? null : record.target();
    }

    private long tenantsTagged(String tenantId) {
        return saas.listOurs(MULTI_TENANT).stream().filter(t -> tenantId.equals(t.tenantId())).count();
    }

    @Test
    void aCustomDomainThatIsAnotherTenantsIsRefusedBeforeCloudFrontIsAsked() {
        upstream.publish(tenant("host-owner", null, null));
        ready("host-owner");
        upstream.publish(tenant("dom-owner", "shop.owner.example", null));
        await().atMost(LONG).untilAsserted(() -> given().get("/tenants/dom-owner/dns").then().statusCode(200)
                .body("strategy", equalTo("distribution-tenant")));
        long creates = saas.calls("CreateDistributionTenant");
        upstream.publish(tenant("evil-1", "host-owner." + BASE, null));
        upstream.publish(tenant("evil-2", "login.host-owner." + BASE, null));
        upstream.publish(tenant("evil-3", "SHOP.owner.example.", null));
        upstream.publish(tenant("evil-4", "unclaimed." + BASE, null));
        assertThat(failed("evil-1").reason()).contains("host-owner");
        assertThat(failed("evil-1").rule()).isEqualTo("custom-domain-taken");
        assertThat(failed("evil-2").rule()).isEqualTo("custom-domain-taken");
        assertThat(failed("evil-3").rule()).isEqualTo("custom-domain-taken");
        assertThat(failed("evil-3").reason()).contains("dom-owner");
        assertThat(failed("evil-4").rule()).isEqualTo("custom-domain-in-base-domain");
        assertThat(saas.calls("CreateDistributionTenant") - creates).as("CreateDistributionTenant calls").isZero();
        assertThat(aTarget("host-owner")).isEqualTo(SHARED_DOMAIN);
    }

    @Test
    void aCustomDomainWaitsForTheCustomersCnameThenBecomesAReadyDistributionTenant() {
        upstream.publish(tenant("cd-1", "shop.cd1.example", null));
        String record = "shop.cd1.example CNAME " + endpoint();
        await().atMost(LONG).untilAsserted(() -> given().get("/tenants/cd-1/dns").then().statusCode(200)
                .body("status", equalTo("pending")).body("strategy", equalTo("distribution-tenant"))
                .body("waitingFor", equalTo("customer-dns"))
                .body("waiting", org.hamcrest.Matchers.containsString("waiting for the customer's DNS"))
                .body("customerRecords", hasItem(record)));
        assertThat(upstream.awaitEvents(EventType.TENANT_DNS_READY, (TenantDnsReady r) -> r.tenantId().equals("cd-1"),
                1, Duration.ofSeconds(2))).as("no TenantDnsReady before the customer's CNAME").isEmpty();
        assertThat(aTarget("cd-1")).as("no record switched yet").isNull();

        // The local stack's customer creates the CNAME: a mutation, so not without the API token.
        given().contentType("application/json").body("{\"target\":\"" + endpoint() + "\"}")
                .put("/simulated/customer-dns/shop.cd1.example").then().statusCode(401);
        given().header("Authorization", io.edgeplane.testsupport.TestTokens.AUTHORIZATION)
                .contentType("application/json").body("{\"target\":\"" + endpoint() + "\"}")
                .put("/simulated/customer-dns/shop.cd1.example").then().statusCode(204);
        TenantDnsReady ready = ready("cd-1");
        assertThat(ready.strategy()).isEqualTo(DistributionStrategy.DISTRIBUTION_TENANT);
        assertThat(ready.distributionId()).isEqualTo(MULTI_TENANT);
        assertThat(ready.target()).isEqualTo(endpoint());
        assertThat(ready.distributionTenantId()).startsWith("dt_");
        assertThat(aTarget("cd-1")).as("ALIAS to the routing endpoint").isEqualTo(endpoint());
        DistributionTenantRef dt = saas.find(ready.distributionTenantId());
        assertThat(dt.name()).isEqualTo(DistributionTenantSpec.nameOf("cd-1"));
        assertThat(dt.domains()).extracting(DistributionTenantRef.Domain::domain)
                .containsExactly("cd-1." + BASE, "shop.cd1.example");
        assertThat(dt.domainsActive()).isTrue();
        assertThat(dt.parameters()).containsEntry("tenantId", "cd-1")
                .containsEntry("originPath", "/tenants/cd-1");
        assertThat(dt.tags()).containsEntry("edgeplane:managed", "true").containsEntry("edgeplane:tenant", "cd-1");
        assertThat(saas.certificate(dt.id()).issued()).isTrue();
        given().get("/tenants/cd-1/dns").then().body("status", equalTo("insync"))
                .body("distributionTenantId", equalTo(dt.id()));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("edgeplane_dns_distribution_tenants{state=\"active\"}"))
                .body(org.hamcrest.Matchers.containsString("edgeplane_dns_distribution_tenants_max 10000.0"));
    }

    @Test
    void withTheDistributionTenantQuotaUsedUpACustomDomainFailsWithTheRuleAndNothingIsCreated() {
        QuotaStatus before = quota.tenantStatus();
        int fill = before.max() - before.used();
        for (int i = 0; i < fill; i++) {
            quota.tenantCreated(); // as if CloudFront listed that many of ours
        }
        long creates = saas.calls("CreateDistributionTenant");
        try {
            upstream.publish(tenant("quota-1", "shop.quota1.example", null));
            TenantDnsFailed failed = failed("quota-1");
            assertThat(failed.rule()).isEqualTo("distribution-tenant-quota");
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.reason()).contains("shop.quota1.example").contains("edgeplane.dns.saas.max-tenants");
            assertThat(saas.calls("CreateDistributionTenant") - creates).isZero();
            assertThat(tenantsTagged("quota-1")).isZero();
        } finally {
            for (int i = 0; i < fill; i++) {
                quota.tenantDeleted();
            }
        }
    }

    @Test
    void aDomainAnotherCloudFrontTenantServesFailsAsCnameAlreadyExistsNamingTheDomain() {
        saas.create(new DistributionTenantSpec("someone-else", MULTI_TENANT, List.of("taken.example.org"), Map.of(),
                Map.of(), saas.connectionGroup("edgeplane-tenants").id(), null, true));
        upstream.publish(tenant("cname-1", "taken.example.org", null));
        TenantDnsFailed failed = failed("cname-1");
        assertThat(failed.rule()).isEqualTo("cname-already-exists");
        assertThat(failed.reason()).contains("taken.example.org");
        assertThat(aTarget("cname-1")).isNull();
    }

    @Test
    void aReplayAfterACrashFindsTheDistributionTenantCreatedBeforeAndCreatesNoSecond() throws Exception {
        // The crash: CreateDistributionTenant went through, the state never reached the topic.
        DistributionTenantRef before = saas.create(new DistributionTenantSpec(DistributionTenantSpec.nameOf("replay-1"),
                MULTI_TENANT, List.of("replay-1." + BASE), Map.of("tenantId", "replay-1"), Map.of("edgeplane:managed",
                        "true", "edgeplane:tenant", "replay-1"), saas.connectionGroup("edgeplane-tenants").id(), null,
                true));
        EventEnvelope<TenantProvisioned> event = EventEnvelope.of(EventsClient.SOURCE,
                tenant("replay-1", null, DistributionStrategy.DISTRIBUTION_TENANT));
        deliver(event);
        deliver(event);
        TenantDnsReady ready = ready("replay-1");
        assertThat(ready.distributionTenantId()).isEqualTo(before.id());
        assertThat(tenantsTagged("replay-1")).isEqualTo(1);
        assertThat(saas.find(before.id()).parameters()).as("brought in line through If-Match")
                .containsEntry("originPath", "/tenants/replay-1");
        assertThat(upstream.awaitEvents(EventType.TENANT_DNS_READY,
                (TenantDnsReady r) -> r.tenantId().equals("replay-1"), 2, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void aDeprovisionedDistributionTenantIsDisabledThenDeletedWithItsRecords() {
        upstream.publish(tenant("gone-1", null, DistributionStrategy.DISTRIBUTION_TENANT));
        TenantDnsReady ready = ready("gone-1");
        assertThat(aTarget("gone-1")).isEqualTo(endpoint());
        long disables = saas.calls("UpdateDistributionTenant");
        upstream.publish(new TenantDeprovisioned("gone-1", "contract ended", Instant.now(), List.of()));
        await().atMost(LONG).untilAsserted(() -> given().get("/tenants/gone-1/dns").then().statusCode(404));
        assertThat(saas.exists(ready.distributionTenantId())).isFalse();
        assertThat(saas.calls("UpdateDistributionTenant") - disables).as("disabled before the delete").isPositive();
        assertThat(aTarget("gone-1")).isNull();
    }

    private static void migrate(String tenantId, String to) {
        await().atMost(LONG).untilAsserted(() -> given().get("/tenants/" + tenantId + "/dns").then()
                .body("status", equalTo("insync")));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType("application/json")
                .body(Map.of("to", to, "reason", "test")).post("/tenants/" + tenantId + "/dns/migrate").then()
                .statusCode(202);
    }

    private static TenantMigrated migrated(String tenantId, DistributionStrategy to) {
        var m = upstream.awaitEvents(EventType.TENANT_MIGRATED, (TenantMigrated e) -> e.tenantId().equals(tenantId)
                && e.toStrategy() == to, 1, LONG);
        assertThat(m).as("TenantMigrated of %s to %s", tenantId, to).hasSize(1);
        return m.getFirst().data();
    }

    @Test
    void migrationsSharedToDistributionTenantToIndividualAndBackSwitchRecordsAndRemoveTheOld() {
        upstream.publish(tenant("walk-1", null, null));
        ready("walk-1");
        assertThat(aTarget("walk-1")).isEqualTo(SHARED_DOMAIN);

        migrate("walk-1", "distribution-tenant");
        TenantMigrated toTenant = migrated("walk-1", DistributionStrategy.DISTRIBUTION_TENANT);
        assertThat(toTenant.fromStrategy()).isEqualTo(DistributionStrategy.SHARED);
        assertThat(toTenant.toDistributionId()).isEqualTo(MULTI_TENANT);
        String dt = toTenant.toDistributionTenantId();
        assertThat(saas.exists(dt)).isTrue();
        assertThat(aTarget("walk-1")).isEqualTo(endpoint());

        migrate("walk-1", "individual");
        TenantMigrated toIndividual = migrated("walk-1", DistributionStrategy.INDIVIDUAL);
        assertThat(toIndividual.fromStrategy()).isEqualTo(DistributionStrategy.DISTRIBUTION_TENANT);
        assertThat(toIndividual.fromDistributionTenantId()).isEqualTo(dt);
        assertThat(saas.exists(dt)).as("old distribution tenant deleted after the switch").isFalse();
        String individual = toIndividual.toDistributionId();
        assertThat(cloudFront.exists(individual)).isTrue();
        assertThat(aTarget("walk-1")).isNotIn(endpoint(), SHARED_DOMAIN);

        migrate("walk-1", "distribution-tenant");
        var back = upstream.awaitEvents(EventType.TENANT_MIGRATED, (TenantMigrated e) -> e.tenantId().equals("walk-1")
                && e.fromStrategy() == DistributionStrategy.INDIVIDUAL, 1, LONG);
        assertThat(back).hasSize(1);
        assertThat(back.getFirst().data().fromDistributionId()).isEqualTo(individual);
        String dt2 = back.getFirst().data().toDistributionTenantId();
        assertThat(cloudFront.exists(individual)).as("old individual distribution deleted").isFalse();
        assertThat(aTarget("walk-1")).isEqualTo(endpoint());

        migrate("walk-1", "shared");
        var toShared = upstream.awaitEvents(EventType.TENANT_MIGRATED, (TenantMigrated e) -> e.tenantId().equals("walk-1")
                && e.toStrategy() == DistributionStrategy.SHARED, 1, LONG);
        assertThat(toShared).hasSize(1);
        assertThat(toShared.getFirst().data().fromDistributionTenantId()).isEqualTo(dt2);
        assertThat(saas.exists(dt2)).isFalse();
        assertThat(aTarget("walk-1")).isEqualTo(SHARED_DOMAIN);
    }

    /** CloudFront reads the waiter makes (the simulator counts every call by operation). */
    private long reads() {
        return saas.calls("GetDistributionTenant") + saas.calls("VerifyDnsConfiguration")
                + saas.calls("GetManagedCertificateDetails");
    }

    private static int pollAttempts(String tenantId) {
        Integer attempts = given().get("/tenants/" + tenantId + "/dns").then().statusCode(200).extract()
                .path("pollAttempts");
        return attempts == null ? 0 : attempts;
    }

    /**
     * Hostile: forty customers who never create their CNAME. Each polled on its own schedule (even backing off from
     * 100 ms), together they would ask CloudFront for ~80 reads/s; the one read budget (test: 20/s) holds. Then,
     * alone, one waiting tenant's looks back off (test: 100 ms doubling to a 3 s cap; a fixed 100 ms poll would
     * make ~60 looks in 6 s), its step and next look visible in the API.
     */
    @Test
    void tenantsWaitingForTheirCustomersDnsStayWithinTheOneReadBudgetAndBackOff() throws Exception {
        int n = 40;
        upstream.publish(tenant("patient-0", "www.patient0.example", null));
        for (int i = 0; i < n; i++) {
            upstream.publish(tenant("flood-" + i, "www.flood" + i + ".example", null));
        }
        for (int i = 0; i < n; i++) {
            String id = "flood-" + i;
            await().atMost(LONG).untilAsserted(() -> given().get("/tenants/" + id + "/dns").then().statusCode(200)
                    .body("waitingFor", equalTo("customer-dns")));
        }
        long before = reads();
        long started = System.nanoTime();
        Thread.sleep(3_000);
        long made = reads() - before;
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(made).as("CloudFront reads in %.1f s with %d tenants waiting (budget 20/s)", seconds, n + 1)
                .isLessThanOrEqualTo((long) Math.ceil(20 * seconds) + 2);
        for (int i = 0; i < n; i++) {
            upstream.publish(new TenantDeprovisioned("flood-" + i, "test done", Instant.now(), List.of()));
        }
        for (int i = 0; i < n; i++) {
            String id = "flood-" + i;
            await().atMost(LONG).untilAsserted(() -> given().get("/tenants/" + id + "/dns").then().statusCode(404));
        }

        await().atMost(LONG).until(() -> pollAttempts("patient-0") >= 6); // 0.1+0.2+0.4+0.8+1.6 s: at the cap
        int atCap = pollAttempts("patient-0");
        Thread.sleep(6_000);
        var view = given().get("/tenants/patient-0/dns").then().statusCode(200)
                .body("waitingFor", equalTo("customer-dns"))
                .body("customerRecords", hasItem("www.patient0.example CNAME " + endpoint())).extract();
        int later = view.path("pollAttempts");
        assertThat(later - atCap).as("looks in 6 s at the 3 s cap").isBetween(1, 3);
        Instant next = Instant.parse(view.path("nextPollAt"));
        assertThat(next).isBefore(Instant.now().plusSeconds(4));
        upstream.publish(new TenantDeprovisioned("patient-0", "test done", Instant.now(), List.of()));
    }

    private static void deliver(EventEnvelope<?> event) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        CloudEventCodec.headers(event).forEach(h -> headers.put(h.key(),
                new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
        upstream.publishRaw(event.type().topic(), event.key(), headers, CloudEventCodec.encodeData(event.data()));
    }
}
