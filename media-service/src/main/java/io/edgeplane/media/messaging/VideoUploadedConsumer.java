package io.edgeplane.media.messaging;

import io.edgeplane.events.EventType;
import io.edgeplane.events.MediaUpload;
import io.edgeplane.media.pipeline.MediaPipeline;
import io.edgeplane.platform.messaging.EventDecoder;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Thin transport edge for VideoUploaded: decode and validate, then hand over. A record that
 * breaks the contract escapes as InvalidEventException and is dead-lettered with the reason;
 * media that cannot be processed is announced as MediaFailed, not dead-lettered.
 */
@ApplicationScoped
public class VideoUploadedConsumer {
    private static final Logger LOG = Logger.getLogger(VideoUploadedConsumer.class);

    @Inject
    EventDecoder decoder;

    @Inject
    MediaPipeline pipeline;

    @Incoming(MediaChannels.VIDEO_UPLOADS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        var event = decoder.decode(record, EventType.VIDEO_UPLOADED);
        LOG.infof("Received %s %s for %s", event.type().ceType(), event.id(), event.key());
        // Returns once outputs, manifest and events are durable: only then is the record acknowledged.
        // Rejected media becomes MediaFailed, transient AWS/broker trouble is retried inside.
        pipeline.process((MediaUpload) event.data(), event.id());
    }
}
