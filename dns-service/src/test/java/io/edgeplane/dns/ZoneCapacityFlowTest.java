package io.edgeplane.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.dns.domain.ZoneCapacity;
import io.edgeplane.dns.service.Reconciler;
import io.edgeplane.dns.service.ZoneWriters;
import io.edgeplane.dns.simulated.SimulatedRoute53;
import io.edgeplane.events.EventType;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantDnsFailed;
import io.edgeplane.events.TenantDeprovisioned;
import io.edgeplane.events.TenantDnsReady;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Explicit records into a zone far smaller than the tenants sent, with few places for unsettled zone changes: the
 * running service (real broker, simulated Route 53 enforcing the record-set limit) answers every tenant, holds no
 * more than its bound of zone-change messages at once while a full zone refuses tenants, and settles the refused
 * ones without dead-lettering them (TenantDnsFailed with a retryable rule is their outcome).
 */
@QuarkusTest
@TestProfile(ZoneCapacityFlowTest.SmallZone.class)
@WithTestResource(value = KafkaTestResource.class, initArgs = @ResourceArg(name = "topics", value = DnsTopics.INTERNAL))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZoneCapacityFlowTest {
    private static final String ZONE = "Z0EDGEPLANETEST";
    private static final String BASE = "edgeplane.test";
    /** SOA + NS, then 2 record sets (A + AAAA) per tenant: 20 tenants fit. */
    private static final int RECORD_SETS = 42;
    private static final int UNSETTLED = 8;
    private static final Duration LONG = Duration.ofSeconds(120);
    private static EventsClient upstream;

    public static class SmallZone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("edgeplane.dns.simulated.max-records-per-zone", String.valueOf(RECORD_SETS),
                    "edgeplane.dns.route53.max-unsettled", String.valueOf(UNSETTLED),
                    "edgeplane.dns.route53.batch-quiet", "200ms", "edgeplane.dns.reconcile.enabled", "true",
                    // Long enough that a written batch keeps the zone's writer busy while the test looks at it.
                    "edgeplane.dns.simulated.insync-delay", "3s");
        }
    }

    @Inject
    SimulatedRoute53 route53;

    @Inject
    ZoneWriters writers;

    @Inject
    Reconciler reconciler;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    @Test
    @Order(1)
    void aFullZoneRefusesTheRestWithinTheUnsettledBoundAndDeadLettersNoneOfThem() {
        int tenants = 60;
        for (int i = 0; i < tenants; i++) {
            upstream.publish(new TenantProvisioned("cap-" + i, "cap-" + i, BASE, SubscriptionTier.STANDARD,
                    TrafficTier.NORMAL, 10_000L, List.of(), null, null, Instant.now(), List.of()));
        }
        List<?> ready = upstream.awaitEvents(EventType.TENANT_DNS_READY,
                (TenantDnsReady r) -> r.tenantId().startsWith("cap-"), 20, LONG);
        var refused = upstream.awaitEvents(EventType.TENANT_DNS_FAILED,
                (TenantDnsFailed f) -> f.tenantId().startsWith("cap-"), tenants - 20, LONG);

        assertThat(ready).hasSize(20);
        assertThat(refused).hasSize(tenants - 20).allSatisfy(f -> {
            assertThat(f.data().rule()).isEqualTo(ZoneCapacity.RULE);
            assertThat(f.data().retryable()).isTrue();
        });
        assertThat(route53.records(ZONE).size()).isLessThanOrEqualTo(RECORD_SETS);
        await().atMost(LONG).until(() -> writers.unsettled() == 0);
        assertThat(writers.unsettledPeak()).as("zone-change messages unsettled at once")
                .isBetween(2, UNSETTLED);
        // Settled by acknowledgement: a refusal the tenant was told about is not an operator's dead letter.
        assertThat(upstream.awaitDeadLetters("dns-service",
                r -> String.valueOf(EventsClient.header(r, "dead-letter-reason")).contains(ZoneCapacity.RULE), 1,
                Duration.ofSeconds(3))).isEmpty();
    }

    /** Runs after the zone was filled: removing its tenants keeps the writer busy. */
    @Test
    @Order(2)
    void thePeriodicReconciliationWaitsWhileTheZoneIsBeingWrittenAndRunsOnceItIsIdle() {
        await().atMost(LONG).until(() -> writers.zone(ZONE).idle() && writers.unsettled() == 0);
        for (int i = 0; i < 60; i++) {
            upstream.publish(new TenantDeprovisioned("cap-" + i, "test", Instant.now(), List.of()));
        }
        await().atMost(LONG).until(() -> !writers.zone(ZONE).idle());
        long listed = route53.listRequests.get();
        reconciler.periodic();
        assertThat(route53.listRequests.get()).as("listings while the writer is busy").isEqualTo(listed);

        // Every tenant removed (the refused ones had nothing to remove): SOA and NS are all that is left.
        await().atMost(LONG).until(() -> route53.records(ZONE).size() == 2);
        await().atMost(LONG).until(() -> writers.zone(ZONE).idle() && writers.unsettled() == 0);
        reconciler.periodic();
        assertThat(route53.listRequests.get()).as("listings once the zone is idle").isGreaterThan(listed);
    }
}
