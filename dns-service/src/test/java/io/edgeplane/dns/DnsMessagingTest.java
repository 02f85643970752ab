package io.edgeplane.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.EventType;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.Topics;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.testsupport.ConsumerContract;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = DnsTopics.INTERNAL))
class DnsMessagingTest {
    private static EventsClient upstream;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    @Test
    void malformedTenantEventIsDeadLetteredAndTheNextEventIsConsumed() {
        ConsumerContract.malformedIsDeadLetteredAndNextIsConsumed(upstream, "dns-service", EventType.TENANT_PROVISIONED,
                new TenantProvisioned("tenant-contract", "contract", "example.com", SubscriptionTier.STANDARD,
                        TrafficTier.NORMAL, 1_000L, List.of(), null, null, Instant.now(), List.of()));
    }

    @Test
    void unsupportedVersionAndUnknownTierAreDeadLetteredWithTheirRules() {
        var headers = EventsClient.ceHeaders(EventType.TENANT_PROVISIONED);
        headers.put("ce_type", "io.edgeplane.tenant.provisioned.v7");
        upstream.publishRaw(Topics.TENANTS_LIFECYCLE, "tenant-v7", headers, "{}");
        upstream.publishRaw(Topics.TENANTS_LIFECYCLE, "tenant-gold", EventsClient.ceHeaders(EventType.TENANT_PROVISIONED), """
                {"tenantId":"tenant-gold","subdomain":"gold","baseDomain":"example.com","subscriptionTier":"gold",
                 "trafficTier":"low","provisionedAt":"2026-11-22T02:00:00Z"}""");

        assertThat(EventsClient.header(ConsumerContract.awaitDeadLetter(upstream, "dns-service", "tenant-v7"),
                "dead-letter-reason")).contains("ce_type", "[unsupported-version]");
        assertThat(EventsClient.header(ConsumerContract.awaitDeadLetter(upstream, "dns-service", "tenant-gold"),
                "dead-letter-reason")).contains("subscriptionTier", "'gold'", "standard, premium, enterprise");
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
