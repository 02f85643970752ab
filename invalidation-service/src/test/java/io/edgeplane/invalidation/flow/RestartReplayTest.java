package io.edgeplane.invalidation.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.invalidation.domain.Boundary;
import io.edgeplane.invalidation.domain.CoalescingWindow;
import io.edgeplane.invalidation.domain.CostModel;
import io.edgeplane.invalidation.domain.Coverage;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.InvalidationListener;
import io.edgeplane.invalidation.domain.InvalidationPlanner;
import io.edgeplane.invalidation.domain.InvalidationScheduler;
import io.edgeplane.invalidation.domain.ObjectPopulation;
import io.edgeplane.invalidation.domain.PathNormalizer;
import io.edgeplane.invalidation.service.ChangeBatches;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.TestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * A crash in the middle of a coalescing window, on the real broker: instance 1 consumes, invalidates
 * part of the stream and dies without a final commit (some records covered but not committed, some
 * still pending); instance 2 starts with an empty memory, rebuilds its ledger from
 * ListInvalidations/GetInvalidation and consumes from the committed offsets.
 *
 * <p>Why not two Quarkus instances: a second application in the same test JVM, or a stop/start of
 * the running one, is not something Quarkus' test framework offers. The parts that decide the
 * outcome are the same classes the service runs — ChangeBatches, InvalidationScheduler, the
 * simulated CloudFront — driven by a plain Kafka consumer that commits the way SmallRye's throttled
 * strategy does (up to the oldest record not yet acknowledged) and never commits on the way down.
 */
class RestartReplayTest {
    static final List<String> DISTRIBUTIONS = List.of("E1RESTART00001", "E2RESTART00002");
    static final int EVENTS = 3_000;

