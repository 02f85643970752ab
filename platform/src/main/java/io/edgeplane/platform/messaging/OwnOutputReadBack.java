package io.edgeplane.platform.messaging;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidEventException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what this service itself published to its output topics, from {@code since} to their current end: the
 * memory of what was announced survives a restart with no database (issue 15: each effect announced once). Only
 * records with this service's {@code ce_source} and one of the given types count; unreadable ones are skipped.
 * Partitions are assigned directly: no consumer group, nothing committed.
 */
public final class OwnOutputReadBack {
    private OwnOutputReadBack() {
    }

    /**
     * @param kafka    the service's client settings (bootstrap servers, security); group, client id and
     *                 (de)serialiser settings are dropped
     * @param source   the ce_source the service publishes with, e.g. {@code /edgeplane/media-service}
     * @param remember takes one event; returns whether it counted
     * @return how many events counted
     * @throws IllegalStateException when the topics' end is not reached within {@code timeout}
     */
    public static int read(Map<String, Object> kafka, Collection<String> topics, String source, Instant since,
            Set<EventType> types, Duration timeout, Predicate<EdgeplaneEvent> remember) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.keySet().removeIf(k -> k.startsWith("key.") || k.startsWith("value.") || k.equals("group.id")
                || k.equals("client.id"));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        int remembered = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t, timeout).stream()
                    .map(p -> new TopicPartition(t, p.partition()))).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(times, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = start.get(p);
                consumer.seek(p, at == null ? end.get(p) : at.offset());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + topics + " not read back within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!source.equals(CloudEventCodec.header(record.headers(), CloudEventCodec.CE_SOURCE))) {
                        continue;
                    }
                    EdgeplaneEvent event;
                    try {
                        event = CloudEventCodec.decode(record.headers(), record.value(), types).data();
                    } catch (InvalidEventException e) {
                        continue;
                    }
                    if (remember.test(event)) {
                        remembered++;
                    }
                }
            }
        }
        return remembered;
    }
}
