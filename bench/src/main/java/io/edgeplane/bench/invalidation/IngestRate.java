package io.edgeplane.bench.invalidation;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.invalidation.domain.Boundary;
import io.edgeplane.invalidation.domain.CoalescingWindow;
import io.edgeplane.invalidation.domain.CostModel;
import io.edgeplane.invalidation.domain.Coverage;
import io.edgeplane.invalidation.domain.InvalidationListener;
import io.edgeplane.invalidation.domain.InvalidationPlanner;
import io.edgeplane.invalidation.domain.InvalidationScheduler;
import io.edgeplane.invalidation.domain.LearnedPopulation;
import io.edgeplane.invalidation.domain.PathNormalizer;
import io.edgeplane.invalidation.service.ChangeBatches;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.testsupport.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * How fast FilesDistributed events are taken in on the real broker (in-JVM KRaft): poll, decode and
 * validate the CloudEvent, normalise the paths, queue them in the scheduler; and how fast they are
 * covered by invalidations on the simulated CloudFront (quotas enforced; completion 1 s and 20
 * CreateInvalidation/s so CloudFront is not the bottleneck being measured). Usage:
 * {@code bench/run invalidation.IngestRate [--events N] [--tenants N]}.
 */
public final class IngestRate {
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int events = Integer.parseInt(opts.getOrDefault("events", "20000"));
        int tenants = Integer.parseInt(opts.getOrDefault("tenants", "1000"));
        String bootstrap = TestEnvironment.kafkaBootstrapServers();
        String topic = "edgeplane.bench.ingest-" + System.nanoTime();
        TestEnvironment.createTopics(Set.of(topic), 2);
        List<String> distributions = List.of("E1INGESTBENCH1", "E2INGESTBENCH2");

        Random random = new Random(5);
        long publishStart = System.nanoTime();
        long changedPaths = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                int t = random.nextInt(tenants);
                List<String> paths = new ArrayList<>();
                for (int k = 0, n = 1 + random.nextInt(5); k < n; k++) {
                    paths.add("/tenants/t" + t + "/s" + random.nextInt(6) + "/f" + random.nextInt(200) + ".html");
                }
                paths = paths.stream().distinct().toList();
                changedPaths += paths.size();
                FilesDistributed data = new FilesDistributed(distributions.get(t % 2), "edgeplane-distribution",
                        "deployment", "t" + t, paths, List.of(), List.of(), paths.size(), 0, 1_200, false, null,
                        Instant.now(), List.of());
                var record = CloudEventCodec.toRecord(EventEnvelope.of("/bench/upstream", data));
                acks.add(producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers())));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        double publishSeconds = (System.nanoTime() - publishStart) / 1e9;

        SimulatedCloudFront cloudFront = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
                .withCompletionDelay(Duration.ofSeconds(1)).withRate(20, 1), Clock.systemUTC());
        Map<String, LearnedPopulation> populations = new ConcurrentHashMap<>();
        InvalidationScheduler scheduler = new InvalidationScheduler(cloudFront,
                new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT),
                InvalidationScheduler.Settings.defaults()
                        .withWindow(new CoalescingWindow(Duration.ofMillis(200), Duration.ofSeconds(1)))
                        .withRate(20, 1).withPollInterval(Duration.ofMillis(200)),
                Clock.systemUTC(), new InvalidationListener() {
                }, d -> populations.computeIfAbsent(d, k -> new LearnedPopulation(100_000, 200_000)), d -> false);
        Thread ticker = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                scheduler.tick();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        PathNormalizer normalizer = PathNormalizer.defaults();
        List<CompletableFuture<Coverage>> covered = new ArrayList<>(events);
        long start = System.nanoTime();
        long takenIn = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (takenIn < events) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    @SuppressWarnings("unchecked")
                    EventEnvelope<FilesDistributed> event = (EventEnvelope<FilesDistributed>) (EventEnvelope<?>)
                            CloudEventCodec.decode(record.headers(), record.value(), EnumSet.of(EventType.FILES_DISTRIBUTED));
                    LearnedPopulation population = populations.computeIfAbsent(event.data().distributionId(),
                            k -> new LearnedPopulation(100_000, 200_000));
                    population.declare("/tenants/" + event.data().tenantId() + "/", event.data().totalFiles());
                    covered.add(scheduler.submit(ChangeBatches.of(event, normalizer).batch()));
                    takenIn++;
                }
            }
            double ingestSeconds = (System.nanoTime() - start) / 1e9;
            CompletableFuture.allOf(covered.toArray(CompletableFuture[]::new)).get();
            double coveredSeconds = (System.nanoTime() - start) / 1e9;
            ticker.interrupt();

            long billed = cloudFront.created().stream().mapToLong(c -> c.items().size()).sum();
            String md = String.format(Locale.ROOT, """
                    # invalidation.IngestRate

                    Command: `bench/run invalidation.IngestRate --events %d --tenants %d`
                    Date: %s; machine: 2 cores (shared), JDK %s; broker: in-JVM KRaft (TestEnvironment), 2 partitions.

                    %,d FilesDistributed (%,d changed paths, %,d tenants, 2 distributions) published first (%.0f events/s
                    with acks=all), then consumed: poll, decode + validate the CloudEvent, normalise, queue in the scheduler.
                    Coverage = every path inside an invalidation the simulated CloudFront created (quotas enforced,
                    20 CreateInvalidation/s, completion 1 s, coalescing window 200 ms / max 1 s).

                    | measure | value |
                    |---|---:|
                    | events taken in per second (poll + decode + normalise + queue) | %,.0f |
                    | events covered per second (until the last one is inside a created invalidation) | %,.0f |
                    | invalidations created | %,d |
                    | billed items (paths + wildcards) for %,d changed paths | %,d |
                    | peak paths / wildcards in progress | %,d / %,d |
                    | quota errors | %d |
                    """, events, tenants, LocalDate.now(), Runtime.version(), events, changedPaths, tenants,
                    events / publishSeconds, events / ingestSeconds, events / coveredSeconds, cloudFront.created().size(),
                    changedPaths, billed, cloudFront.peakPaths(), cloudFront.peakWildcards(),
                    cloudFront.errors().getOrDefault("TooManyInvalidationsInProgress", 0L));
            System.out.print(md);
            Path out = Path.of("bench/results/invalidation-ingest-rate.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, md);
            System.out.println("written to " + out);
        }
        System.exit(0);
    }
}
