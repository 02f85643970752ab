package io.edgeplane.media.messaging;

import io.edgeplane.events.EventType;
import io.edgeplane.platform.messaging.EventDecoder;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Thin transport edge for ImageUploaded: decode and validate, then hand over. A record that
 * breaks the contract escapes as InvalidEventException and is dead-lettered with the reason.
 */
@ApplicationScoped
public class ImageUploadedConsumer {
    private static final Logger LOG = Logger.getLogger(ImageUploadedConsumer.class);

    @Inject
    EventDecoder decoder;

    @Incoming(MediaChannels.IMAGE_UPLOADS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        var event = decoder.decode(record, EventType.IMAGE_UPLOADED);
        LOG.infof("Received %s %s for %s", event.type().ceType(), event.id(), event.key());
    }
}
