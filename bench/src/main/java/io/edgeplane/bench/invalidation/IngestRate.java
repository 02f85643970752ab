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
import io.edgeplane.events.Topics;
import io.edgeplane.testsupport.TestEnvironment;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.ServiceProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * How fast FilesDistributed events are taken in on the real broker (in-JVM KRaft) by the packaged
 * invalidation-service (its own process: SmallRye channel, decoder, admission, scheduler queue; measured
 * from its {@code edgeplane_invalidation_*} meters), next to a bench-only consumer loop over the same
 * domain code as the reference. Usage: {@code bench/run invalidation.IngestRate [--events N] [--tenants N]
 * [--partitions N] [--service-heap 512m]}; the service must be packaged
 * ({@code ./mvnw -B -o -pl invalidation-service package -DskipTests}).
 */
public final class IngestRate {
    static final Pattern TAKEN = Pattern.compile("^edgeplane_invalidation_items_taken_total\\{[^}]*kind=\"path\"[^}]*}\\s+(\\S+)",
            Pattern.MULTILINE);
    static final Pattern CHANGES = Pattern.compile("^edgeplane_invalidation_changes_taken_total(?:\\{[^}]*})?\\s+(\\S+)",
            Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int events = Integer.parseInt(opts.getOrDefault("events", "20000"));
        int tenants = Integer.parseInt(opts.getOrDefault("tenants", "1000"));
        int partitions = Integer.parseInt(opts.getOrDefault("partitions", "2"));
        String heap = opts.getOrDefault("service-heap", "512m");
        String bootstrap = TestEnvironment.kafkaBootstrapServers();
        // The service's own topic, as the distributor publishes to it; the bench loop reads it with its own group.
        String topic = Topics.FILES_DISTRIBUTED;
        EdgeplaneStack.createTopics(bootstrap, Path.of("."), partitions);
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
                var record = CloudEventCodec.toRecord(EventEnvelope.of("/edgeplane/distributor-service", data));
                acks.add(producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers())));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        double publishSeconds = (System.nanoTime() - publishStart) / 1e9;

        String loadBefore = loadAverage();
        Loop loop = benchLoop(bootstrap, topic, events);
        String loadAfterLoop = loadAverage();
        Service service = throughService(bootstrap, events, heap);
        String loadAfterService = loadAverage();

        String md = String.format(Locale.ROOT, """
                # invalidation.IngestRate

                Command: `bench/run invalidation.IngestRate --events %d --tenants %d --partitions %d --service-heap %s`
                Date: %s; machine: 2 cores (shared), JDK %s; broker: in-JVM KRaft (TestEnvironment, inside the bench
                JVM), topic `%s` with %d partitions.

                %,d FilesDistributed (%,d changed paths, %,d tenants, 2 distributions) published first (%.0f events/s
                with acks=all), then read twice from the same topic, one after the other:

                1. **the packaged service** (`invalidation-service/target/quarkus-app/quarkus-run.jar`, its own OS
                   process, profile `local`, `-Xmx%s`, simulated CloudFront): SmallRye Kafka channel, `EventDecoder`
                   (CloudEvent, contract, source), ownership admission and normaliser, population learning, scheduler
                   queue; records taken in one poll's batch at a time. Rate from its own meters on `/q/metrics` (`edgeplane_invalidation_items_taken_total{kind="path"}`,
                   `edgeplane_invalidation_changes_taken_total`), sampled every 100 ms, from the first sample that moved to
                   the first that shows every event; start-up (%.1f s to ready) not included.
                   `max-queued-paths` is raised so the simulated CloudFront's drain does not throttle the intake.
                2. **the bench loop** (reference, in the bench JVM): a plain `KafkaConsumer` poll loop, `CloudEventCodec.decode`,
                   `ChangeBatches.of`, a `LearnedPopulation` declare, `InvalidationScheduler.submit`.

                | path | events taken in / s | changed paths taken in / s | events covered / s |
                |---|---:|---:|---:|
                | packaged service (its meters) | %,.0f | %,.0f | - |
                | bench loop (reference) | %,.0f | %,.0f | %,.0f |
                | service / bench loop | %.2f | %.2f | |

                Load average (1/5/15 min, /proc/loadavg) before the loop %s, after it %s, after the service %s: the
                machine is shared, so both rates are lower bounds and their ratio is what compares.

                Bench loop: %,d invalidations created, %,d billed items for %,d changed paths, peak paths / wildcards in
                progress %,d / %,d, %d quota errors (coverage on the simulated CloudFront: quotas enforced, 20
                CreateInvalidation/s, completion 1 s, window 200 ms / max 1 s).
                """, events, tenants, partitions, heap, LocalDate.now(), Runtime.version(), topic, partitions, events,
                changedPaths, tenants, events / publishSeconds, heap, service.readySeconds, service.eventsPerSecond,
                service.pathsPerSecond, loop.eventsPerSecond, loop.eventsPerSecond * changedPaths / events,
                loop.coveredPerSecond, service.eventsPerSecond / loop.eventsPerSecond,
                service.pathsPerSecond / (loop.eventsPerSecond * changedPaths / events), loadBefore, loadAfterLoop,
                loadAfterService, loop.invalidations, loop.billed,
                changedPaths, loop.peakPaths, loop.peakWildcards, loop.quotaErrors);
        System.out.print(md);
        Path out = Path.of("bench/results/invalidation-ingest-rate.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        System.out.println("written to " + out);
        System.exit(0);
    }

    record Loop(double eventsPerSecond, double coveredPerSecond, int invalidations, long billed, int peakPaths,
            int peakWildcards, long quotaErrors) {
    }

    record Service(double readySeconds, double eventsPerSecond, double pathsPerSecond) {
    }

    /** The packaged service as its own process; paths taken in per second from its meters. */
    static Service throughService(String bootstrap, int events, String heap) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", bootstrap);
        props.put("quarkus.http.host", "127.0.0.1");
        props.put("quarkus.log.level", "WARN");
        props.put("edgeplane.invalidation.adapter", "simulated");
        props.put("edgeplane.invalidation.statistics.adapter", "simulated");
        props.put("edgeplane.invalidation.window", "200ms");
        props.put("edgeplane.invalidation.max-wait", "1s");
        props.put("edgeplane.invalidation.requests-per-second", "15");
        props.put("edgeplane.invalidation.simulated.requests-per-second", "20");
        props.put("edgeplane.invalidation.simulated.completion-delay", "1s");
        props.put("edgeplane.invalidation.poll-interval", "200ms");
        props.put("edgeplane.invalidation.expected-completion", "1s");
        props.put("edgeplane.invalidation.max-queued-paths", "10000000");
        Path jar = Path.of("invalidation-service/target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        long port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        long t0 = System.nanoTime();
        try (ServiceProcess service = new ServiceProcess("invalidation-service", jar, (int) port,
                Path.of("bench/target/ingest-rate-invalidation-service.log").toAbsolutePath(), props,
                jvmOptions(heap))) {
            service.start();
            service.awaitReady(Duration.ofMinutes(3));
            double ready = (System.nanoTime() - t0) / 1e9;
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest scrape = HttpRequest.newBuilder(service.url().resolve("/q/metrics")).GET().build();
            long firstAt = -1;
            double firstPaths = 0;
            double firstEvents = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                String text = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
                long at = System.nanoTime();
                double paths = value(TAKEN, text);
                double changes = value(CHANGES, text);
                if (firstAt < 0 && changes > 0) {
                    firstAt = at;
                    firstPaths = paths;
                    firstEvents = changes;
                } else if (changes >= events) {
                    double seconds = (at - firstAt) / 1e9;
                    return new Service(ready, (changes - firstEvents) / seconds, (paths - firstPaths) / seconds);
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the service took in fewer than " + events + " events in 10 min; log "
                    + service.log() + ":\n" + service.tail(40));
        }
    }

    /** The heap, plus {@code -Dedgeplane.bench.service-jvm-options} (space-separated, e.g. a flight recording). */
    static List<String> jvmOptions(String heap) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap));
        String extra = System.getProperty("edgeplane.bench.service-jvm-options", "").strip();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    /** The first three fields of /proc/loadavg, or "n/a" off Linux. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }

    static double value(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** The reference: a bench-only consumer loop in front of the same domain code. */
    static Loop benchLoop(String bootstrap, String topic, int events) throws Exception {
        SimulatedCloudFront cloudFront = new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
                .withCompletionDelay(Duration.ofSeconds(1)).withRate(20, 1), Clock.systemUTC());
        Map<String, LearnedPopulation> populations = new ConcurrentHashMap<>();
        InvalidationScheduler scheduler = new InvalidationScheduler(cloudFront,
                new InvalidationPlanner(Boundary.DEFAULT, CostModel.DEFAULT),
                InvalidationScheduler.Settings.defaults()
                        .withWindow(new CoalescingWindow(Duration.ofMillis(200), Duration.ofSeconds(1)))
                        .withRate(20, 1).withPollInterval(Duration.ofMillis(200))
                        .withExpectedCompletion(Duration.ofSeconds(1)),
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
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-loop-" + topic,
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
        }
        double ingestSeconds = (System.nanoTime() - start) / 1e9;
        CompletableFuture.allOf(covered.toArray(CompletableFuture[]::new)).get();
        double coveredSeconds = (System.nanoTime() - start) / 1e9;
        ticker.interrupt();
        long billed = cloudFront.created().stream().mapToLong(c -> c.items().size()).sum();
        return new Loop(events / ingestSeconds, events / coveredSeconds, cloudFront.created().size(), billed,
                cloudFront.peakPaths(), cloudFront.peakWildcards(),
                cloudFront.errors().getOrDefault("TooManyInvalidationsInProgress", 0L));
    }
}
