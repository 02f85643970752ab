package io.edgeplane.dns.messaging;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.service.DnsMetrics;
import io.edgeplane.dns.service.TenantDnsService;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.events.TenantDeprovisioned;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.TenantUpdated;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.messaging.EventDecoder;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Thin transport edge for TenantProvisioned, TenantUpdated and TenantDeprovisioned: decode and validate, then hand
 * over to {@link TenantDnsService}. Records are taken a poll at a time (one batch per worker hop) and, within it, one
 * after the other (so a tenant's events stay in order: the decision of one is applied locally before the next is
 * read) but their writes are not awaited: a record is
 * acknowledged when its intent, zone changes or announcement are on the log, out of order, and the throttled
 * commit strategy commits only up to the oldest record not yet acknowledged (as the invalidation-service's
 * FilesDistributed consumer does). At most {@code edgeplane.dns.lifecycle.max-in-flight} records wait for their
 * writes (backpressure: memory stays bounded, the emitter's buffer is never overrun). A record that breaks the
 * contract is dead-lettered with the reason; anything else (broker or AWS hiccups) is retried here, because only
 * poison may reach the dead-letter topic.
 */
@ApplicationScoped
public class TenantLifecycleConsumer {
    private static final Logger LOG = Logger.getLogger(TenantLifecycleConsumer.class);

    @Inject
    EventDecoder decoder;

    @Inject
    TenantDnsService tenants;

    @Inject
    DnsConfig config;

    @Inject
    DnsMetrics metrics;

    private Semaphore inFlight;

    @PostConstruct
    void init() {
        inFlight = new Semaphore(config.lifecycle().maxInFlight());
    }

    @Incoming(DnsChannels.TENANT_LIFECYCLE)
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) throws InterruptedException {
        // One worker hop per poll, not per record; each record is still acknowledged (or dead-lettered) on its own.
        for (KafkaRecord<String, byte[]> message : batch) {
            take(message);
        }
        return CompletableFuture.completedFuture(null);
    }

    private void take(KafkaRecord<String, byte[]> message) throws InterruptedException {
        @SuppressWarnings("unchecked")
        ConsumerRecord<String, byte[]> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> (ConsumerRecord<String, byte[]>) m.getRecord())
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        EventEnvelope<EdgeplaneEvent> event;
        try {
            event = decoder.decode(record, EventType.TENANT_PROVISIONED, EventType.TENANT_UPDATED,
                    EventType.TENANT_DEPROVISIONED);
        } catch (InvalidEventException e) {
            message.nack(e);
            return;
        }
        inFlight.acquire();
        CompletableFuture<Void> durable;
        try {
            durable = handleWithRetries(event, receivedAt(record, event));
        } catch (RuntimeException | InterruptedException e) {
            inFlight.release();
            throw e;
        }
        durable.whenComplete((done, error) -> {
            inFlight.release();
            if (error != null) {
                // Not on the log: leave it unacknowledged; the commit stops here and a restart replays it.
                LOG.errorf(error, "Tenant %s: %s not durable; stays unacknowledged", event.key(), event.type().ceType());
            } else {
                message.ack();
            }
        });
    }

    /**
     * When Edgeplane received the event: the record's timestamp on the log (never later than now), from which
     * provisioning latency is measured. The payload's own time is the upstream system's clock; a difference of
     * more than a minute is reported as client clock skew (a meter and one line), not as latency.
     */
    private Instant receivedAt(ConsumerRecord<String, byte[]> record, EventEnvelope<EdgeplaneEvent> event) {
        Instant now = Instant.now();
        Instant received = record.timestamp() > 0 ? Instant.ofEpochMilli(record.timestamp()) : now;
        if (received.isAfter(now)) {
            received = now;
        }
        Instant claimed = switch (event.data()) {
            case TenantProvisioned p -> p.provisionedAt();
            case TenantUpdated u -> u.updatedAt();
            default -> null;
        };
        if (claimed != null) {
            Duration skew = Duration.between(claimed, received).abs();
            metrics.clientSkew(skew);
            if (skew.compareTo(SKEW_REPORTED) > 0) {
                LOG.infof("Tenant %s: %s says %s, received %s: client clock skew %s (latency counts from receipt)",
                        event.key(), event.type().ceType(), claimed, received, skew);
            }
        }
        return received;
    }

    private static final Duration SKEW_REPORTED = Duration.ofMinutes(1);

    private CompletableFuture<Void> handleWithRetries(EventEnvelope<EdgeplaneEvent> event, Instant receivedAt)
            throws InterruptedException {
        for (int attempt = 0;; attempt++) {
            try {
                return handle(event, receivedAt);
            } catch (InvalidEventException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= 20) {
                    throw e;
                }
                LOG.warnf("Tenant %s: %s failed (%s); retrying", event.key(), event.type().ceType(), e.getMessage());
                Thread.sleep(Backoff.DEFAULT.delay(attempt));
            }
        }
    }

    private CompletableFuture<Void> handle(EventEnvelope<EdgeplaneEvent> event, Instant receivedAt) {
        return switch (event.data()) {
            case TenantProvisioned p -> tenants.apply(p, receivedAt, event.id(), null, null);
            case TenantUpdated u -> tenants.apply(u, receivedAt, event.id(), null, null);
            case TenantDeprovisioned d -> {
                tenants.deprovision(d, event.id());
                yield CompletableFuture.completedFuture(null);
            }
            default -> throw new IllegalStateException("unexpected " + event.type());
        };
    }
}
