package io.edgeplane.testsupport.e2e;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from the beginning, in the background, into memory, as a downstream system would
 * (plain kafka-clients, no consumer group, so it never steals work from a service). Tests and the
 * load driver query what arrived so far: status events decoded, dead letters with their headers.
 */
public final class TopicRecorder implements AutoCloseable {
    /** One record as it arrived, with the time this recorder saw it. */
    public record Received(ConsumerRecord<String, byte[]> record, long seenAtMillis) {
        public String header(String name) {
            return CloudEventCodec.header(record.headers(), name);
        }

        public String ceType() {
            return header(CloudEventCodec.CE_TYPE);
        }

        public String key() {
            return record.key();
        }

        public String value() {
            return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        }

        /** The decoded event, or empty when the record is not a valid event of a known type. */
        public Optional<EventEnvelope<EdgeplaneEvent>> event() {
            String type = ceType();
            if (type == null) {
                return Optional.empty();
            }
            return EventType.ofCeType(type).flatMap(t -> {
                try {
                    return Optional.of(CloudEventCodec.decode(record.headers(), record.value(), EnumSet.of(t)));
                } catch (InvalidEventException e) {
                    return Optional.empty();
                }
            });
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, List<Received>> byTopic = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread poller;
    private volatile boolean running = true;

    public TopicRecorder(String bootstrapServers, Collection<String> topics) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            byTopic.put(topic, new CopyOnWriteArrayList<>());
            consumer.partitionsFor(topic, Duration.ofSeconds(15))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller = Thread.ofPlatform().daemon().name("topic-recorder").start(this::poll);
    }

    private void poll() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(200));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<String, byte[]> record : records) {
                    byTopic.get(record.topic()).add(new Received(record, now));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Everything received on the topic so far. */
    public List<Received> all(String topic) {
        List<Received> list = byTopic.get(topic);
        if (list == null) {
            throw new IllegalArgumentException("not recording " + topic);
        }
        return List.copyOf(list);
    }

    public List<Received> matching(String topic, Predicate<Received> match) {
        return all(topic).stream().filter(match).toList();
    }

    /** Decoded events of one type whose data matches. */
    @SuppressWarnings("unchecked")
    public <T extends EdgeplaneEvent> List<EventEnvelope<T>> events(EventType type, Predicate<T> match) {
        List<EventEnvelope<T>> out = new ArrayList<>();
        for (Received r : all(type.topic())) {
            if (!type.ceType().equals(r.ceType())) {
                continue;
            }
            r.event().ifPresent(e -> {
                if (match.test((T) e.data())) {
                    out.add((EventEnvelope<T>) (EventEnvelope<?>) e);
                }
            });
        }
        return out;
    }

    /** Received records of one type with the time they were seen (for latency). */
    public List<Received> records(EventType type) {
        return matching(type.topic(), r -> type.ceType().equals(r.ceType()));
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
