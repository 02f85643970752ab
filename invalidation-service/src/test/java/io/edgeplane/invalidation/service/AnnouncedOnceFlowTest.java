package io.edgeplane.invalidation.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.InvalidationCompleted;
import io.edgeplane.events.InvalidationFailed;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 3 on the real broker: the same FilesDistributed record (same ce_id) delivered again,
 * and again after the memory was rebuilt from the status topic alone (as a restarted instance does),
 * is announced once — one InvalidationSubmitted, one InvalidationCompleted, one InvalidationFailed for
 * its refusals — and the billed-items meter counts only what CloudFront newly created.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class AnnouncedOnceFlowTest {
    static final String DIST = "E6DUPLICATE001";

    private static EventsClient upstream;
    private static KafkaProducer<String, byte[]> producer;

    @Inject
    SimulatedCloudFront cloudFront;

    @Inject
    MeterRegistry registry;

    @Inject
    InvalidationService service;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestEnvironment.kafkaBootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close(Duration.ofSeconds(5));
        upstream.close();
    }

    @Test
    void aDuplicateOrReplayedChangeIsAnnouncedAndCountedOnce() throws Exception {
        // Two files and one foreign path: an invalidation and a refusal to announce.
        EventEnvelope<FilesDistributed> change = EventEnvelope.of(EventsClient.SOURCE, new FilesDistributed(DIST,
                "edgeplane-distribution", "deployment", "t1", List.of("/tenants/t1/a.html", "/tenants/t1/b.html",
                        "/tenants/other/x.html"), List.of(), List.of(), 3, 0, 40, false, null, Instant.now(), List.of()));
        send(change);
        awaitCount(EventType.INVALIDATION_COMPLETED, (InvalidationCompleted c) -> c.causedBy().contains(change.id()), 1);

        // The same record again, twice, while the first is remembered in-process.
        double billedBefore = billed();
        double takenBefore = taken();
        assertThat(takenBefore).as("the intake meter counted the two admitted paths").isGreaterThanOrEqualTo(2);
        int createdBefore = createdItems();
        send(change);
        send(change);
        Thread.sleep(4_000);
        // And again after the memory was rebuilt from the status topic alone, as after a restart.
        service.restartAnnouncementMemory();
        send(change);
        Thread.sleep(4_000);

        assertThat(count(EventType.INVALIDATION_SUBMITTED, (InvalidationSubmitted s) -> s.causedBy().contains(change.id())))
                .isEqualTo(1);
        assertThat(count(EventType.INVALIDATION_COMPLETED, (InvalidationCompleted c) -> c.causedBy().contains(change.id())))
                .isEqualTo(1);
        assertThat(count(EventType.INVALIDATION_FAILED, (InvalidationFailed f) -> f.causedBy().contains(change.id())))
                .isEqualTo(1);
        // The meter moves only with what CloudFront newly created (a repeated CallerReference creates nothing).
        assertThat(billed() - billedBefore).isEqualTo(createdItems() - createdBefore);
        // The intake meter counts the change once, also after the memory was rebuilt.
        assertThat(taken()).isEqualTo(takenBefore);
    }

    private double taken() {
        return registry.find("edgeplane.invalidation.items.taken").tag("kind", "path").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static void send(EventEnvelope<?> event) throws Exception {
        producer.send(CloudEventCodec.toRecord(event)).get();
    }

    private <T extends EdgeplaneEvent> void awaitCount(EventType type, Predicate<T> match, int n) {
        assertThat(upstream.awaitEvents(type, match, n, Duration.ofSeconds(60))).hasSize(n);
    }

    /** All matching events on the topic (waits a moment for a second one that should not come). */
    private <T extends EdgeplaneEvent> int count(EventType type, Predicate<T> match) {
        return upstream.awaitEvents(type, (T e) -> match.test(e), 2, Duration.ofSeconds(3)).size();
    }

    private int createdItems() {
        return cloudFront.created().stream().mapToInt(c -> c.items().size()).sum();
    }

    private double billed() {
        return registry.find("edgeplane.invalidation.items.billed").counters().stream().mapToDouble(c -> c.count())
                .sum();
    }
}
