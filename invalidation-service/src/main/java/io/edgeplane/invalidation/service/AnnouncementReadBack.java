package io.edgeplane.invalidation.service;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.events.InvalidationCompleted;
import io.edgeplane.events.InvalidationFailed;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.invalidation.domain.Announcements;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the service's own status topic back from {@code since} to its end, into {@link Announcements}:
 * the memory of what was announced survives a restart with no database. Only events this service
 * published ({@code ce_source}) count. Assigns partitions directly (no consumer group, nothing committed).
 */
public final class AnnouncementReadBack {
    private static final EnumSet<EventType> STATUS = EnumSet.of(EventType.INVALIDATION_SUBMITTED,
            EventType.INVALIDATION_COMPLETED, EventType.INVALIDATION_FAILED);

    private AnnouncementReadBack() {
    }

    /**
     * @param kafka  client settings (bootstrap servers, security); deserialisers and commits are set here
     * @param source the ce_source this service publishes with, e.g. {@code /edgeplane/invalidation-service}
     * @return the number of status events remembered
     */
    public static int read(Map<String, Object> kafka, String topic, String source, Instant since, Announcements into,
            Duration timeout) {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.keySet().removeIf(k -> k.startsWith("key.") || k.startsWith("value.") || k.equals("group.id")
                || k.equals("client.id"));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        int remembered = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
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
                    throw new IllegalStateException("status topic " + topic + " not read back within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (remember(record, source, into)) {
                        remembered++;
                    }
                }
            }
        }
        return remembered;
    }

    private static boolean remember(ConsumerRecord<String, byte[]> record, String source, Announcements into) {
        if (!source.equals(CloudEventCodec.header(record.headers(), CloudEventCodec.CE_SOURCE))) {
            return false;
        }
        EventEnvelope<EdgeplaneEvent> event;
        try {
            event = CloudEventCodec.decode(record.headers(), record.value(), STATUS);
        } catch (InvalidEventException e) {
            return false;
        }
        switch (event.data()) {
            case InvalidationSubmitted s -> into.rememberSubmitted(s.invalidationId(), s.causedBy());
            case InvalidationCompleted c -> into.rememberCompleted(c.invalidationId(), c.causedBy());
            case InvalidationFailed f when f.invalidationId() == null -> into.rememberRefusal(f.causedBy());
            default -> {
                return false;
            }
        }
        return true;
    }
}
