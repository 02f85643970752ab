package io.edgeplane.invalidation.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.InvalidationCompleted;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.events.Topics;
import io.edgeplane.invalidation.domain.Boundary;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.ItemKind;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront.Created;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;
import org.junit.jupiter.api.AfterAll;

/**
 * The whole path on the real broker with the simulated CloudFront (real quotas, compressed times):
 * 10,000 FilesDistributed for 500 tenants on two distributions (two partitions). While they flow,
 * the committed offsets are sampled with an Admin client: every record below a committed offset
 * must already be covered by an invalidation CloudFront created after the record was published.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class InvalidationFlowTest {
    static final String GROUP = "invalidation-service.files-distributed";
    static final List<String> DISTRIBUTIONS = List.of("E1FLOWTEST0001", "E2FLOWTEST0002");
    static final int EVENTS = 10_000;
    static final int TENANTS = 500;
    static final Boundary BOUNDARY = Boundary.DEFAULT;

    @Inject
    SimulatedCloudFront cloudFront;

    volatile int closedSamples;

    record Sent(String id, String distributionId, String tenant, List<String> paths, Instant publishedAt, int partition,
            long offset) {
    }

    @Test
    void tenThousandEventsForFiveHundredTenantsAreCoveredWithinQuotasAndCommittedOnlyAfterCoverage() throws Exception {
        // CloudFront refuses everything for the first seconds (someone else holds the quota): records wait
        // uncovered for several commit intervals (1 s in tests), so an early acknowledgement would show.
        Instant closedUntil = Instant.now().plusSeconds(8);
        cloudFront.refuseUntil(closedUntil);
        Random random = new Random(11);
        List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> sampled = ConcurrentHashMap.newKeySet();
        // The sampler is the last resource, so it is closed (shut down, its running sample finished) before the
        // Admin client it uses; otherwise a last sample could fail on a closed client.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestEnvironment.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestEnvironment.kafkaBootstrapServers()));
                var sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor()) {
            // From the first record on, compare committed offsets with what CloudFront has created.
            sampler.scheduleWithFixedDelay(() -> {
                try {
                    sample(admin, sent, violations, sampled);
                } catch (Exception e) {
                    violations.add("sampling failed: " + e);
                }
            }, 0, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                int t = random.nextInt(TENANTS);
                String tenant = "t" + t;
                String distribution = DISTRIBUTIONS.get(t % 2);
                List<String> paths = new ArrayList<>();
                for (int k = 0, n = 1 + random.nextInt(5); k < n; k++) {
                    int f = random.nextInt(40);
                    paths.add("/tenants/" + tenant + "/" + (f < 4 ? (f == 0 ? "index.html" : "docs/index.html")
                            : f < 20 ? "assets/app" + f + ".js" : "img/photo " + f + ".jpg"));
                }
                paths = paths.stream().distinct().toList();
                FilesDistributed data = new FilesDistributed(distribution, "edgeplane-distribution", "deployment", tenant,
                        paths, List.of(), List.of(), paths.size(), 0, 40, false, null, Instant.now(), List.of());
                EventEnvelope<FilesDistributed> e = EventEnvelope.of(EventsClient.SOURCE, data);
                acks.add(producer.send(CloudEventCodec.toRecord(e), (m, error) -> {
                    if (m != null) {
                        sent.add(new Sent(e.id(), data.distributionId(), tenant, data.changedPaths(), e.time(),
                                m.partition(), m.offset()));
                    }
                }));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
            assertThat(sent).hasSize(EVENTS);
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = committed(admin);
                synchronized (sent) {
                    return sent.stream().allMatch(x -> {
                        OffsetAndMetadata c = committed.get(new TopicPartition(Topics.FILES_DISTRIBUTED, x.partition()));
                        return c != null && c.offset() > x.offset();
                    });
                }
            });
        }

        assertThat(sampled).as("commit samples taken while records were in flight").isNotEmpty();
        assertThat(closedSamples).as("samples taken while CloudFront refused").isPositive();
        assertThat(violations).as("records committed before CloudFront had an invalidation covering them").isEmpty();

        // Every changed path of every event is covered by an invalidation created after the event was published.
        Map<String, List<Created>> created = new HashMap<>();
        for (String d : DISTRIBUTIONS) {
            created.put(d, cloudFront.created(d));
        }
        for (Sent s : sent) {
            for (String path : s.paths()) {
                assertThat(coveredBy(created.get(s.distributionId()), path, s.publishedAt()))
                        .as("%s of %s", path, s.id()).isNotNull();
            }
        }
        // Nothing outside a tenant's boundary: no /*, no /tenants/*, every wildcard inside one tenant's prefix.
        Set<String> changedTenants = new HashSet<>();
        sent.forEach(s -> changedTenants.add(s.tenant()));
        for (String d : DISTRIBUTIONS) {
            for (Created c : created.get(d)) {
                for (String item : c.items()) {
                    InvalidationItem i = InvalidationItem.of(item);
                    assertThat(i.kind()).isNotEqualTo(ItemKind.TAG);
                    String tenant = BOUNDARY.tenantOf(i.prefix()).orElseThrow(() -> new AssertionError(item));
                    assertThat(changedTenants).contains(tenant);
                    if (i.kind() == ItemKind.WILDCARD) {
                        assertThat(BOUNDARY.allowsWildcard(i.prefix())).as(item).isTrue();
                        assertThat(i.prefix()).startsWith("/tenants/" + tenant + "/");
                    }
                }
            }
            // The quotas were never exceeded.
            SimulatedCloudFront.Usage usage = cloudFront.usage(d);
            assertThat(usage.peakPaths()).isLessThanOrEqualTo(3_000);
            assertThat(usage.peakWildcards()).isLessThanOrEqualTo(15);
        }
        // Throttling may occur and is recovered from (every path above is covered): the scheduler's rate limit is
        // per distribution while the simulated CloudFront's is per account, and this test drives two distributions.
        assertThat(cloudFront.errors()).containsKey("TooManyInvalidationsInProgress")
                .doesNotContainKeys("BatchTooLarge", "InvalidArgument");
        assertThat(created.values().stream().flatMap(List::stream)).allMatch(c -> !c.createTime().isBefore(closedUntil));
        long billed = DISTRIBUTIONS.stream().mapToLong(d -> cloudFront.usage(d).billedItems()).sum();
        long changedPaths = sent.stream().mapToLong(s -> s.paths().size()).sum();
        assertThat(billed).as("coalescing bills fewer items than one per changed path").isLessThan(changedPaths);
        System.out.printf("flow: %d events, %d changed paths, %d commit samples, %d invalidations, %d billed items"
                + " (%d wildcards), peak paths %d, peak wildcards %d%n", sent.size(), changedPaths, sampled.size(),
                DISTRIBUTIONS.stream().mapToLong(d -> created.get(d).size()).sum(), billed,
                created.values().stream().flatMap(List::stream).flatMap(c -> c.items().stream())
                        .filter(i -> i.endsWith("*")).count(),
                DISTRIBUTIONS.stream().mapToInt(d -> cloudFront.usage(d).peakPaths()).max().orElse(0),
                DISTRIBUTIONS.stream().mapToInt(d -> cloudFront.usage(d).peakWildcards()).max().orElse(0));

        // Status events: one Submitted and one Completed per invalidation, caused by the events.
        long invalidations = DISTRIBUTIONS.stream().mapToLong(d -> created.get(d).size()).sum();
        Set<String> ids = new HashSet<>();
        sent.forEach(s -> ids.add(s.id()));
        try (EventsClient client = EventsClient.forTestBroker()) {
            List<EventEnvelope<InvalidationSubmitted>> submitted = client.awaitEvents(EventType.INVALIDATION_SUBMITTED,
                    e -> DISTRIBUTIONS.contains(e.distributionId()), (int) invalidations, Duration.ofSeconds(60));
            assertThat(submitted).hasSize((int) invalidations);
            assertThat(submitted).allSatisfy(e -> assertThat(ids).containsAll(e.data().causedBy()));
            List<EventEnvelope<InvalidationCompleted>> completed = client.awaitEvents(EventType.INVALIDATION_COMPLETED,
                    e -> DISTRIBUTIONS.contains(e.distributionId()), (int) invalidations, Duration.ofSeconds(60));
            assertThat(completed).hasSize((int) invalidations);
            assertThat(completed).allSatisfy(e -> assertThat(e.data().timeToFreshMillis()).isPositive());
        }
    }

    /** Records below the committed offsets must be covered by what CloudFront has created by now. */
    private void sample(Admin admin, List<Sent> sent, List<String> violations, Set<String> sampled) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = committed(admin);
        Map<String, List<Created>> created = new HashMap<>();
        for (String d : DISTRIBUTIONS) {
            created.put(d, cloudFront.created(d));
        }
        List<Sent> snapshot;
        synchronized (sent) {
            snapshot = List.copyOf(sent);
        }
        if (created.values().stream().allMatch(List::isEmpty) && !snapshot.isEmpty()) {
            closedSamples++;
        }
        for (Sent s : snapshot) {
            OffsetAndMetadata c = committed.get(new TopicPartition(Topics.FILES_DISTRIBUTED, s.partition()));
            if (c == null || c.offset() <= s.offset() || !sampled.add(s.id())) {
                continue;
            }
            for (String path : s.paths()) {
                if (coveredBy(created.get(s.distributionId()), path, s.publishedAt()) == null) {
                    violations.add(s.id() + " at offset " + s.offset() + ": " + path);
                }
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) throws Exception {
        return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
    }

    /** The invalidation created at or after {@code after} whose items cover {@code rawPath}, or null. */
    static Created coveredBy(List<Created> created, String rawPath, Instant after) {
        String path = io.edgeplane.invalidation.domain.PathNormalizer.encode(rawPath);
        for (Created c : created) {
            if (c.createTime().isBefore(after)) {
                continue;
            }
            for (String item : c.items()) {
                if (InvalidationItem.of(item).covers(path)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
