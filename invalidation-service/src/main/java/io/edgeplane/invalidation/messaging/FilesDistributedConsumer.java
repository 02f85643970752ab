package io.edgeplane.invalidation.messaging;

import io.edgeplane.events.EventType;
import io.edgeplane.platform.messaging.EventDecoder;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Thin transport edge for FilesDistributed: decode and validate, then hand over. A record that
 * breaks the contract escapes as InvalidEventException and is dead-lettered with the reason.
 */
@ApplicationScoped
public class FilesDistributedConsumer {
    private static final Logger LOG = Logger.getLogger(FilesDistributedConsumer.class);

    @Inject
    EventDecoder decoder;

    @Incoming(InvalidationChannels.FILES_DISTRIBUTED)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        var event = decoder.decode(record, EventType.FILES_DISTRIBUTED);
        LOG.infof("Received %s %s for %s", event.type().ceType(), event.id(), event.key());
    }
}
