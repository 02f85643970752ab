package io.edgeplane.dns.messaging;

import io.edgeplane.dns.service.TenantDnsService;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.events.TenantDeprovisioned;
import io.edgeplane.events.TenantProvisioned;
import io.edgeplane.events.TenantUpdated;
import io.edgeplane.platform.aws.Backoff;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import io.edgeplane.platform.messaging.EventDecoder;

/**
 * Thin transport edge for TenantProvisioned, TenantUpdated and TenantDeprovisioned: decode and validate, then hand
 * over to {@link TenantDnsService}. A record that breaks the contract escapes as InvalidEventException and is
 * dead-lettered with the reason; anything else (broker or AWS hiccups) is retried here, because only poison may
 * reach the dead-letter topic. The record is acknowledged once the tenant's intent and zone changes are on the log.
 */
@ApplicationScoped
public class TenantLifecycleConsumer {
    private static final Logger LOG = Logger.getLogger(TenantLifecycleConsumer.class);

    @Inject
    EventDecoder decoder;

    @Inject
    TenantDnsService tenants;

    @Incoming(DnsChannels.TENANT_LIFECYCLE)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        EventEnvelope<EdgeplaneEvent> event = decoder.decode(record, EventType.TENANT_PROVISIONED,
                EventType.TENANT_UPDATED, EventType.TENANT_DEPROVISIONED);
        for (int attempt = 0;; attempt++) {
            try {
                handle(event);
                return;
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

    private void handle(EventEnvelope<EdgeplaneEvent> event) {
        switch (event.data()) {
            case TenantProvisioned p -> tenants.apply(p, p.provisionedAt(), event.id(), null, null);
            case TenantUpdated u -> tenants.apply(u, u.updatedAt(), event.id(), null, null);
            case TenantDeprovisioned d -> tenants.deprovision(d, event.id());
            default -> throw new IllegalStateException("unexpected " + event.type());
        }
    }
}
