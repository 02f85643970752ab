package io.edgeplane.local;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.events.Topics;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The local stack's command line: publish CloudEvents as an upstream system would, read topics and
 * dead letters, create topics and buckets, inspect objects. Reads KAFKA_BOOTSTRAP, S3_ENDPOINT,
 * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment.
 */
public final class EdgeplaneCli {
    private static final String USAGE = """
            usage:
              publish <ce-type> '<json data>'        validate and publish a binary-mode CloudEvent
              publish-raw <topic> <key> '<body>' [ce-type]   publish as-is (to show how bad input is handled)
              events <topic> [max]                   print the last events on a topic
              dlq <service> [max]                    print a service's dead letters with their reasons
              topics create | list                   create every Edgeplane topic (and local/topics.d/*.txt) | list them
              s3 mb <bucket>...                      create buckets
              s3 ls <bucket> [prefix]                list objects
              s3 head <bucket> <key>                 print an object's headers and metadata
              s3 put <bucket> <key> <file> [content-type]   upload a file
            """;

    private final String bootstrap = env("KAFKA_BOOTSTRAP", "127.0.0.1:19092");

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        System.exit(new EdgeplaneCli().run(args));
    }

    int run(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "publish" -> publish(rest);
            case "publish-raw" -> publishRaw(rest);
            case "events" -> events(rest);
            case "dlq" -> deadLetters(rest);
            case "topics" -> topics(rest);
            case "s3" -> s3(rest);
            default -> {
                System.err.print(USAGE);
                yield 2;
            }
        };
    }

    private int publish(String[] args) throws Exception {
        require(args, 2, "publish <ce-type> '<json data>'");
        EventType type = EventType.ofCeType(args[0]).orElse(null);
        if (type == null) {
            System.err.println("unknown event type '" + args[0] + "'; known: "
                    + Arrays.stream(EventType.values()).map(EventType::ceType).toList());
            return 2;
        }
        EdgeplaneEvent data;
        try {
            data = CloudEventCodec.decodeData(type, args[1].getBytes(StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            System.err.println("not published, the event breaks its contract:");
            e.violations().forEach(v -> System.err.println("  " + v));
            return 2;
        }
        EventEnvelope<EdgeplaneEvent> envelope = EventEnvelope.of("/edgeplane/cli", data);
        RecordMetadata sent = send(CloudEventCodec.toRecord(envelope));
        System.out.printf("published %s id=%s key=%s -> %s[%d]@%d%n", type.ceType(), envelope.id(), envelope.key(),
                sent.topic(), sent.partition(), sent.offset());
        return 0;
    }

    private int publishRaw(String[] args) throws Exception {
        require(args, 3, "publish-raw <topic> <key> '<body>' [ce-type]");
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(args[0], args[1],
                args[2].getBytes(StandardCharsets.UTF_8));
        if (args.length > 3) {
            record.headers().add(CloudEventCodec.CE_SPECVERSION, "1.0".getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventCodec.CE_ID, java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventCodec.CE_SOURCE, "/edgeplane/cli".getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventCodec.CE_TYPE, args[3].getBytes(StandardCharsets.UTF_8));
            record.headers().add(CloudEventCodec.CONTENT_TYPE, CloudEventCodec.JSON.getBytes(StandardCharsets.UTF_8));
        }
        RecordMetadata sent = send(record);
        System.out.printf("published raw record key=%s -> %s[%d]@%d%n", args[1], sent.topic(), sent.partition(),
                sent.offset());
        return 0;
    }

    private int events(String[] args) {
        require(args, 1, "events <topic> [max]");
        int max = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<ConsumerRecord<String, byte[]>> records = readAll(args[0]);
        for (ConsumerRecord<String, byte[]> r : records.subList(Math.max(0, records.size() - max), records.size())) {
            String type = CloudEventCodec.header(r.headers(), CloudEventCodec.CE_TYPE);
            System.out.printf("%s %-40s key=%-24s %s%n", Instant.ofEpochMilli(r.timestamp()), type, r.key(),
                    abbreviate(new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8), 400));
        }
        System.out.printf("(%d of %d records on %s)%n", Math.min(max, records.size()), records.size(), args[0]);
        return 0;
    }

    private int deadLetters(String[] args) {
        require(args, 1, "dlq <service> [max]");
        int max = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String topic = Topics.deadLetter(args[0]);
        List<ConsumerRecord<String, byte[]>> records = readAll(topic);
        for (ConsumerRecord<String, byte[]> r : records.subList(Math.max(0, records.size() - max), records.size())) {
            System.out.printf("key=%s from %s: %s%n", r.key(),
                    CloudEventCodec.header(r.headers(), "dead-letter-topic"),
                    CloudEventCodec.header(r.headers(), "dead-letter-reason"));
        }
        System.out.printf("(%d dead letters on %s)%n", records.size(), topic);
        return 0;
    }

    private int topics(String[] args) throws Exception {
        require(args, 1, "topics create | list");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (args[0].equals("list")) {
                Set<String> names = admin.listTopics().names().get();
                new TreeMap<>(admin.describeTopics(names).allTopicNames().get()).forEach((name, d) ->
                        System.out.printf("  %-40s %d partitions%n", name, d.partitions().size()));
                return 0;
            }
            Map<String, NewTopic> wanted = new LinkedHashMap<>();
            for (String topic : edgeplaneTopics()) {
                wanted.put(topic, new NewTopic(topic, 3, (short) 1));
            }
            for (NewTopic extra : extraTopics()) {
                wanted.put(extra.name(), extra);
            }
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = wanted.values().stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            System.out.printf("%d topics ready (%d created)%n", wanted.size(), missing.size());
            return 0;
        }
    }

    private int s3(String[] args) throws IOException {
        require(args, 1, "s3 mb|ls|head|put ...");
        try (S3Client s3 = s3Client()) {
            switch (args[0]) {
                case "mb" -> {
                    for (String bucket : Arrays.copyOfRange(args, 1, args.length)) {
                        try {
                            s3.createBucket(b -> b.bucket(bucket));
                        } catch (BucketAlreadyOwnedByYouException ignored) {
                            // already there
                        }
                    }
                }
                case "ls" -> {
                    require(args, 2, "s3 ls <bucket> [prefix]");
                    String prefix = args.length > 2 ? args[2] : "";
                    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(args[1]).prefix(prefix)).contents()) {
                        System.out.printf("%10d  %s  %s%n", o.size(), o.lastModified(), o.key());
                    }
                }
                case "head" -> {
                    require(args, 3, "s3 head <bucket> <key>");
                    HeadObjectResponse head = s3.headObject(b -> b.bucket(args[1]).key(args[2]));
                    System.out.printf("s3://%s/%s%n", args[1], args[2]);
                    System.out.printf("  Content-Type:   %s%n  Cache-Control:  %s%n  Content-Length: %d%n  ETag:           %s%n",
                            head.contentType(), head.cacheControl(), head.contentLength(), head.eTag());
                    new TreeMap<>(head.metadata()).forEach((k, v) -> System.out.printf("  x-amz-meta-%s: %s%n", k, v));
                }
                case "put" -> {
                    require(args, 4, "s3 put <bucket> <key> <file> [content-type]");
                    s3.putObject(b -> b.bucket(args[1]).key(args[2])
                            .contentType(args.length > 4 ? args[4] : "application/octet-stream"),
                            RequestBody.fromFile(Path.of(args[3])));
                    System.out.printf("put s3://%s/%s%n", args[1], args[2]);
                }
                default -> {
                    System.err.print(USAGE);
                    return 2;
                }
            }
        }
        return 0;
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
            return records;
        }
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record) throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(record).get();
        }
    }

    /** Every public topic constant, and every service's dead-letter topic. */
    static List<String> edgeplaneTopics() {
        List<String> topics = new ArrayList<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (String service : List.of("fetcher-service", "distributor-service", "invalidation-service", "dns-service",
                "media-service")) {
            topics.add(Topics.deadLetter(service));
        }
        return topics;
    }

    /** Internal topics services declare in local/topics.d/*.txt: {@code name [partitions] [compact]} per line. */
    private static List<NewTopic> extraTopics() throws IOException {
        Path dir = Path.of(env("EDGEPLANE_HOME", "."), "local", "topics.d");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<NewTopic> topics = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    String trimmed = line.strip();
                    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                        continue;
                    }
                    String[] parts = trimmed.split("\\s+");
                    NewTopic topic = new NewTopic(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 3, (short) 1);
                    if (parts.length > 2 && parts[2].equals("compact")) {
                        topic.configs(Map.of("cleanup.policy", "compact"));
                    }
                    topics.add(topic);
                }
            }
        }
        return topics;
    }

    private static S3Client s3Client() {
        return S3Client.builder()
                .endpointOverride(URI.create(env("S3_ENDPOINT", "http://127.0.0.1:19000")))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        env("AWS_ACCESS_KEY_ID", "edgeplane-local"), env("AWS_SECRET_ACCESS_KEY", "edgeplane-local-secret"))))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static void require(String[] args, int count, String usage) {
        if (args.length < count) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
