package io.edgeplane.dns;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.edgeplane.dns.domain.DistributionSpec;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.domain.TenantDnsState;
import io.edgeplane.dns.messaging.DesiredStateStore;
import io.edgeplane.dns.messaging.InternalJson;
import io.edgeplane.dns.service.ZoneWriters;
import io.edgeplane.dns.simulated.SimulatedCloudFront;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;

/**
 * The dns-service on the real broker with the simulated Route 53 and CloudFront (5 requests/s per account,
 * batch limits, PENDING -> INSYNC, fault injection): upstream events in, TenantDnsReady/Failed/Migrated out.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = DnsTopics.INTERNAL))
class DnsFlowTest {
    private static final String ZONE = "Z0EDGEPLANETEST";
    private static final String BASE = "edgeplane.test";
    private static final String SHARED_DOMAIN = "d1edgeplane0001.cloudfront.net";
    private static final Duration LONG = Duration.ofSeconds(150);
    private static EventsClient upstream;

    @Inject
    SimulatedRoute53 route53;

    @Inject
    SimulatedCloudFront cloudFront;

    @Inject
    ZoneWriters writers;

    @Inject
    DesiredStateStore store;

    @Inject
    io.edgeplane.dns.service.TenantDnsService tenants;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    private static TenantProvisioned tenant(String id, String label, SubscriptionTier tier) {
        return new TenantProvisioned(id, label, BASE, tier, TrafficTier.NORMAL, 10_000L, List.of(), null, null,
                Instant.now(), List.of());
    }

    private List<EventEnvelope<TenantDnsReady>> awaitReady(String prefix, int count) {
        List<EventEnvelope<TenantDnsReady>> ready = upstream.awaitEvents(EventType.TENANT_DNS_READY,
                (TenantDnsReady r) -> r.tenantId().startsWith(prefix), count, LONG);
        assertThat(ready).as("TenantDnsReady for %s*", prefix).hasSize(count);
        return ready;
    }

    private void awaitWritersIdle() {
        await().atMost(LONG).until(() -> writers.queued().values().stream().allMatch(n -> n == 0));
    }

    @Test
    void aZoneChangeReplayedAfterItsTenantWasAnnouncedIsNotAnnouncedAgain() {
        upstream.publish(tenant("replayed-1", "replayed-1", SubscriptionTier.STANDARD));
        awaitReady("replayed-", 1);
        TenantDnsState state = store.get("replayed-1");
        // Another replica's writer takes the zone change again (its offset was not committed before the replica that
        // announced it died) and sees it INSYNC: nothing more may be announced.
        var replayed = new io.edgeplane.dns.messaging.ZoneChangeRequest("replayed-1", state.generation(), ZONE,
                state.operation(), List.of(), List.of(), Instant.now());
        assertThat(tenants.inSync(replayed, "C-REPLAYED")).isEmpty();
        assertThat(upstream.awaitEvents(EventType.TENANT_DNS_READY, (TenantDnsReady r) -> r.tenantId().equals("replayed-1"),
                2, Duration.ofSeconds(3))).as("TenantDnsReady of replayed-1").hasSize(1);
    }

    @Test
    void provisioningLatencyCountsFromReceiptNotFromAClientClockFarInThePast() {
        // An upstream system whose clock (or a copied example) says 2020: that is skew, not six years of latency.
        upstream.publish(new TenantProvisioned("skewed-1", "skewed-1", BASE, SubscriptionTier.STANDARD,
                TrafficTier.NORMAL, 10_000L, List.of(), null, null, Instant.parse("2020-01-01T00:00:00Z"), List.of()));
        TenantDnsReady ready = awaitReady("skewed-", 1).getFirst().data();
        assertThat(ready.provisioningMillis()).as("provisioning latency").isBetween(0L, 600_000L);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("edgeplane_dns_client_skew_seconds_max"));
    }

    @Test
    void fiveThousandTenantsNeedAtMostTwelveChangeRequestsAndAreAllAnnouncedInSync() {
        awaitWritersIdle();
        long before = route53.changeRequests.get();
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            upstream.publish(tenant("bulk-" + i, "bulk-" + i, SubscriptionTier.STANDARD));
        }
        List<EventEnvelope<TenantDnsReady>> ready = awaitReady("bulk-", n);
        awaitWritersIdle();
        long requests = route53.changeRequests.get() - before;
        assertThat(requests).as("ChangeResourceRecordSets requests for %d tenants", n)
                .isLessThanOrEqualTo((long) Math.ceil(n / 500.0) + 2);
        assertThat(ready).extracting(e -> e.data().tenantId()).doesNotHaveDuplicates();
        TenantDnsReady first = ready.getFirst().data();
        assertThat(first.hostname()).isEqualTo(first.tenantId() + "." + BASE);
        assertThat(first.target()).isEqualTo(SHARED_DOMAIN);
        assertThat(first.strategy()).isEqualTo(DistributionStrategy.SHARED);
        assertThat(first.provisioningMillis()).isNotNegative();
        assertThat(first.records()).containsExactly(first.hostname() + " A ALIAS " + SHARED_DOMAIN,
                first.hostname() + " AAAA ALIAS " + SHARED_DOMAIN);
        assertThat(first.causedBy()).hasSize(1);
        // INSYNC in the zone: every bulk tenant's two alias records exist
        Set<String> names = route53.records(ZONE).stream().map(RecordSet::name).filter(x -> x.startsWith("bulk-"))
                .collect(Collectors.toSet());
        assertThat(names).hasSize(n);
        given().get("/tenants/bulk-42/dns").then().statusCode(200).body("status", equalTo("insync"))
                .body("strategy", equalTo("shared")).body("reason", equalTo("default"))
                .body("records.size()", equalTo(2));
    }

    @Test
    void withTwentyPercentThrottlingEveryTenantStillCompletes() {
        awaitWritersIdle();
        long throttledBefore = route53.injectedThrottles.get();
        route53.reconfigure(route53.settings().withThrottleRate(0.2));
        try {
            // 2,000 tenants: 4 batches and their GetChange polls, so every fifth request is refused a few times
            for (int i = 0; i < 2_000; i++) {
                upstream.publish(tenant("thr-" + i, "thr-" + i, SubscriptionTier.PREMIUM));
            }
            awaitReady("thr-", 2_000);
        } finally {
            route53.reconfigure(route53.settings().withThrottleRate(0.0));
        }
        assertThat(route53.injectedThrottles.get() - throttledBefore).isPositive();
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("edgeplane_dns_route53_errors_total{code=\"Throttling\""));
    }

    @Test
    void aForeignRecordAtATenantsNameIsLeftUntouchedAndOnlyThatTenantFails() {
        RecordSet foreign = RecordSet.of("legacy-shop." + BASE, RecordType.CNAME, 60, "shop.example.net");
        route53.putRecord(ZONE, foreign);
        upstream.publish(tenant("fr-victim", "legacy-shop", SubscriptionTier.STANDARD));
        for (int i = 0; i < 20; i++) {
            upstream.publish(tenant("fr-ok-" + i, "fr-ok-" + i, SubscriptionTier.STANDARD));
        }
        awaitReady("fr-ok-", 20);
        var failed = upstream.awaitEvents(EventType.TENANT_DNS_FAILED,
                (TenantDnsFailed f) -> f.tenantId().equals("fr-victim"), 1, LONG);
        assertThat(failed).hasSize(1);
        assertThat(failed.getFirst().data().rule()).isEqualTo("foreign-record");
        assertThat(failed.getFirst().data().reason()).contains("legacy-shop.edgeplane.test CNAME");
        assertThat(route53.record(ZONE, foreign.key())).isEqualTo(foreign);
        assertThat(route53.record(ZONE, new RecordKey("legacy-shop." + BASE, RecordType.A))).isNull();
        var dead = upstream.awaitDeadLetters("dns-service", r -> "Z0EDGEPLANETEST".equals(r.key())
                && String.valueOf(EventsClient.header(r, "dead-letter-reason")).contains("fr-victim"), 1, LONG);
        assertThat(EventsClient.header(dead.getFirst(), "dead-letter-reason")).contains("foreign-record");
        given().get("/tenants/fr-victim/dns").then().statusCode(200).body("status", equalTo("failed"))
                .body("failureRule", equalTo("foreign-record"));
    }

    @Test
    void aDeprovisionRemovesExactlyTheTenantsRecords() {
        for (int i = 0; i < 3; i++) {
            upstream.publish(tenant("dep-" + i, "dep-" + i, SubscriptionTier.STANDARD));
        }
        awaitReady("dep-", 3);
        RecordSet neighbourTxt = RecordSet.of("dep-1." + BASE, RecordType.TXT, 300, "\"site-verification=abc\"");
        route53.putRecord(ZONE, neighbourTxt);
        awaitWritersIdle();
        Set<RecordKey> before = keys();
        upstream.publish(new TenantDeprovisioned("dep-1", "contract ended", Instant.now(), List.of()));
        await().atMost(LONG).untilAsserted(() -> given().get("/tenants/dep-1/dns").then().statusCode(404));
        Set<RecordKey> removed = new HashSet<>(before);
        removed.removeAll(keys());
        assertThat(removed).containsExactlyInAnyOrder(new RecordKey("dep-1." + BASE, RecordType.A),
                new RecordKey("dep-1." + BASE, RecordType.AAAA));
        assertThat(route53.record(ZONE, neighbourTxt.key())).isEqualTo(neighbourTxt);
    }

    private Set<RecordKey> keys() {
        return route53.records(ZONE).stream().map(RecordSet::key).collect(Collectors.toSet());
    }

    @Test
    void anEnterpriseTenantGetsATaggedIndividualDistributionWithTheSeedsConfiguration() {
        upstream.publish(tenant("ent-1", "ent-1", SubscriptionTier.ENTERPRISE));
        TenantDnsReady ready = awaitReady("ent-1", 1).getFirst().data();
        assertThat(ready.strategy()).isEqualTo(DistributionStrategy.INDIVIDUAL);
        assertThat(ready.distributionId()).isNotEqualTo("E1EDGEPLANE0001");
        assertThat(ready.target()).isNotEqualTo(SHARED_DOMAIN).endsWith(".cloudfront.net");
        DistributionSpec spec = cloudFront.spec(ready.distributionId());
        assertThat(spec.aliases()).containsExactly("ent-1." + BASE);
        assertThat(spec.tags()).containsEntry("edgeplane:managed", "true").containsEntry("edgeplane:tenant", "ent-1");
        assertThat(spec.httpVersion()).isEqualTo("http2and3");
        assertThat(spec.minimumProtocolVersion()).isEqualTo("TLSv1.2_2021");
        assertThat(spec.originAccessControlId()).isNotBlank();
        assertThat(spec.originPath()).isEqualTo("/tenants/ent-1/deployments/current");
        assertThat(spec.behaviors()).extracting(b -> b.pathPattern()).contains("*.html", "/uploads/*");
        assertThat(spec.errorPages()).extracting(DistributionSpec.ErrorPage::pagePath)
                .containsExactly("/404.html", "/500.html", "/503.html");
        assertThat(route53.record(ZONE, new RecordKey("ent-1." + BASE, RecordType.A)).target())
                .isEqualTo(ready.target());
        given().get("/dns/strategy-report?prefix=ent-").then().statusCode(200)
                .body("quota.used", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("tenants.find { it.tenantId == 'ent-1' }.currentStrategy", equalTo("individual"))
                .body("tenants.find { it.tenantId == 'ent-1' }.recommendedReason", equalTo("enterprise-tier"));
    }

    @Test
    void migrationToIndividualAndBackSwitchesTheRecordAndCleansUpTheOldDistribution() {
        upstream.publish(tenant("mig-1", "mig-1", SubscriptionTier.STANDARD));
        awaitReady("mig-1", 1);
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType("application/json")
                .body(Map.of("to", "individual", "reason", "performance isolation"))
                .post("/tenants/mig-1/dns/migrate").then().statusCode(202);
        var toIndividual = upstream.awaitEvents(EventType.TENANT_MIGRATED,
                (TenantMigrated m) -> m.tenantId().equals("mig-1"), 1, LONG);
        assertThat(toIndividual).hasSize(1);
        TenantMigrated first = toIndividual.getFirst().data();
        assertThat(first.fromStrategy()).isEqualTo(DistributionStrategy.SHARED);
        assertThat(first.toStrategy()).isEqualTo(DistributionStrategy.INDIVIDUAL);
        String individual = first.toDistributionId();
        assertThat(cloudFront.exists(individual)).isTrue();
        String individualDomain = route53.record(ZONE, new RecordKey("mig-1." + BASE, RecordType.A)).target();
        assertThat(individualDomain).isNotEqualTo(SHARED_DOMAIN);

        await().atMost(LONG).untilAsserted(() -> given().get("/tenants/mig-1/dns").then()
                .body("status", equalTo("insync")));
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType("application/json")
                .body(Map.of("to", "shared")).post("/tenants/mig-1/dns/migrate").then().statusCode(202);
        var back = upstream.awaitEvents(EventType.TENANT_MIGRATED, (TenantMigrated m) -> m.tenantId().equals("mig-1")
                && m.toStrategy() == DistributionStrategy.SHARED, 1, LONG);
        assertThat(back).hasSize(1);
        assertThat(back.getFirst().data().fromDistributionId()).isEqualTo(individual);
        assertThat(route53.record(ZONE, new RecordKey("mig-1." + BASE, RecordType.A)).target()).isEqualTo(SHARED_DOMAIN);
        assertThat(cloudFront.exists(individual)).as("old distribution deleted after the switch").isFalse();
    }

    @Test
    void migrationNeedsTheApiToken() {
        given().contentType("application/json").body(Map.of("to", "individual"))
                .post("/tenants/anyone/dns/migrate").then().statusCode(401);
        given().header("Authorization", TestTokens.AUTHORIZATION).contentType("application/json")
                .body(Map.of("to", "gold")).post("/tenants/anyone/dns/migrate").then().statusCode(400);
    }

    @Test
    void anInvalidLabelIsAnsweredWithTheRuleAndNothingIsWritten() {
        long before = route53.changeRequests.get();
        upstream.publish(tenant("bad-label", "Bad_Label", SubscriptionTier.STANDARD));
        upstream.publish(tenant("reserved-www", "www", SubscriptionTier.STANDARD));
        var failed = upstream.awaitEvents(EventType.TENANT_DNS_FAILED, (TenantDnsFailed f) ->
                f.tenantId().equals("bad-label") || f.tenantId().equals("reserved-www"), 2, LONG);
        assertThat(failed).extracting(e -> e.data().rule()).containsExactlyInAnyOrder("label-syntax", "reserved-label");
        assertThat(failed).allSatisfy(e -> assertThat(e.data().retryable()).isFalse());
        assertThat(route53.record(ZONE, new RecordKey("www." + BASE, RecordType.A))).isNull();
        assertThat(route53.changeRequests.get() - before).isLessThanOrEqualTo(2); // other tests' traffic only
    }

    @Test
    void aHomographOfAnExistingTenantFailsAsConfusableAndGetsNoRecord() {
        upstream.publish(tenant("hg-owner", "scope", SubscriptionTier.STANDARD));
        awaitReady("hg-owner", 1);
        long before = route53.changeRequests.get();
        // Cyrillic ѕ с о р е: all one script, punycode xn--n1aeb5bm, looks exactly like "scope"
        upstream.publish(tenant("hg-spoof", "\u0455\u0441\u043e\u0440\u0435", SubscriptionTier.STANDARD));
        upstream.publish(tenant("hg-badpuny", "xn--acme-9db", SubscriptionTier.STANDARD));
        upstream.publish(tenant("hg-neighbour", "hg-neighbour", SubscriptionTier.STANDARD));
        awaitReady("hg-neighbour", 1);
        var failed = upstream.awaitEvents(EventType.TENANT_DNS_FAILED, (TenantDnsFailed f) ->
                f.tenantId().equals("hg-spoof") || f.tenantId().equals("hg-badpuny"), 2, LONG);
        Map<String, String> rules = failed.stream().collect(Collectors.toMap(e -> e.data().tenantId(),
                e -> e.data().rule()));
        assertThat(rules).containsEntry("hg-spoof", "confusable").containsEntry("hg-badpuny", "idn");
        assertThat(failed.stream().filter(e -> e.data().tenantId().equals("hg-spoof")).findFirst().orElseThrow()
                .data().reason()).contains("hg-owner");
        assertThat(route53.records(ZONE)).extracting(RecordSet::name)
                .noneMatch(n -> n.startsWith("xn--")).contains("scope." + BASE);
        given().get("/tenants/hg-spoof/dns").then().statusCode(200).body("failureRule", equalTo("confusable"));
        assertThat(route53.changeRequests.get() - before).as("only the neighbour's batch (and other tests')")
                .isLessThanOrEqualTo(3);
    }

    @Test
    void theDesiredStateIsOnTheCompactedTopicSoARestartCanRestoreIt() throws Exception {
        upstream.publish(tenant("persist-1", "persist-1", SubscriptionTier.STANDARD));
        awaitReady("persist-1", 1);
        var records = upstream.await(DnsTopics.DESIRED_STATE, r -> "persist-1".equals(r.key()) && r.value() != null,
                3, Duration.ofSeconds(30));
        TenantDnsState last = null;
        for (var r : records) {
            TenantDnsState s = InternalJson.read(r.value(), TenantDnsState.class);
            if (last == null || s.updatedAt().isAfter(last.updatedAt())) {
                last = s;
            }
        }
        assertThat(last.status()).isEqualTo(TenantDnsState.Status.INSYNC);
        assertThat(last.held()).hasSize(2);
        assertThat(store.ownerOf(new RecordKey("persist-1." + BASE, RecordType.A))).isEqualTo("persist-1");
    }

    @Test
    void aTenantProvisionedDeliveredThreeTimesIsAnnouncedOnceAndCountedOnce() throws Exception {
        double before = readyCounted();
        EventEnvelope<TenantProvisioned> event = EventEnvelope.of(EventsClient.SOURCE,
                tenant("dup-1", "dup-1", SubscriptionTier.STANDARD));
        deliver(event);
        awaitReady("dup-1", 1);
        // Redelivered as after a crash before the offset was committed (same ce_id), twice.
        deliver(event);
        deliver(event);
        // And the same request under a new ce_id, as tenant management republishes after its own crash.
        upstream.publish(tenant("dup-1", "dup-1", SubscriptionTier.STANDARD));
        List<EventEnvelope<TenantDnsReady>> ready = upstream.awaitEvents(EventType.TENANT_DNS_READY,
                (TenantDnsReady r) -> r.tenantId().equals("dup-1"), 2, Duration.ofSeconds(10));
        assertThat(ready).as("TenantDnsReady for dup-1").hasSize(1);
        assertThat(ready.getFirst().data().causedBy()).containsExactly(event.id());
        assertThat(readyCounted() - before).as("edgeplane_dns_tenants_ready_total").isEqualTo(1.0);
        // The memory survives a restart: the state on the desired-state topic (read back at start-up) answers it.
        TenantDnsState onTopic = null;
        for (var r : upstream.await(DnsTopics.DESIRED_STATE, r -> "dup-1".equals(r.key()) && r.value() != null, 2,
                Duration.ofSeconds(30))) {
            TenantDnsState s = InternalJson.read(r.value(), TenantDnsState.class);
            if (onTopic == null || s.updatedAt().isAfter(onTopic.updatedAt())) {
                onTopic = s;
            }
        }
        assertThat(onTopic.answered(event.id())).as("state %s answers %s", onTopic, event.id()).isTrue();
    }

    private static void deliver(EventEnvelope<?> event) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        CloudEventCodec.headers(event).forEach(h -> headers.put(h.key(),
                new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
        upstream.publishRaw(event.type().topic(), event.key(), headers, CloudEventCodec.encodeData(event.data()));
    }

    private static double readyCounted() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^edgeplane_dns_tenants_ready_total\\{strategy=\"shared\"\\} ([0-9.eE+]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void theDryRunPlanOfACleanZoneIsEmptyAndReportsDriftAfterAManualChange() {
        upstream.publish(tenant("drift-1", "drift-1", SubscriptionTier.STANDARD));
        awaitReady("drift-1", 1);
        awaitWritersIdle();
        RecordKey key = new RecordKey("drift-1." + BASE, RecordType.AAAA);
        route53.removeRecord(ZONE, key);
        given().get("/zones/" + ZONE + "/plan?refresh=true").then().statusCode(200)
                .body("changes", org.hamcrest.Matchers.hasItem("CREATE drift-1.edgeplane.test AAAA ALIAS "
                        + SHARED_DOMAIN));
        given().header("Authorization", TestTokens.AUTHORIZATION).post("/zones/" + ZONE + "/reconcile").then()
                .statusCode(202);
        await().atMost(LONG).until(() -> route53.record(ZONE, key) != null);
        given().get("/zones/NOPE/plan").then().statusCode(404);
        assertThat(IntStream.of(1).sum()).isEqualTo(1);
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
