package io.edgeplane.dns;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.dns.service.TenantDnsService;
import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantProfile;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.Topics;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle consumer on the real broker acknowledges each record when its effect is durable, out of order, and
 * commits only below the oldest record that is not: a record whose writes are still on their way keeps the
 * committed offset at it while the records after it complete (a crash then replays it, not loses it). At most
 * {@code max-in-flight} records wait for their writes; the next is not taken until one completes. The service's
 * durability is played by futures the test completes (the broker and the SmallRye commit are real).
 */
@QuarkusTest
@TestProfile(LifecycleAcknowledgementTest.ThreeInFlight.class)
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = DnsTopics.INTERNAL))
class LifecycleAcknowledgementTest {
    private static final String GROUP = "dns-service.tenant-lifecycle";
    private static EventsClient upstream;

    public static class ThreeInFlight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edgeplane.dns.lifecycle.max-in-flight", "3",
                    "mp.messaging.incoming.tenant-lifecycle.throttled.unprocessed-record-max-age.ms", "600000");
        }
    }

    /** Durability under the test's control for the tenants of this test; anything else is durable at once. */
    static final class HeldWrites extends TenantDnsService {
        final List<String> taken = Collections.synchronizedList(new ArrayList<>());
        final Map<String, CompletableFuture<Void>> writes = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<Void> apply(TenantProfile profile, Instant requestedAt, String eventId,
                DistributionStrategy forced, String forcedReason) {
            if (!profile.tenantId().startsWith("acked-")) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.put(eventId, write);
            taken.add(eventId);
            return write;
        }
    }

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    @Test
    void aRecordNotYetDurableHoldsTheCommitWhileLaterOnesCompleteAndAtMostThreeWait() {
        HeldWrites service = new HeldWrites();
        QuarkusMock.installMockForType(service, TenantDnsService.class);
        // One tenant, so all five records share a partition and their order.
        List<String> ids = new ArrayList<>();
        List<RecordMetadata> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            EventEnvelope<TenantProvisioned> event = EventEnvelope.of(EventsClient.SOURCE, new TenantProvisioned(
                    "acked-1", "acked-1", "edgeplane.test", SubscriptionTier.STANDARD, TrafficTier.NORMAL, 10_000L,
                    List.of(), null, null, Instant.now(), List.of()));
            ids.add(event.id());
            written.add(upstream.publishRaw(Topics.TENANTS_LIFECYCLE, event.key(), headers(event),
                    CloudEventCodec.encodeData(event.data())));
        }
        TopicPartition partition = new TopicPartition(Topics.TENANTS_LIFECYCLE, written.getFirst().partition());
        long first = written.getFirst().offset();
        long last = written.getLast().offset();

        await().atMost(Duration.ofSeconds(60)).until(() -> service.taken.size() == 3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> service.taken.size() == 3);
        assertThat(service.taken).as("backpressure: three in flight, the fourth waits").isEqualTo(ids.subList(0, 3));

        // The later ones become durable first: the consumer takes the rest, but the commit stays at the first.
        service.writes.get(ids.get(1)).complete(null);
        service.writes.get(ids.get(2)).complete(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> service.taken.size() == 5);
        service.writes.get(ids.get(3)).complete(null);
        service.writes.get(ids.get(4)).complete(null);
        // Longer than the throttled strategy's commit interval (5 s): commits happened, none past the first record.
        await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                .until(() -> committed(partition) <= first);

        service.writes.get(ids.get(0)).complete(null);
        await().atMost(Duration.ofSeconds(30)).until(() -> committed(partition) == last + 1);
    }

    /**
     * A fresh application whose tenant work the test plays: nothing was counted, yet every meter is listed
     * (zero-valued) for dashboards and alerts, and readiness includes the hosted-zone map.
     */
    @Test
    void everyDnsMeterIsListedFromStartUpAndReadinessChecksTheZoneMap() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("edgeplane_dns_tenants_ready_total{strategy=\"shared\"} 0.0",
                "edgeplane_dns_tenants_ready_total{strategy=\"individual\"} 0.0",
                "edgeplane_dns_provisioning_seconds_count{strategy=\"shared\"} 0",
                "edgeplane_dns_tenants_failed_total{rule=\"zone-capacity\"} 0.0",
                "edgeplane_dns_tenants_migrated_total{to=\"individual\"} 0.0",
                "edgeplane_dns_drift_found_total{kind=\"conflict\"} 0.0", "edgeplane_dns_drift_fixed_total 0.0",
                "edgeplane_dns_client_skew_seconds_count 0", "edgeplane_dns_route53_requests_total{",
                "edgeplane_dns_route53_errors_total{", "edgeplane_dns_change_groups_total{",
                "edgeplane_dns_individual_distributions ");
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'hosted-zones' }.status",
                org.hamcrest.Matchers.equalTo("UP"));
    }

    private static Map<String, String> headers(EventEnvelope<?> event) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : CloudEventCodec.headers(event)) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static long committed(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestEnvironment.kafkaBootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                    .get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }
}
