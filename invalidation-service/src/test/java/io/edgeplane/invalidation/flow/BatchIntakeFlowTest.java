package io.edgeplane.invalidation.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.Topics;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront.Created;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Batch intake on the real broker: one producer batch, hence one poll, of good FilesDistributed with a
 * poison record in the middle and one at the end, all on one partition, while CloudFront refuses every
 * request (nothing can be covered). The middle poison is dead-lettered at once with its reason while the
 * rest waits; the last one — whose acknowledgement would commit the whole batch — only after the good
 * records are covered; the committed offset never passes a record not yet covered.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class BatchIntakeFlowTest {
    static final String DISTRIBUTION = "E7BATCHINTAKE01";
    static final String GROUP = "invalidation-service.files-distributed";

    @Inject
    SimulatedCloudFront cloudFront;

    record Sent(long offset, List<String> paths, Instant publishedAt) {
    }

    @Test
    void poisonInABatchIsDeadLetteredWithItsReasonWhileTheRestIsTakenInAndTheCommitWaitsForCoverage()
            throws Exception {
        Instant closedUntil = Instant.now().plusSeconds(8);
        cloudFront.refuseUntil(closedUntil);
        List<Sent> good = Collections.synchronizedList(new ArrayList<>());
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger closedSamples = new AtomicInteger();
        long lastOffset;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 500),
                new StringSerializer(), new ByteArraySerializer());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestEnvironment.kafkaBootstrapServers()));
                var sampler = Executors.newSingleThreadScheduledExecutor()) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            List<List<String>> paths = new ArrayList<>();
            List<Instant> times = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                if (i == 10) {
                    acks.add(producer.send(poison()));
                    paths.add(null);
                    times.add(null);
                }
                List<String> changed = List.of("/tenants/tb" + i + "/index.html", "/tenants/tb" + i + "/app.js");
                FilesDistributed data = new FilesDistributed(DISTRIBUTION, "edgeplane-distribution", "deployment",
                        "tb" + i, changed, List.of(), List.of(), 2, 0, 50, false, null, Instant.now(), List.of());
                EventEnvelope<FilesDistributed> e = EventEnvelope.of(EventsClient.SOURCE, data);
                acks.add(producer.send(CloudEventCodec.toRecord(e)));
                paths.add(changed);
                times.add(e.time());
            }
            acks.add(producer.send(poison()));
            paths.add(null);
            times.add(null);
            producer.flush();
            List<RecordMetadata> sent = new ArrayList<>();
            for (Future<RecordMetadata> ack : acks) {
                sent.add(ack.get());
            }
            assertThat(sent.stream().map(RecordMetadata::partition).distinct()).as("one partition").hasSize(1);
            int partition = sent.getFirst().partition();
            for (int i = 0; i < sent.size(); i++) {
                if (paths.get(i) != null) {
                    good.add(new Sent(sent.get(i).offset(), paths.get(i), times.get(i)));
                }
            }
            lastOffset = sent.getLast().offset();
            sampler.scheduleWithFixedDelay(() -> {
                try {
                    sample(admin, partition, good, violations, closedUntil, closedSamples);
                } catch (Exception e) {
                    violations.add("sampling failed: " + e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            try (EventsClient client = EventsClient.forTestBroker()) {
                ConsumerRecord<String, byte[]> middle = deadLetter(client, sent.get(10).offset(), partition);
                assertThat(EventsClient.header(middle, "dead-letter-reason")).contains("changedPaths[0]",
                        "[viewer-path]");
                assertThat(Instant.ofEpochMilli(middle.timestamp()))
                        .as("the middle poison is parked at once, while CloudFront still refuses the rest")
                        .isBefore(closedUntil);
                ConsumerRecord<String, byte[]> last = deadLetter(client, lastOffset, partition);
                assertThat(EventsClient.header(last, "dead-letter-reason")).contains("changedPaths[0]",
                        "[viewer-path]");
                Instant parkedAt = Instant.ofEpochMilli(last.timestamp());
                assertThat(cloudFront.created(DISTRIBUTION)).as(
                        "the batch's last record (poison) is parked only once the records before it are covered")
                        .anyMatch(c -> !c.createTime().truncatedTo(ChronoUnit.MILLIS).isAfter(parkedAt));
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                OffsetAndMetadata c = committed(admin, partition);
                return c != null && c.offset() > lastOffset;
            });
        }
        assertThat(closedSamples.get()).as("commit samples while CloudFront refused").isPositive();
        assertThat(violations).as("records committed before an invalidation covered them").isEmpty();
        List<Created> created = cloudFront.created(DISTRIBUTION);
        for (Sent s : good) {
            for (String path : s.paths()) {
                assertThat(InvalidationFlowTest.coveredBy(created, path, s.publishedAt())).as(path).isNotNull();
            }
        }
    }

    /** A FilesDistributed whose changed path is relative: poison by contract (rule viewer-path). */
    private static ProducerRecord<String, byte[]> poison() {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.FILES_DISTRIBUTED, DISTRIBUTION, """
                {"distributionId":"%s","bucket":"edgeplane-distribution","origin":"data",
                 "changedPaths":["relative.json"],"successCount":1,"failureCount":0,
                 "totalFiles":1,"changedAt":"2026-11-22T02:00:00Z"}""".formatted(DISTRIBUTION)
                .getBytes(StandardCharsets.UTF_8));
        EventsClient.ceHeaders(EventType.FILES_DISTRIBUTED)
                .forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static ConsumerRecord<String, byte[]> deadLetter(EventsClient client, long offset, int partition) {
        List<ConsumerRecord<String, byte[]>> dead = client.awaitDeadLetters("invalidation-service",
                r -> String.valueOf(offset).equals(EventsClient.header(r, "dead-letter-offset"))
                        && String.valueOf(partition).equals(EventsClient.header(r, "dead-letter-partition"))
                        && DISTRIBUTION.equals(r.key()), 1, Duration.ofSeconds(60));
        assertThat(dead).as("dead letter of offset %d", offset).hasSize(1);
        return dead.getFirst();
    }

    /** Every good record below the committed offset must be covered by an invalidation created by now. */
    private void sample(Admin admin, int partition, List<Sent> good, List<String> violations, Instant closedUntil,
            AtomicInteger closedSamples) throws Exception {
        // Committed first: whatever it covers was created before it, hence before this read of CloudFront.
        Instant before = Instant.now();
        OffsetAndMetadata c = committed(admin, partition);
        List<Created> created = cloudFront.created(DISTRIBUTION);
        if (before.isBefore(closedUntil)) {
            closedSamples.incrementAndGet();
        }
        if (c == null) {
            return;
        }
        synchronized (good) {
            for (Sent s : good) {
                if (s.offset() < c.offset()) {
                    for (String path : s.paths()) {
                        if (InvalidationFlowTest.coveredBy(created, path, s.publishedAt()) == null) {
                            violations.add("offset " + s.offset() + " committed (" + c.offset() + ") before " + path
                                    + " was covered");
                        }
                    }
                }
            }
        }
    }

    private static OffsetAndMetadata committed(Admin admin, int partition) throws Exception {
        return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition(Topics.FILES_DISTRIBUTED, partition));
    }
}
