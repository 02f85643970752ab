package io.edgeplane.dns.messaging;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.TenantDnsState;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Writes the service's two internal topics with a producer of its own: the desired state (compacted, keyed by
 * tenant) and zone changes (keyed by hosted zone). Sends are awaited where the caller acknowledges its input
 * afterwards, so nothing is acknowledged before its effect is on the log.
 */
@ApplicationScoped
public class InternalTopics {
    private static final Logger LOG = Logger.getLogger(InternalTopics.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    DnsConfig config;

    private volatile KafkaProducer<String, byte[]> producer;

    /** Client settings shared with the state reader: connection and security only, from {@code kafka.*}. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> props = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (k.equals("bootstrap.servers") || k.startsWith("security.") || k.startsWith("sasl.")
                    || k.startsWith("ssl.") || k.equals("client.dns.lookup")) {
                props.put(k, v);
            }
        });
        return props;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Map<String, Object> props = clientConfig();
                    // Durable, ordered per key, no duplicates on retry; no linger: callers wait per record.
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, "dns-service-internal");
                    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    public CompletableFuture<RecordMetadata> sendState(TenantDnsState state) {
        return send(config.topics().desiredState(), state.tenantId(), InternalJson.write(state));
    }

    /** A tombstone: compaction forgets the tenant. */
    public CompletableFuture<RecordMetadata> deleteState(String tenantId) {
        return send(config.topics().desiredState(), tenantId, null);
    }

    public CompletableFuture<RecordMetadata> sendZoneChange(ZoneChangeRequest request) {
        return send(config.topics().zoneChanges(), request.zoneId(), InternalJson.write(request));
    }

    private CompletableFuture<RecordMetadata> send(String topic, String key, byte[] value) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        producer().send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(metadata);
            }
        });
        return done;
    }

    /** Blocks until the broker acknowledged; failures surface as unchecked exceptions (transient: retried by replay). */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("internal topic write failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("internal topic write timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates missing internal topics (local stack); the desired state is compacted. */
    public void createTopicsIfMissing() {
        try (Admin admin = Admin.create(clientConfig())) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var topics = config.topics();
            NewTopic state = new NewTopic(topics.desiredState(), topics.partitions(), topics.replicationFactor())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            NewTopic changes = new NewTopic(topics.zoneChanges(), topics.partitions(), topics.replicationFactor());
            List<NewTopic> missing = List.of(state, changes).stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof("Created internal topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (Exception e) {
            LOG.warnf("Could not create internal topics: %s", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
