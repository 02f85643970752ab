package io.edgeplane.media.messaging;

import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.events.MediaFailed;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.events.Topics;
import io.edgeplane.media.config.MediaConfig;
import io.edgeplane.media.domain.AnnouncedInputs;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Which uploads already have their outcome on the status topic. At start-up the service reads its own
 * MediaProcessed/MediaFailed of the last {@code edgeplane.media.announced.lookback} back from
 * {@code edgeplane.media.status} (partitions assigned directly: no group, nothing committed); the
 * consumers wait for that before their first record, so a record redelivered after a crash (its
 * outcome published, its offset not yet committed) is recognised by its ce_id.
 */
@ApplicationScoped
public class AnnouncedUploads {
    private static final Logger LOG = Logger.getLogger(AnnouncedUploads.class);
    private static final EnumSet<EventType> OUTCOMES = EnumSet.of(EventType.MEDIA_PROCESSED, EventType.MEDIA_FAILED);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    MediaConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @ConfigProperty(name = "quarkus.application.name")
    String app;

    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile AnnouncedInputs memory;

    void load(@Observes StartupEvent event) {
        Thread.ofPlatform().name("media-status-read-back").daemon().start(this::readBack);
    }

    void readBack() {
        AnnouncedInputs inputs = new AnnouncedInputs(config.announced().memory());
        Instant since = Instant.now().minus(config.announced().lookback());
        long start = System.nanoTime();
        try {
            int n = read(kafka, "/edgeplane/" + app, since, inputs);
            LOG.infof("read back %d outcomes published since %s in %d ms: a redelivered upload is announced once", n, since,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            // Availability first: without the memory a redelivery may be announced twice, never lost.
            LOG.warnf("status topic %s not read back (%s); a redelivered upload may be announced again", Topics.MEDIA_STATUS,
                    e.getMessage());
        }
        memory = inputs;
        loaded.countDown();
    }

    /** True when the outcome of upload event {@code ceId} was already published (waits for the read-back). */
    public boolean announced(String ceId) {
        return memory().contains(ceId);
    }

    /** The outcome of upload event {@code ceId} is on the status topic. */
    public void remember(String ceId) {
        memory().remember(ceId);
    }

    private AnnouncedInputs memory() {
        try {
            if (!loaded.await(2 * READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("status topic still being read back; going on without the memory of earlier outcomes");
                return new AnnouncedInputs(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the status read-back", e);
        }
        return memory;
    }

    /** Reads the outcomes {@code source} published to the status topic since {@code since} into {@code into}. */
    public static int read(Map<String, Object> kafka, String source, Instant since, AnnouncedInputs into) {
        Map<String, Object> settings = new HashMap<>();
        kafka.forEach((k, v) -> {
            // The connection and security settings only: no group, own deserialisers.
            if (!k.startsWith("key.") && !k.startsWith("value.") && !k.equals("group.id") && !k.equals("client.id")) {
                settings.put(k, v);
            }
        });
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        int found = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MEDIA_STATUS, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(query, READ_TIMEOUT);
            Map<TopicPartition, Long> to = consumer.endOffsets(partitions, READ_TIMEOUT);
            for (TopicPartition p : partitions) {
                consumer.seek(p, from.get(p) == null ? to.get(p) : from.get(p).offset());
            }
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < to.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not at the end of " + Topics.MEDIA_STATUS + " within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!source.equals(CloudEventCodec.header(record.headers(), CloudEventCodec.CE_SOURCE))) {
                        continue;
                    }
                    List<String> causes;
                    try {
                        causes = switch (CloudEventCodec.decode(record.headers(), record.value(), OUTCOMES).data()) {
                            case MediaProcessed processed -> processed.causedBy();
                            case MediaFailed failed -> failed.causedBy();
                            default -> List.of();
                        };
                    } catch (InvalidEventException e) {
                        continue;
                    }
                    causes.forEach(into::remember);
                    found++;
                }
            }
        }
        return found;
    }
}
