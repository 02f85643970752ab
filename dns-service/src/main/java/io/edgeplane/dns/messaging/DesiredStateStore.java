package io.edgeplane.dns.messaging;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.TenantStates;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.TenantDnsState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The desired state of every tenant, read from the compacted desired-state topic at start-up (so it survives
 * restarts) and kept current by tailing it (so several instances see each other's tenants). Also the ownership
 * index: which tenant owns which record key. Writes go to the topic first and are applied locally once the
 * broker has them (or, asynchronously, applied at once and written in the background); the tailer skips the records
 * this instance wrote itself (marked by a header).
 */
@ApplicationScoped
public class DesiredStateStore {
    private static final Logger LOG = Logger.getLogger(DesiredStateStore.class);

    @Inject
    InternalTopics topics;

    @Inject
    DnsConfig config;

    /** Every tenant's state and the indexes over it (memory per tenant: see TenantStates). */
    private final TenantStates tenants = new TenantStates();
    private final CountDownLatch loaded = new CountDownLatch(1);
    private volatile boolean running;
    private Thread tailer;

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        tailer = Thread.ofPlatform().daemon().name("dns-desired-state").start(this::tail);
    }

    /** Blocks until the topic has been read to its end once. */
    public void awaitLoaded() {
        start();
        try {
            if (!loaded.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("desired state not loaded from " + config.topics().desiredState());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isLoaded() {
        return loaded.getCount() == 0;
    }

    public TenantDnsState get(String tenantId) {
        return tenants.get(tenantId);
    }

    public Collection<TenantDnsState> all() {
        return tenants.all();
    }

    public int size() {
        return tenants.size();
    }

    /** The tenant owning a record key (holding it, or wanting it), or null (a record nobody in Edgeplane owns). */
    public String ownerOf(RecordKey key) {
        return tenants.ownerOf(key);
    }

    /** The tenant whose hostname this is, or null. */
    public String tenantOfHostname(String fqdn) {
        return tenants.tenantOfHostname(fqdn);
    }

    /** The tenant (not failed) claiming this custom domain (any case, trailing dot or not), or null. */
    public String tenantOfCustomDomain(String domain) {
        return tenants.tenantOfCustomDomain(domain);
    }

    /**
     * A tenant other than {@code asking} whose label under {@code baseDomain} has this confusable skeleton (only
     * IDN labels with {@code idnOnly}), or null.
     */
    public String lookAlike(String baseDomain, String skeleton, boolean idnOnly, String asking) {
        return tenants.lookAlike(baseDomain, skeleton, idnOnly, asking);
    }

    private TenantDnsState compact(TenantDnsState state) {
        return tenants.compact(state);
    }

    /** Writes and waits for the broker, then applies. */
    public void put(TenantDnsState state) {
        TenantDnsState compact = compact(state);
        InternalTopics.await(topics.sendState(compact));
        apply(compact.tenantId(), compact);
    }

    /** Applies now and writes in the background; the caller waits on the future before acknowledging its input. */
    public CompletableFuture<Void> putAsync(TenantDnsState state) {
        TenantDnsState compact = compact(state);
        apply(compact.tenantId(), compact);
        return topics.sendState(compact).thenApply(written -> null);
    }

    /**
     * Applies now and writes once {@code announced} is on the log, so that a state on the topic that names its
     * causing event proves the answer to it was published (a replay of that event is answered from it, not again,
     * also after a restart). Skipped when a later state of the tenant was applied meanwhile: compaction keeps the
     * last record of a key, which must not be the older one.
     */
    public CompletableFuture<Void> putAfter(CompletableFuture<?> announced, TenantDnsState state) {
        TenantDnsState compact = compact(state);
        apply(compact.tenantId(), compact);
        // Async: the announcement completes on the producer's I/O thread, and a send from there that waits for
        // metadata or buffer space waits for itself (the first 100,000-tenant run stalled on exactly that).
        return announced.thenComposeAsync(done -> tenants.get(compact.tenantId()) != compact
                ? CompletableFuture.<Void>completedFuture(null)
                : topics.sendState(compact).thenApply(written -> null), afterAnnouncement);
    }

    private final java.util.concurrent.ExecutorService afterAnnouncement = java.util.concurrent.Executors
            .newSingleThreadExecutor(Thread.ofPlatform().daemon().name("dns-state-after-announcement").factory());

    public void delete(String tenantId) {
        InternalTopics.await(topics.deleteState(tenantId));
        apply(tenantId, null);
    }

    private void apply(String tenantId, TenantDnsState next) {
        tenants.apply(tenantId, next);
    }

    private void tail() {
        Map<String, Object> props = topics.clientConfig();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "dns-service-desired-state");
        String topic = config.topics().desiredState();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long restored = 0;
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (topics.ownWrite(record)) {
                        continue; // applied locally before it was sent
                    }
                    restored++;
                    applyRecord(record);
                }
                if (loaded.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    LOG.infof("Desired state loaded: %d tenants from %d records of %s", tenants.size(), restored, topic);
                    loaded.countDown();
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Desired-state reader stopped");
        }
    }

    private void applyRecord(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            apply(record.key(), null);
            return;
        }
        try {
            TenantDnsState state = compact(InternalJson.read(record.value(), TenantDnsState.class));
            TenantDnsState current = tenants.get(state.tenantId());
            if (current == null || current.generation() < state.generation()
                    || current.generation() == state.generation() && !state.updatedAt().isBefore(current.updatedAt())) {
                apply(state.tenantId(), state);
            }
        } catch (Exception e) {
            LOG.warnf("Skipping unreadable desired state at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        afterAnnouncement.shutdown();
    }
}
