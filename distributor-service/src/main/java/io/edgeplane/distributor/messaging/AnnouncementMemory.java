package io.edgeplane.distributor.messaging;

import io.edgeplane.distributor.config.DistributorConfig;
import io.edgeplane.distributor.domain.Announcements;
import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.events.Topics;
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
 * The distributor's {@link Announcements}, rebuilt at start-up by reading its own output topics
 * ({@code edgeplane.files.distributed}, {@code edgeplane.deployments.promoted}) back over
 * {@code edgeplane.distributor.announced.lookback}: only events with this service's {@code ce_source}
 * count. Consumers wait for the read-back before handing a record over, so a replay after a crash is
 * recognised. Assigns partitions directly (no consumer group, nothing committed).
 */
@ApplicationScoped
public class AnnouncementMemory {
    private static final Logger LOG = Logger.getLogger(AnnouncementMemory.class);
    private static final EnumSet<EventType> OUTPUTS = EnumSet.of(EventType.FILES_DISTRIBUTED,
            EventType.DEPLOYMENT_PROMOTED, EventType.DEPLOYMENT_FAILED);

    @Inject
    DistributorConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private volatile Announcements announcements;
    private volatile CountDownLatch readBack = new CountDownLatch(1);

    /** The memory shared by data distribution and promotion; filled in place by the read-back. */
    public synchronized Announcements announcements() {
        if (announcements == null) {
            announcements = new Announcements(config.announced().events(), config.announced().items());
        }
        return announcements;
    }

    void onStart(@Observes StartupEvent start) {
        Thread.ofVirtual().name("announcements-read-back").start(this::readBack);
    }

    /** Blocks until the output topics were read back (or the read-back gave up). */
    public void awaitReadBack() {
        try {
            if (!readBack.await(config.announced().timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("Output topics not read back in time; a replayed input may be announced again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void readBack() {
        Instant since = Instant.now().minus(config.announced().lookback());
        try {
            int n = read(List.of(Topics.FILES_DISTRIBUTED, Topics.DEPLOYMENTS_PROMOTED), since);
            LOG.infof("Read back %d events this service announced in the last %s: a replayed input is announced and "
                    + "counted once", n, config.announced().lookback());
        } catch (RuntimeException e) {
            // Availability first: without the memory a replay may be announced twice, never lost.
            LOG.warnf("Output topics not read back (%s); a replayed input may be announced again", e.getMessage());
        } finally {
            readBack.countDown();
        }
    }

    /** Forgets everything and reads the output topics back again, as a restarted process would (tests). */
    public void restart() {
        readBack = new CountDownLatch(1);
        announcements().forget();
        readBack();
    }

    private int read(List<String> topics, Instant since) {
        Map<String, Object> settings = new HashMap<>(kafkaConfig);
        settings.keySet().removeIf(k -> k.startsWith("key.") || k.startsWith("value.") || k.equals("group.id")
                || k.equals("client.id"));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Duration timeout = config.announced().timeout();
        String source = "/edgeplane/" + applicationName;
        Announcements into = announcements();
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
                    throw new IllegalStateException("output topics " + topics + " not read back within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (source.equals(CloudEventCodec.header(record.headers(), CloudEventCodec.CE_SOURCE))) {
                        try {
                            into.remember(CloudEventCodec.decode(record.headers(), record.value(), OUTPUTS).data());
                            remembered++;
                        } catch (InvalidEventException e) {
                            LOG.debugf("skipping an unreadable record of %s: %s", record.topic(), e.getMessage());
                        }
                    }
                }
            }
        }
        return remembered;
    }
}
