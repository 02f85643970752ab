package io.edgeplane.dns.messaging;

import io.edgeplane.dns.service.ZoneWriters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The internal zone-changes topic: hands each request to its zone's writer and returns at once, so the writer can
 * gather many tenants into one batch; it waits while {@code edgeplane.dns.route53.max-unsettled} messages are taken and not
 * yet settled (backpressure: a backlog of 100,000 stays on the broker, not in the heap). The message is acknowledged by the writer after INSYNC and the announcement
 * (manual acknowledgement); an unreadable request is dead-lettered.
 */
@ApplicationScoped
public class ZoneChangeConsumer {
    @Inject
    ZoneWriters writers;

    @Incoming(DnsChannels.ZONE_CHANGES)
    @Blocking(ordered = true)
    public CompletionStage<Void> consume(Message<byte[]> message) throws InterruptedException {
        ZoneChangeRequest request;
        try {
            request = InternalJson.read(message.getPayload(), ZoneChangeRequest.class);
            if (request.tenantId() == null || request.zoneId() == null || request.changes().isEmpty()) {
                throw new IllegalArgumentException("tenantId, zoneId and changes are required");
            }
        } catch (Exception e) {
            return message.nack(new IllegalArgumentException("zone change is not valid: " + e.getMessage(), e));
        }
        writers.offer(request, message);
        return CompletableFuture.completedFuture(null);
    }
}