    final SimulatedCloudFront cloudFront = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
            .withCompletionDelay(Duration.ofMillis(300)).withRate(20, 1), Clock.systemUTC());

    record Sent(String id, List<String> paths, Instant publishedAt) {
    }

    /** One "service instance": consumer loop, scheduler thread, throttled-style commits. */
    final class Instance implements AutoCloseable {
        final String name;
        final String topic;
        final InvalidationScheduler scheduler;
        final KafkaConsumer<String, byte[]> consumer;
        final Map<TopicPartition, ConcurrentSkipListMap<Long, Boolean>> inFlight = new ConcurrentHashMap<>();
        final Map<String, Coverage> coverage = new ConcurrentHashMap<>();
        final AtomicInteger consumed = new AtomicInteger();
        final Map<TopicPartition, Long> firstConsumed = new ConcurrentHashMap<>();
        volatile boolean running = true;
        volatile boolean commitRequested;
        final Duration commitEvery;
        final Thread loop;
        final Thread ticker;

        /** @param commitEvery null: commit only when {@link #commitNow} asks */
        Instance(String name, String topic, Duration quiet, Duration commitEvery) {
            this.name = name;
            this.topic = topic;
            this.commitEvery = commitEvery;
            this.scheduler = new InvalidationScheduler(cloudFront, new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT),
                    InvalidationScheduler.Settings.defaults()
                            .withWindow(new CoalescingWindow(quiet, quiet.multipliedBy(4)))
                            .withRate(20, 1).withPollInterval(Duration.ofMillis(100))
                            .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1))
                            .withClockSkew(Duration.ZERO),
                    Clock.systemUTC(), new InvalidationListener() {
                    }, d -> ObjectPopulation.constant(1_000_000), d -> false);
            this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestEnvironment.kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "restart-test-" + topic,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100),
                    new StringDeserializer(), new ByteArrayDeserializer());
            this.ticker = Thread.ofPlatform().name(name + "-scheduler").start(() -> {
                while (running) {
                    scheduler.tick();
                    sleep(20);
                }
            });
            this.loop = Thread.ofPlatform().name(name + "-consumer").start(this::consume);
        }

        @SuppressWarnings("unchecked")
        private void consume() {
            consumer.subscribe(List.of(topic));
            long lastCommit = System.nanoTime();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    consumed.incrementAndGet();
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    firstConsumed.putIfAbsent(tp, record.offset());
                    var offsets = inFlight.computeIfAbsent(tp, k -> new ConcurrentSkipListMap<>());
                    offsets.put(record.offset(), false);
                    EventEnvelope<EdgeplaneEvent> event = CloudEventCodec.decode(record.headers(), record.value(),
                            EnumSet.of(EventType.FILES_DISTRIBUTED));
                    var conversion = ChangeBatches.of((EventEnvelope<FilesDistributed>) (EventEnvelope<?>) event,
                            PathNormalizer.defaults());
                    scheduler.submit(conversion.batch()).thenAccept(c -> {
                        coverage.put(event.id(), c);
                        offsets.put(record.offset(), true);
                    });
                }
                if (commitRequested || commitEvery != null && System.nanoTime() - lastCommit > commitEvery.toNanos()) {
                    commitUpToOldestUnacknowledged();
                    lastCommit = System.nanoTime();
                    commitRequested = false;
                }
            }
            // A crash: no final commit.
            consumer.close(Duration.ZERO);
        }

        private void commitUpToOldestUnacknowledged() {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            inFlight.forEach((tp, offsets) -> {
                Long next = null;
                for (var it = offsets.entrySet().iterator(); it.hasNext();) {
                    var e = it.next();
                    if (!e.getValue()) {
                        break;
                    }
                    next = e.getKey() + 1;
                    it.remove();
                }
                if (next != null) {
                    commits.put(tp, new OffsetAndMetadata(next));
                }
            });
            if (!commits.isEmpty()) {
                consumer.commitSync(commits);
            }
        }

        void commitNow() {
            commitRequested = true;
            await().atMost(Duration.ofSeconds(30)).until(() -> !commitRequested);
        }

        /** Records whose coverage is complete but whose offset is not committed yet. */
        long acknowledgedNotCommitted() {
            return inFlight.values().stream().mapToLong(o -> o.values().stream().filter(b -> b).count()).sum();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            loop.join(10_000);
            ticker.join(10_000);
        }
    }

    @Test
    void aCrashMidWindowIsReplayedToFullCoverageWithoutBillingAnythingTwice() throws Exception {
        String topic = "edgeplane.test.restart-" + System.nanoTime();
        TestEnvironment.createTopics(Set.of(topic), 2);
        List<Sent> sent = new ArrayList<>();
        Random random = new Random(3);
        var upstream = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", TestEnvironment.kafkaBootstrapServers(), "acks", "all"),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        // The first instance: a 6 s quiet window, so the last changes are still pending when the test looks,
        // even on a loaded machine; it commits only when asked.
        try (Instance first = new Instance("first", topic, Duration.ofSeconds(6), null)) {
            publish(upstream, topic, sent, random, 0, 1_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> first.coverage.size() >= 1_000);
            first.commitNow();
            // Covered and acknowledged, never committed: these will be replayed.
            publish(upstream, topic, sent, random, 1_000, 1_500);
            await().atMost(Duration.ofSeconds(60)).until(() -> first.coverage.size() >= 1_500);
            // Consumed, still in the coalescing window: these were never sent to CloudFront.
            publish(upstream, topic, sent, random, 1_500, 1_550);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> first.consumed.get() >= 1_550 && first.scheduler.pendingPaths() > 0);
            assertThat(first.acknowledgedNotCommitted()).isGreaterThanOrEqualTo(500);
        }
        Set<String> coveredBeforeCrash = Set.copyOf(cloudFront.created().stream().map(c -> c.id()).toList());
        int createdBeforeCrash = coveredBeforeCrash.size();

        try (Instance second = new Instance("second", topic, Duration.ofMillis(300), Duration.ofMillis(500))) {
            publish(upstream, topic, sent, random, 1_550, EVENTS);
            upstream.close();
            await().atMost(Duration.ofSeconds(90)).until(() -> second.coverage.keySet().containsAll(
                    sent.stream().skip(1_000).map(Sent::id).toList()) && second.scheduler.idle());
            // Records the first instance had covered but not committed were replayed and recognised.
            long recognised = second.coverage.values().stream()
                    .filter(c -> !c.invalidationIds().isEmpty() && coveredBeforeCrash.containsAll(c.invalidationIds()))
                    .count();
            assertThat(recognised).as("replayed records found covered by invalidations made before the crash").isPositive();
            assertThat(cloudFront.created().size()).as("new invalidations after restart").isGreaterThan(createdBeforeCrash);
        }

        // Full coverage: every path of every event is inside an invalidation created after the event was published.
        Map<String, List<String>> billedBy = new TreeMap<>();
        cloudFront.created().forEach(c -> c.items().forEach(item -> billedBy.computeIfAbsent(item, k -> new ArrayList<>())
                .add(c.id())));
        for (Sent s : sent) {
            for (String path : s.paths()) {
                assertThat(InvalidationFlowTest.coveredBy(cloudFront.created(), path, s.publishedAt()))
                        .as("%s of %s", path, s.id()).isNotNull();
            }
        }
        // Nothing billed twice: every (unique) changed path is in exactly one invalidation, no wildcard stands in.
        assertThat(billedBy.keySet()).allMatch(item -> !InvalidationItem.of(item).value().endsWith("*"));
        assertThat(billedBy).allSatisfy((item, ids) -> assertThat(ids).as(item).hasSize(1));
        assertThat(billedBy).hasSize(sent.stream().mapToInt(s -> s.paths().size()).sum());
        assertThat(cloudFront.peakPaths()).isLessThanOrEqualTo(3_000);
    }

    private static void publish(org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> upstream, String topic,
            List<Sent> sent, Random random, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            int t = random.nextInt(200);
            List<String> paths = new ArrayList<>();
            for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
                paths.add("/tenants/t" + t + "/e" + i + "/f" + k + ".html");
            }
            FilesDistributed data = new FilesDistributed(DISTRIBUTIONS.get(t % 2), "edgeplane-distribution",
                    "deployment", "t" + t, paths, List.of(), List.of(), paths.size(), 0, paths.size(), false, null,
                    Instant.now(), List.of());
            EventEnvelope<FilesDistributed> envelope = EventEnvelope.of(EventsClient.SOURCE, data);
            var record = CloudEventCodec.toRecord(envelope);
            upstream.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, record.key(),
                    record.value(), record.headers()));
            sent.add(new Sent(envelope.id(), paths, envelope.time()));
        }
        upstream.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
