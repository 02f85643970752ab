package io.edgeplane.testsupport;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
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

/**
 * Publishes and reads binary-mode CloudEvents with plain {@code kafka-clients}, as an upstream
 * system would: no Quarkus, no SmallRye.
 */
public final class EventsClient implements AutoCloseable {
    public static final String SOURCE = "/tests/upstream";
    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;

    public EventsClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    public static EventsClient forTestBroker() {
        return new EventsClient(TestEnvironment.kafkaBootstrapServers());
    }

    /** Publishes a well-formed event, waiting for the broker's acknowledgement. Returns its envelope. */
    public <T extends EdgeplaneEvent> EventEnvelope<T> publish(T data) {
        return publishAs(SOURCE, data);
    }

    /** Publishes as another upstream system ({@code ce_source}), e.g. one a topic's allow-list names. */
    public <T extends EdgeplaneEvent> EventEnvelope<T> publishAs(String source, T data) {
        EventEnvelope<T> envelope = EventEnvelope.of(source, data);
        send(CloudEventCodec.toRecord(envelope));
        return envelope;
    }

    /** Publishes raw bytes with the given headers, as a misbehaving producer might. */
    public RecordMetadata publishRaw(String topic, String key, Map<String, String> headers, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        return send(record);
    }

    public RecordMetadata publishRaw(String topic, String key, Map<String, String> headers, String value) {
        return publishRaw(topic, key, headers, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** Binary-mode CloudEvents headers for {@code type} with a fresh id. */
    public static Map<String, String> ceHeaders(EventType type) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventCodec.CE_SPECVERSION, CloudEventCodec.SPEC_VERSION);
        headers.put(CloudEventCodec.CE_ID, UUID.randomUUID().toString());
        headers.put(CloudEventCodec.CE_SOURCE, SOURCE);
        headers.put(CloudEventCodec.CE_TYPE, type.ceType());
        headers.put(CloudEventCodec.CE_TIME, Instant.now().toString());
        headers.put(CloudEventCodec.CONTENT_TYPE, CloudEventCodec.JSON);
        return headers;
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("publish to " + record.topic() + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads {@code topic} from the beginning until {@code count} records match or the timeout
     * passes; returns the matching records (fewer than {@code count} on timeout).
     */
    public List<ConsumerRecord<String, byte[]>> await(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
            int count, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> matched = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (matched.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        matched.add(record);
                    }
                }
            }
            return matched;
        }
    }

    /** Like {@link #await} for well-formed events of one type whose data matches. */
    @SuppressWarnings("unchecked")
    public <T extends EdgeplaneEvent> List<EventEnvelope<T>> awaitEvents(EventType type, Predicate<T> match, int count,
            Duration timeout) {
        List<EventEnvelope<T>> events = new ArrayList<>();
        await(type.topic(), record -> {
            if (!type.ceType().equals(CloudEventCodec.header(record.headers(), CloudEventCodec.CE_TYPE))) {
                return false;
            }
            EventEnvelope<T> event;
            try {
                event = (EventEnvelope<T>) (EventEnvelope<?>) CloudEventCodec.decode(record.headers(), record.value(),
                        EnumSet.of(type));
            } catch (io.edgeplane.events.InvalidEventException e) {
                return false; // an input topic also holds what upstream systems got wrong (the bad-input corpus)
            }
            if (match.test(event.data())) {
                events.add(event);
                return true;
            }
            return false;
        }, count, timeout);
        return events;
    }

    /** Dead-lettered records of a service whose original key matches. */
    public List<ConsumerRecord<String, byte[]>> awaitDeadLetters(String service, Predicate<ConsumerRecord<String, byte[]>> match,
            int count, Duration timeout) {
        return await(io.edgeplane.events.Topics.deadLetter(service), match, count, timeout);
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        return CloudEventCodec.header(record.headers(), name);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
