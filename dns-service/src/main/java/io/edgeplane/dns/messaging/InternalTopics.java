package io.edgeplane.dns.messaging;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.TenantDnsState;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.Constraints;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Writes the service's two internal topics with a producer of its own: the desired state (compacted, keyed by
 * tenant) and zone changes (keyed by hosted zone); and the tenant status events. Sends are awaited where the caller acknowledges its input
 * afterwards, so nothing is acknowledged before its effect is on the log.
 */
@ApplicationScoped
public class InternalTopics {
    private static final Logger LOG = Logger.getLogger(InternalTopics.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;
    private static final String WRITER = "edgeplane-dns-writer";

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    DnsConfig config;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    /** Marks this instance's desired-state writes, which its own reader skips without parsing them. */
    private final byte[] instance = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);

    private volatile KafkaProducer<String, byte[]> producer;
    static final long BUFFER_MEMORY = 8L * 1024 * 1024;

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
                    // Durable, ordered per key, no duplicates on retry. The lifecycle consumer does not wait per
                    // record, so a short linger packs a poll's intents into a few produce requests (the broker
                    // shares the cores); the rare blocking put waits at most this long more.
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
                    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
                    // The pool of batch buffers, allocated on the heap and kept once grown: the default 32 MB
                    // (256 x 128 KB) filled up at 100,000 tenants, an eighth of the 256 MB heap. The lifecycle
                    // consumer's in-flight bound keeps far less than this outstanding; a full pool makes send wait.
                    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, "dns-service-internal");
                    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return producer;
    }

    public CompletableFuture<RecordMetadata> sendState(TenantDnsState state) {
        return send(stateRecord(state.tenantId(), InternalJson.write(state)));
    }

    /** A tombstone: compaction forgets the tenant. */
    public CompletableFuture<RecordMetadata> deleteState(String tenantId) {
        return send(stateRecord(tenantId, null));
    }

    private ProducerRecord<String, byte[]> stateRecord(String tenantId, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.topics().desiredState(), tenantId, value);
        record.headers().add(WRITER, instance);
        return record;
    }

    /** Whether a desired-state record was written by this instance (already applied locally). */
    public boolean ownWrite(ConsumerRecord<String, byte[]> record) {
        Header writer = record.headers().lastHeader(WRITER);
        return writer != null && Arrays.equals(writer.value(), instance);
    }

    public CompletableFuture<RecordMetadata> sendZoneChange(ZoneChangeRequest request) {
        return send(new ProducerRecord<>(config.topics().zoneChanges(), request.zoneId(), InternalJson.write(request)));
    }

    /**
     * Publishes a status event (TenantDnsReady/Failed/Migrated) as a binary-mode CloudEvent with this producer:
     * at 100,000 tenants the announcement is half of the per-tenant work, and a plain send batches with the
     * intents instead of passing each event through the reactive emitter. Never emits what a consumer would
     * dead-letter (the contract is checked first).
     */
    public CompletableFuture<RecordMetadata> announce(EdgeplaneEvent data) {
        Constraints constraints = new Constraints();
        data.check(constraints);
        if (!constraints.ok()) {
            return CompletableFuture.failedFuture(new InvalidEventException(constraints.violations()));
        }
        return send(CloudEventCodec.toRecord(EventEnvelope.of("/edgeplane/" + applicationName, data)));
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        producer().send(record, (metadata, error) -> {
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
