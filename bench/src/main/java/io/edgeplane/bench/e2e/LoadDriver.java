package io.edgeplane.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.DataFetched;
import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.Topics;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.S3Endpoint;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.TopicRecorder;
import io.edgeplane.testsupport.media.TestImages;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Load on the whole running system: publishes at a fixed rate for a fixed time to every input topic
 * (FilesDistributed, TenantProvisioned, DeploymentCompleted, DataFetched, ImageUploaded), as the
 * upstream systems would, and reports the sustained events/s each service handled, the end-to-end
 * latency from DataFetched to InvalidationCompleted (p50/p99), and every consumer group's lag over
 * time (Admin client, sampled each second) as a PNG next to the figures.
 *
 * <pre>
 * bench/run e2e.LoadDriver [--rate 40] [--duration 60] [--drain 300] [--name e2e-load] [--publishers 8]
 *     [--bootstrap 127.0.0.1:19092 --s3 http://127.0.0.1:19000]   # against ./edgeplane up instead of its own stack
 * </pre>
 */
public final class LoadDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DISTRIBUTION_ID = "E1EDGEPLANE0001";
    /** Weighted round robin over the inputs: 8 FilesDistributed, 5 TenantProvisioned, 3 DeploymentCompleted, 2 DataFetched, 2 ImageUploaded per 20. */
    private static final String[] MIX = {"fd", "tp", "fd", "dc", "fd", "tp", "df", "fd", "iu", "tp", "fd", "dc", "fd", "tp",
        "df", "fd", "iu", "tp", "fd", "dc"};

    private static final List<byte[]> images = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        double rate = Double.parseDouble(o.getOrDefault("rate", "40"));
        int duration = Integer.parseInt(o.getOrDefault("duration", "60"));
        int drain = Integer.parseInt(o.getOrDefault("drain", "300"));
        String name = o.getOrDefault("name", "e2e-load");
        Path results = Path.of(o.getOrDefault("results", "bench/results"));
        Files.createDirectories(results);

        EdgeplaneStack stack = null;
        String bootstrap = o.get("bootstrap");
        S3Client s3;
        if (bootstrap == null) {
            System.out.println("Starting the stack: broker, S3 endpoint, five packaged services (local profile) ...");
            stack = EdgeplaneStack.builder().logs(Path.of("bench/target/e2e-logs"))
                    .internalTopic("edgeplane.dns.desired-state", 3, true)
                    .internalTopic("edgeplane.dns.zone-changes", 3, false)
                    .property("edgeplane.fetcher.schedule.cron", "off")
                    .start();
            bootstrap = stack.bootstrapServers();
            s3 = stack.s3().client();
        } else {
            s3 = S3Client.builder().endpointOverride(URI.create(o.getOrDefault("s3", "http://127.0.0.1:19000")))
                    .region(Region.of(S3Endpoint.REGION)).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            o.getOrDefault("access-key", "edgeplane-local"), o.getOrDefault("secret-key", "edgeplane-local-secret"))))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        }
        int exit = 0;
        try {
            run(bootstrap, s3, rate, duration, drain, name, results, String.join(" ", args), stack != null,
                    Integer.parseInt(o.getOrDefault("publishers", "8")));
        } catch (Throwable e) {
            e.printStackTrace();
            exit = 1;
        } finally {
            s3.close();
            if (stack != null) {
                stack.close();
            }
        }
        System.exit(exit);
    }

    private static void run(String bootstrap, S3Client s3, double rate, int duration, int drain, String name, Path results,
            String argLine, boolean ownStack, int publishers) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        int total = (int) Math.round(rate * duration);
        Map<String, Integer> planned = new HashMap<>();
        for (int i = 0; i < total; i++) {
            planned.merge(MIX[i % MIX.length], 1, Integer::sum);
        }
        System.out.printf("Preparing %d builds and %d images in S3 (run %s) ...%n", planned.getOrDefault("dc", 0),
                planned.getOrDefault("iu", 0), run);
        for (int i = 0; i < 8; i++) {
            images.add(TestImages.jpeg(TestImages.photoLike(480, 360, i), 85));
        }
        for (int i = 0; i < planned.getOrDefault("dc", 0); i++) {
            // Under the tenant's build root in the builds bucket (the ownership model: anything else is refused).
            String prefix = buildPrefix(run, i);
            put(s3, "edgeplane-source", prefix + "index.html", "text/html",
                    ("<!doctype html><title>" + i + "</title>").getBytes(StandardCharsets.UTF_8));
            put(s3, "edgeplane-source", prefix + "assets/app.1a2b3c4d.js", "text/javascript",
                    ("console.log(" + i + ")").getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < planned.getOrDefault("iu", 0); i++) {
            put(s3, "edgeplane-uploads", "uploads/u-load/2026/11/22/i" + run + "-" + i, "image/jpeg",
                    images.get(i % images.size()));
        }

        List<String> topics = new ArrayList<>(List.of(Topics.FILES_DISTRIBUTED, Topics.DEPLOYMENTS_PROMOTED,
                Topics.TENANTS_DNS, Topics.MEDIA_STATUS, Topics.INVALIDATIONS_STATUS));
        EdgeplaneStack.SERVICES.forEach(s -> topics.add(Topics.deadLetter(s)));
        try (TopicRecorder recorder = new TopicRecorder(bootstrap, topics);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.LINGER_MS_CONFIG, 2), new StringSerializer(), new ByteArraySerializer());
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<String, Long> publishedAt = new ConcurrentHashMap<>();
            Map<String, Set<String>> idsByKind = new ConcurrentHashMap<>();
            Map<String, Long> firstPublish = new ConcurrentHashMap<>();
            List<Double> sampleSeconds = Collections.synchronizedList(new ArrayList<>());
            Map<String, List<Long>> lag = new ConcurrentHashMap<>();
            long start = System.currentTimeMillis();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> sampleLag(admin, start, sampleSeconds, lag));

            System.out.printf("Publishing %d events at %.1f/s for %d s to five input topics (%d publishers) ...%n", total, rate,
                    duration, publishers);
            // The pacing thread only hands events out at their due time; a pool of publishers does the blocking work
            // (the DataFetched's S3 put, the acknowledged send), so one slow send no longer delays every later event.
            Map<String, Integer> counters = new HashMap<>();
            long intervalNanos = (long) (1e9 / rate);
            long t0 = System.nanoTime();
            long[] lateMillis = new long[1];
            long offeredEnd;
            List<Future<?>> sends = new ArrayList<>();
            List<Future<RecordMetadata>> acks = Collections.synchronizedList(new ArrayList<>());
            try (ExecutorService pool = Executors.newFixedThreadPool(publishers)) {
                for (int i = 0; i < total; i++) {
                    long due = t0 + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } else {
                        lateMillis[0] = Math.max(lateMillis[0], -wait / 1_000_000);
                    }
                    String kind = MIX[i % MIX.length];
                    int n = counters.merge(kind, 1, Integer::sum) - 1;
                    sends.add(pool.submit(() -> {
                        EdgeplaneEvent event = event(kind, n, run, s3);
                        long now = System.currentTimeMillis();
                        // Sent without waiting for the broker's ack (collected below): a busy broker delays
                        // acknowledgements, not the offered rate, as with many independent upstream producers.
                        EventEnvelope<EdgeplaneEvent> envelope = EventEnvelope.of(EventsClient.SOURCE, event);
                        acks.add(producer.send(CloudEventCodec.toRecord(envelope)));
                        String id = envelope.id();
                        publishedAt.put(id, now);
                        idsByKind.computeIfAbsent(kind, k -> ConcurrentHashMap.newKeySet()).add(kind.equals("fd")
                                || kind.equals("df") ? id : event.key());
                        firstPublish.merge(kind, now, Math::min);
                        return null;
                    }));
                }
                long dueEnd = System.currentTimeMillis();
                for (Future<?> send : sends) {
                    send.get();
                }
                offeredEnd = System.currentTimeMillis();
                System.out.printf("Handed out in %.1f s, all sent in %.1f s (%.1f events/s offered, pacing at most %d ms "
                        + "behind schedule)%n", (dueEnd - start) / 1000.0, (offeredEnd - start) / 1000.0,
                        total / ((offeredEnd - start) / 1000.0), lateMillis[0]);
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
            }
            long publishEnd = System.currentTimeMillis();
            double offered = total / ((offeredEnd - start) / 1000.0);
            double acknowledged = total / ((publishEnd - start) / 1000.0);
            System.out.printf("Every send acknowledged after %.1f s (%.1f events/s). Waiting for the system to drain "
                    + "(at most %d s) ...%n", (publishEnd - start) / 1000.0, acknowledged, drain);

            Map<String, Outcome> outcomes = new LinkedHashMap<>();
            long deadline = publishEnd + drain * 1000L;
            int idle = 0;
            Set<String> dataFetched = idsByKind.getOrDefault("df", Set.of());
            while (System.currentTimeMillis() < deadline) {
                outcomes = outcomes(recorder, idsByKind, firstPublish);
                // Drained: everything answered and every DataFetched chain has reached InvalidationCompleted (the
                // simulated CloudFront completes ~15 s after creating, after the consumers' lag is gone), or no lag
                // for 30 s (what is missing then was dead-lettered or lost). Stopping earlier would leave the slowest
                // chains out of the latency percentiles.
                boolean done = outcomes.values().stream().allMatch(x -> x.handled >= x.published)
                        && latencies(recorder, dataFetched, publishedAt).size() >= dataFetched.size();
                idle = totalLag(lag) == 0 ? idle + 1 : 0;
                if (done && idle > 0 || idle >= 30) {
                    break;
                }
                Thread.sleep(1_000);
            }
            Thread.sleep(2_000);
            sampler.interrupt();
            outcomes = outcomes(recorder, idsByKind, firstPublish);
            List<Long> latencies = latencies(recorder, dataFetched, publishedAt);
            // A dead letter keeps the original record's key and headers: FilesDistributed is keyed by its distribution, so
            // the driver's own events are recognised by their ce_id as well as by the run in the key.
            long deadLetters = topics.stream().filter(t -> t.startsWith("edgeplane.dlq.")).mapToLong(t -> recorder
                    .matching(t, r -> r.key() != null && r.key().contains(run) || publishedAt.containsKey(r.header("ce_id")))
                    .size()).sum();

            double[] seconds;
            Map<String, long[]> series = new TreeMap<>();
            synchronized (sampleSeconds) {
                seconds = sampleSeconds.stream().mapToDouble(Double::doubleValue).toArray();
            }
            lag.forEach((group, values) -> {
                long[] v = new long[seconds.length];
                synchronized (values) {
                    for (int i = 0; i < v.length && i < values.size(); i++) {
                        v[i] = values.get(i);
                    }
                }
                series.put(group, v);
            });
            Path png = results.resolve(name + "-lag.png");
            LagChart.write(png, String.format("Consumer lag, %.0f events/s for %d s (%s)", rate, duration, LocalDate.now()),
                    seconds, series, (publishEnd - start) / 1000.0);
            String report = report(name, argLine, ownStack, rate, offered, acknowledged, duration, total, outcomes, latencies,
                    series, deadLetters, png.getFileName().toString());
            System.out.println(report);
            Files.writeString(results.resolve(name + ".md"), report);
        }
    }

    private static EdgeplaneEvent event(String kind, int n, String run, S3Client s3) throws Exception {
        Instant now = Instant.now();
        return switch (kind) {
            case "fd" -> {
                List<String> paths = List.of("/load/" + run + "/" + n + "/index.html", "/load/" + run + "/" + n + "/app.css",
                        "/load/" + run + "/" + n + "/data.json");
                yield new FilesDistributed(DISTRIBUTION_ID, "edgeplane-distribution", "data", null, paths, List.of(), List.of(),
                        3, 0, 3, false, null, now, List.of());
            }
            case "tp" -> new TenantProvisioned("l" + run + "-" + n, "l" + run + "-" + n, "edgeplane.test",
                    SubscriptionTier.STANDARD, TrafficTier.NORMAL, 1_000L, List.of(), null, null, now, List.of());
            case "dc" -> new DeploymentCompleted("dep-l" + run + "-" + n, "l" + run + "-" + n, null, "b1", "edgeplane-source",
                    buildPrefix(run, n), DISTRIBUTION_ID, "1.0.0", DeploymentMode.COPY, now, List.of());
            case "df" -> {
                // Fresh content each time, so every fetch is a change the CDN must forget.
                String body = "{\"load\":\"" + run + "\",\"n\":" + n + ",\"at\":\"" + now + "\"}";
                String key = "load/" + run + "/" + n + "/regions.json";
                put(s3, "edgeplane-source", key, "application/json", body.getBytes(StandardCharsets.UTF_8));
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(body.getBytes(StandardCharsets.UTF_8)));
                yield new DataFetched("load-" + run, "run-" + n, "edgeplane-source", "load/" + run + "/" + n + "/",
                        List.of(new DataFetched.FetchedFile(key, sha, (long) body.length(), "application/json")), true, sha,
                        "offline", now, List.of());
            }
            case "iu" -> new ImageUploaded("i" + run + "-" + n, "u-load", "edgeplane-uploads",
                    "uploads/u-load/2026/11/22/i" + run + "-" + n, "image/jpeg", (long) images.get(n % images.size()).length, null, now,
                    List.of());
            default -> throw new IllegalStateException(kind);
        };
    }

    private static String buildPrefix(String run, int n) {
        return "tenants/l" + run + "-" + n + "/builds/b1/";
    }

    /** A put that survives the S3 endpoint dropping a kept-alive connection now and then. */
    private static void put(S3Client s3, String bucket, String key, String contentType, byte[] body) {
        for (int attempt = 1;; attempt++) {
            try {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body));
                return;
            } catch (RuntimeException e) {
                if (attempt >= 5) {
                    throw e;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** What a service did with the driver's events. */
    record Outcome(String service, String input, int published, int handled, double eventsPerSecond, double lastOutputSeconds) {
    }

    private static Map<String, Outcome> outcomes(TopicRecorder recorder, Map<String, Set<String>> ids,
            Map<String, Long> firstPublish) {
        Map<String, Outcome> out = new LinkedHashMap<>();
        out.put("fd", outcome("invalidation-service", "FilesDistributed -> InvalidationSubmitted", ids.get("fd"),
                firstPublish.get("fd"), recorder.records(EventType.INVALIDATION_SUBMITTED), "causedBy"));
        out.put("tp", outcome("dns-service", "TenantProvisioned -> TenantDnsReady", ids.get("tp"), firstPublish.get("tp"),
                recorder.records(EventType.TENANT_DNS_READY), "tenantId"));
        out.put("dc", outcome("distributor-service", "DeploymentCompleted -> DeploymentPromoted", ids.get("dc"),
                firstPublish.get("dc"), recorder.records(EventType.DEPLOYMENT_PROMOTED), "tenantId"));
        out.put("df", outcome("distributor-service", "DataFetched -> FilesDistributed", ids.get("df"), firstPublish.get("df"),
                recorder.records(EventType.FILES_DISTRIBUTED), "causedBy"));
        out.put("iu", outcome("media-service", "ImageUploaded -> MediaProcessed", ids.get("iu"), firstPublish.get("iu"),
                recorder.records(EventType.MEDIA_PROCESSED), "mediaId"));
        return out;
    }

    private static Outcome outcome(String service, String input, Set<String> ids, Long first,
            List<TopicRecorder.Received> outputs, String field) {
        Set<String> wanted = ids == null ? Set.of() : ids;
        Set<String> handled = new HashSet<>();
        long last = 0;
        for (TopicRecorder.Received r : outputs) {
            JsonNode data = json(r.value());
            boolean hit = false;
            if (field.equals("causedBy")) {
                for (JsonNode c : data.path("causedBy")) {
                    if (wanted.contains(c.asText())) {
                        hit |= handled.add(c.asText());
                    }
                }
            } else if (wanted.contains(data.path(field).asText())) {
                hit = handled.add(data.path(field).asText());
            }
            if (hit) {
                last = Math.max(last, r.seenAtMillis());
            }
        }
        double span = first == null || last == 0 ? 0 : (last - first) / 1000.0;
        return new Outcome(service, input, wanted.size(), handled.size(), span > 0 ? handled.size() / span : 0, span);
    }

    /** DataFetched publish -> InvalidationCompleted seen, through the FilesDistributed it caused. */
    private static List<Long> latencies(TopicRecorder recorder, Set<String> dataFetchedIds, Map<String, Long> publishedAt) {
        Map<String, String> fdToDf = new HashMap<>();
        for (TopicRecorder.Received r : recorder.records(EventType.FILES_DISTRIBUTED)) {
            JsonNode data = json(r.value());
            for (JsonNode c : data.path("causedBy")) {
                if (dataFetchedIds.contains(c.asText())) {
                    fdToDf.put(r.header("ce_id"), c.asText());
                }
            }
        }
        Map<String, Long> done = new HashMap<>();
        for (TopicRecorder.Received r : recorder.records(EventType.INVALIDATION_COMPLETED)) {
            for (JsonNode c : json(r.value()).path("causedBy")) {
                String df = fdToDf.get(c.asText());
                if (df != null) {
                    done.merge(df, r.seenAtMillis() - publishedAt.get(df), Math::min);
                }
            }
        }
        List<Long> sorted = new ArrayList<>(done.values());
        Collections.sort(sorted);
        return sorted;
    }

    private static void sampleLag(Admin admin, long start, List<Double> seconds, Map<String, List<Long>> lag) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Map<String, Long> now = new TreeMap<>();
                for (ConsumerGroupListing g : admin.listConsumerGroups().all().get()) {
                    if (!g.groupId().contains("-service.")) {
                        continue;
                    }
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(g.groupId())
                            .partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                    long sum = 0;
                    for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        sum += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
                    }
                    now.put(g.groupId(), sum);
                }
                double t = (System.currentTimeMillis() - start) / 1000.0;
                synchronized (seconds) {
                    int index = seconds.size();
                    seconds.add(t);
                    now.forEach((group, value) -> {
                        List<Long> values = lag.computeIfAbsent(group, k -> Collections.synchronizedList(new ArrayList<>()));
                        synchronized (values) {
                            while (values.size() < index) {
                                values.add(0L);
                            }
                            values.add(value);
                        }
                    });
                }
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a sample missed (e.g. a group rebalancing): the next one counts
            }
        }
    }

    private static long totalLag(Map<String, List<Long>> lag) {
        long sum = 0;
        for (List<Long> values : lag.values()) {
            synchronized (values) {
                sum += values.isEmpty() ? 0 : values.getLast();
            }
        }
        return sum;
    }

    private static String report(String name, String argLine, boolean ownStack, double rate, double offered,
            double acknowledged, int duration,
            int total, Map<String, Outcome> outcomes, List<Long> latencies, Map<String, long[]> lag, long deadLetters,
            String png) {
        StringBuilder md = new StringBuilder();
        md.append("# End-to-end load: the five services under a fixed publish rate\n\n");
        md.append("- Command: `bench/run e2e.LoadDriver ").append(argLine).append("`\n");
        md.append("- Date: ").append(LocalDate.now()).append("; machine: ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (shared by the broker, the S3 endpoint, the five service JVMs and this driver)\n");
        md.append("- Stack: ").append(ownStack ? "started by the driver (in-JVM KRaft broker, S3Proxy, five packaged services, "
                + "local profile: simulated CloudFront at 0.5 CreateInvalidation/s with 15 s completion, simulated Route 53 at "
                + "5 requests/s)" : "an already running stack (./edgeplane up)").append("\n");
        md.append(String.format("- Offered load: %d events in %d s = %.1f events/s target, %.1f offered (every event sent "
                + "to the broker), %.1f acknowledged (the last broker ack included); 1-minute load average at the end %.1f; "
                + "mix per 20 events: 8 FilesDistributed, 5 TenantProvisioned, 3 DeploymentCompleted (copy mode), "
                + "2 DataFetched, 2 ImageUploaded%n%n", total, duration, rate, offered, acknowledged,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        md.append("| service | input -> output | published | handled | sustained events/s | last output after (s) |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        for (Outcome o : outcomes.values()) {
            md.append(String.format("| %s | %s | %d | %d | %.1f | %.1f |%n", o.service(), o.input(), o.published(), o.handled(),
                    o.eventsPerSecond(), o.lastOutputSeconds()));
        }
        md.append("\n");
        if (latencies.isEmpty()) {
            md.append("End-to-end latency DataFetched -> InvalidationCompleted: no complete chain observed.\n");
        } else {
            md.append(String.format("End-to-end latency DataFetched -> InvalidationCompleted (%d chains): p50 %.1f s, p99 %.1f s, "
                    + "max %.1f s%n", latencies.size(), pct(latencies, 50) / 1000.0, pct(latencies, 99) / 1000.0,
                    latencies.getLast() / 1000.0));
        }
        md.append("\nPeak consumer lag per group (records): ");
        List<String> peaks = new ArrayList<>();
        lag.forEach((g, v) -> peaks.add(g + " " + java.util.Arrays.stream(v).max().orElse(0)));
        md.append(String.join(", ", peaks)).append("\n\n");
        md.append("Dead letters caused by the load: ").append(deadLetters).append("\n\n");
        md.append("![consumer lag over time](").append(png).append(")\n\n");
        md.append("Sustained events/s = inputs handled / (last output - first input). \"Handled\" means the output event "
                + "arrived; an InvalidationSubmitted names every FilesDistributed it covers. The latency includes the "
                + "invalidation-service's coalescing window and the simulated CloudFront's completion delay.\n");
        return md.toString();
    }

    private static long pct(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static JsonNode json(String value) {
        try {
            return value == null ? JSON.nullNode() : JSON.readTree(value);
        } catch (Exception e) {
            return JSON.nullNode();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
