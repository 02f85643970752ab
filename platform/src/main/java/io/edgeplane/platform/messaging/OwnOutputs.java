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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * What this service published to its output topics — by any of its replicas — read back from {@code since} and then
 * followed for as long as the process runs. It is the memory behind "each effect announced once" without a database:
 * read back, it survives a restart; followed, it is shared by the replicas, so a replica that takes over a killed
 * one's partitions knows what that replica announced before it died (it replays the inputs whose offsets were not
 * yet committed). Only records with the service's {@code ce_source} and one of the given types count; unreadable
 * ones are skipped. Partitions are assigned directly: no consumer group, nothing committed.
 */
public final class OwnOutputs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OwnOutputs.class);

    private final String name;
    private final Map<String, Object> settings;
    private final List<String> topics;
    private final String source;
    private final Instant since;
    private final Set<EventType> types;
    private final Duration timeout;
    private final Consumer<EdgeplaneEvent> remember;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicLong remembered = new AtomicLong();
    private volatile boolean open = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;

    private OwnOutputs(String name, Map<String, Object> kafka, Collection<String> topics, String source, Instant since,
            Set<EventType> types, Duration timeout, Consumer<EdgeplaneEvent> remember) {
        this.name = name;
        this.settings = new HashMap<>(kafka);
        settings.keySet().removeIf(k -> k.startsWith("key.") || k.startsWith("value.") || k.equals("group.id")
                || k.equals("client.id"));
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.topics = List.copyOf(topics);
        this.source = source;
        this.since = since;
        this.types = Set.copyOf(types);
        this.timeout = timeout;
        this.remember = remember;
        this.thread = Thread.ofPlatform().daemon().name(name + "-own-outputs").unstarted(this::run);
    }

    /**
     * Starts reading the topics back from {@code since} on a thread of its own, then follows them.
     *
     * @param kafka    the service's client settings (bootstrap servers, security); group, client id and
     *                 (de)serialiser settings are dropped
     * @param source   the ce_source the service publishes with, e.g. {@code /edgeplane/media-service}
     * @param timeout  how long the read-back to the topics' current end may take before the service goes on
     *                 without it (availability first: a replay may then be announced twice, never lost)
     * @param remember takes one event; called on the reading thread, so it must be thread-safe
     */
    public static OwnOutputs follow(String name, Map<String, Object> kafka, Collection<String> topics, String source,
            Instant since, Set<EventType> types, Duration timeout, Consumer<EdgeplaneEvent> remember) {
        OwnOutputs outputs = new OwnOutputs(name, kafka, topics, source, since, types, timeout, remember);
        outputs.thread.start();
        return outputs;
    }

    /** Waits until the topics were read back to the end they had at the start (or the read-back gave up). */
    public boolean awaitCaughtUp(Duration wait) throws InterruptedException {
        return caughtUp.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Events remembered so far (read back and followed). */
    public long remembered() {
        return remembered.get();
    }

    private void run() {
        Instant from = since;
        while (open) {
            try {
                follow(from);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (caughtUp.getCount() > 0) {
                    LOG.warnf("%s: output topics %s not read back (%s); a replayed input may be announced again", name,
                            topics, e.getMessage());
                    caughtUp.countDown();
                } else {
                    LOG.warnf("%s: following output topics %s failed (%s); starting again", name, topics,
                            e.getMessage());
                }
                // Read again from a little before the failure: remembering an event twice is harmless.
                from = Instant.now().minus(Duration.ofMinutes(1));
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void follow(Instant from) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (!open) {
                return;
            }
            List<TopicPartition> partitions = topics.stream().flatMap(t -> c.partitionsFor(t, timeout).stream()
                    .map(p -> new TopicPartition(t, p.partition()))).toList();
            c.assign(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = c.offsetsForTimes(times, timeout);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = start.get(p);
                c.seek(p, at == null ? end.get(p) : at.offset());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (open) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                    take(record);
                }
                if (caughtUp.getCount() > 0) {
                    if (partitions.stream().allMatch(p -> c.position(p) >= end.get(p))) {
                        LOG.infof("%s: read back %d events this service announced since %s; following its output "
                                + "topics %s", name, remembered.get(), from, topics);
                        caughtUp.countDown();
                    } else if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("output topics " + topics + " not read back within " + timeout);
                    }
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        if (!source.equals(CloudEventCodec.header(record.headers(), CloudEventCodec.CE_SOURCE))) {
            return;
        }
        EdgeplaneEvent event;
        try {
            event = CloudEventCodec.decode(record.headers(), record.value(), types).data();
        } catch (InvalidEventException e) {
            LOG.debugf("%s: skipping an unreadable record of %s: %s", name, record.topic(), e.getMessage());
            return;
        }
        remember.accept(event);
        remembered.incrementAndGet();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops following. */
    @Override
    public void close() {
        open = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
