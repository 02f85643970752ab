package io.edgeplane.bench.deployment;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.Topics;
import io.edgeplane.testsupport.e2e.EdgeplaneStack;
import io.edgeplane.testsupport.e2e.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 22 item 3: a 100,000-file build promoted through the <b>packaged distributor-service</b>, run as
 * its own process by the e2e harness (local profile, the harness's JVM options), on the real broker,
 * against the local stack's S3 endpoint ({@link PromotionRssEndpoint}; {@code --s3 transient}: the tests'
 * in-memory S3Proxy with a heap large enough for the builds and the served copy). DeploymentCompleted
 * for b1 (everything new), then b2 (a share of the files changed): wall time, objects copied, paths
 * reported, how many FilesDistributed and their largest data size, and the process's RSS sampled every
 * 500 ms plus its peak (VmHWM from /proc).
 *
 * <p>Usage (after {@code ./mvnw -pl distributor-service package}): {@code PromotionRss [--files 100000]
 * [--changed-percent 5] [--size 256] [--s3 local|transient] [--s3-heap 512m] [--rounds 2] [--out results.md]}
 */
public final class PromotionRss {
    static final String SOURCE = "edgeplane-source";
    static final String DIST = "edgeplane-distribution";
    static final String TENANT = "rss";

    record Step(String build, int copied, int deleted, int paths, int events, int largestEventBytes, double wallSeconds,
            long rssAfterKb, long peakKb) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int files = Integer.parseInt(opts.getOrDefault("files", "100000"));
        int changedPercent = Integer.parseInt(opts.getOrDefault("changed-percent", "5"));
        int size = Integer.parseInt(opts.getOrDefault("size", "256"));
        String store = opts.getOrDefault("s3", "local");
        String heap = opts.getOrDefault("s3-heap", store.equals("local") ? "512m" : "4g");
        int changed = files * changedPercent / 100;
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "2"));
        String builds = "tenants/" + TENANT + "/builds/";

        String loadAtStart = loadAverage();
        List<Step> steps = new ArrayList<>();
        long rssStartKb;
        String jvmOptions = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 (the e2e harness's defaults)";
        // local (default): the local stack's filesystem store with its sorted listing; transient: the tests' S3Proxy
        // store, whose listing walks the whole bucket per page (100,000 files do not finish listing there).
        AutoCloseable endpointProcess;
        java.net.URI endpointUri;
        if (store.equals("local")) {
            PromotionRssEndpoint local = PromotionRssEndpoint.start(heap);
            endpointProcess = local;
            endpointUri = local.endpoint();
        } else {
            BenchS3Endpoint bench = BenchS3Endpoint.start(heap);
            endpointProcess = bench;
            endpointUri = bench.endpoint();
        }
        try (AutoCloseable endpoint = endpointProcess; S3Client s3 = client(endpointUri)) {
            for (String bucket : List.of(SOURCE, DIST)) {
                s3.createBucket(r -> r.bucket(bucket));
            }
            long seedStart = System.nanoTime();
            PromotionBench.upload(s3, SOURCE, builds + "b1/", PromotionBench.site(files, size, 0, 0));
            PromotionBench.upload(s3, SOURCE, builds + "b2/", PromotionBench.site(files, size, changed, 1));
            System.out.printf(Locale.ROOT, "seeded 2 x %d files in %.1f s%n", files, (System.nanoTime() - seedStart) / 1e9);

            EdgeplaneStack.Builder builder = EdgeplaneStack.builder().only(List.of("distributor-service"))
                    .snapshotApps(true)
                    .property("distributor-service", "edgeplane.aws.endpoint-override.s3", endpointUri.toString())
                    .property("distributor-service", "edgeplane.aws.credentials.access-key-id", "edgeplane-bench")
                    .property("distributor-service", "edgeplane.aws.credentials.secret-access-key", "edgeplane-bench-secret");
            try (EdgeplaneStack stack = builder.start();
                    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
                            "all"), new StringSerializer(), new ByteArraySerializer());
                    KafkaConsumer<String, byte[]> answers = new KafkaConsumer<>(Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                            ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(),
                            new ByteArrayDeserializer())) {
                ServiceProcess distributor = stack.service("distributor-service");
                answers.subscribe(List.of(Topics.DEPLOYMENTS_PROMOTED, Topics.FILES_DISTRIBUTED));
                while (answers.assignment().isEmpty()) {
                    answers.poll(Duration.ofMillis(100));
                }
                answers.seekToEnd(answers.assignment());
                answers.assignment().forEach(answers::position);
                rssStartKb = status(distributor.pid(), "VmRSS");
                System.out.printf(Locale.ROOT, "distributor started: RSS %d MB%n", rssStartKb / 1024);
                // b1, b2, then b1 and b2 in turn (each a new deployment copying the changed share back and forth):
                // whether memory grows from one promotion to the next, as ten promotions in the fleet run suggested
                for (int round = 0; round < rounds; round++) {
                    String build = round % 2 == 0 ? "b1" : "b2";
                    steps.add(promote(producer, answers, distributor.pid(), build, builds + build + "/"));
                    Step s = steps.getLast();
                    System.out.printf(Locale.ROOT, "%s: %d copied, %d paths in %d events (largest %d B), %.1f s, "
                            + "RSS %d MB, peak %d MB%n", build, s.copied(), s.paths(), s.events(), s.largestEventBytes(),
                            s.wallSeconds(), s.rssAfterKb() / 1024, s.peakKb() / 1024);
                }
            }
        }
        String s3Description = store.equals("local")
                ? "the local stack's endpoint (S3Proxy filesystem-nio2 behind io.edgeplane.local.s3.LocalS3Endpoint, "
                        + "sorted directory listing) with a " + heap + " heap"
                : "S3Proxy (transient store) with a " + heap + " heap";
        String report = render(files, changedPercent, size, s3Description, jvmOptions, rssStartKb, steps, args, loadAtStart);
        System.out.println(report);
        Path out = Path.of(opts.getOrDefault("out", "bench/results/deployment-promotion-rss.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.exit(0); // the in-JVM broker's threads
    }

    private static Step promote(KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> answers, long pid,
            String build, String prefix) throws Exception {
        DeploymentCompleted completed = new DeploymentCompleted("rss-" + build + "-" + UUID.randomUUID().toString()
                .substring(0, 6), TENANT, null, build, SOURCE, prefix, "E1EDGEPLANE0001", build, DeploymentMode.COPY,
                Instant.now(), List.of());
        EventEnvelope<DeploymentCompleted> envelope = EventEnvelope.of("/ci", completed);
        long start = System.nanoTime();
        producer.send(CloudEventCodec.toRecord(envelope)).get();
        int events = 0;
        int paths = 0;
        int largest = 0;
        long peak = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            peak = Math.max(peak, status(pid, "VmRSS"));
            for (ConsumerRecord<String, byte[]> r : answers.poll(Duration.ofMillis(500))) {
                EdgeplaneEvent event = CloudEventCodec.decode(r.headers(), r.value(),
                        EnumSet.of(EventType.FILES_DISTRIBUTED, EventType.DEPLOYMENT_PROMOTED, EventType.DEPLOYMENT_FAILED))
                        .data();
                switch (event) {
                    case FilesDistributed fd when fd.causedBy().contains(envelope.id()) -> {
                        events++;
                        paths += fd.changedPaths().size();
                        largest = Math.max(largest, r.value().length);
                    }
                    case DeploymentPromoted p when p.deploymentId().equals(completed.deploymentId()) -> {
                        double wall = (System.nanoTime() - start) / 1e9;
                        return new Step(build, p.filesCopied(), p.filesDeleted(), paths, events, largest, wall,
                                status(pid, "VmRSS"), Math.max(peak, status(pid, "VmHWM")));
                    }
                    case io.edgeplane.events.DeploymentFailed f when f.deploymentId().equals(completed.deploymentId()) ->
                        throw new IllegalStateException("promotion of " + build + " failed: " + f.rule() + " " + f.message());
                    default -> {
                    }
                }
            }
        }
        throw new IllegalStateException("no DeploymentPromoted for " + build + " within 30 min");
    }

    static S3Client client(java.net.URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(PromotionRssEndpoint.IDENTITY,
                                PromotionRssEndpoint.CREDENTIAL)))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }

    /** A line of /proc/<pid>/status in kB (VmRSS now, VmHWM peak). */
    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return 0;
    }

    private static String render(int files, int changedPercent, int size, String s3Description, String jvmOptions,
            long rssStartKb, List<Step> steps, String[] args, String loadAtStart) {
        StringBuilder rows = new StringBuilder();
        for (Step s : steps) {
            rows.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f | %d | %d |%n", s.build(),
                    s.copied(), s.deleted(), s.paths(), s.events(), s.largestEventBytes(), s.wallSeconds(),
                    s.rssAfterKb() / 1024, s.peakKb() / 1024));
        }
        long peak = steps.stream().mapToLong(Step::peakKb).max().orElse(0);
        return """
                # deployment.PromotionRss - a %,d-file build through the packaged distributor

                - command: `PromotionRss %s` (bench classpath, see bench/README.md)
                - date: %s; JDK %s; 2 cores shared with other builds (load average at start: %s)
                - the packaged distributor-service (`target/quarkus-app`, local profile) as its own process via the e2e \
                harness, JVM options %s; S3: %s on loopback; broker: in-JVM KRaft
                - builds: %,d files of %d bytes (HTML, content-hashed JS, images, JSON, fonts) under \
                `tenants/rss/builds/b1/` and `b2/`; b2 differs in %d %% of the files (HTML, images, JSON)
                - b1 is the first deployment (every file new: nothing to forget, no FilesDistributed); b2 is promoted \
                over it (the changed files copied and reported); with `--rounds` above 2, b1 and b2 again in turn, each a \
                new deployment that copies and reports the changed share
                - RSS sampled every 500 ms while a promotion runs; peak = the process's VmHWM

                **Peak RSS: %d MB** (goal <= 300 MB); RSS after start-up %d MB.

                | build | copied | deleted | paths reported | FilesDistributed | largest event B | wall s | RSS after MB | peak RSS MB |
                |---|---|---|---|---|---|---|---|---|
                %s""".formatted(files, String.join(" ", args),
                DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)),
                System.getProperty("java.version"), loadAtStart + "; at the end: " + loadAverage(), jvmOptions, s3Description, files,
                size, changedPercent,
                peak / 1024, rssStartKb / 1024, rows);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
