package io.edgeplane.media.messaging;

import io.edgeplane.events.EventType;
import io.edgeplane.events.MediaUpload;
import io.edgeplane.media.pipeline.MediaPipeline;
import io.edgeplane.platform.messaging.EventDecoder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * What both upload channels do with a record: decode and validate it (a record that breaks the
 * contract escapes as InvalidEventException and is dead-lettered with the reason), skip it when its
 * outcome is already on the status topic (a duplicate delivery or a redelivery after a crash: announced
 * and counted once), else hand it to the pipeline. Media that cannot be processed is announced as
 * MediaFailed, not dead-lettered.
 */
@ApplicationScoped
public class UploadIntake {
    private static final Logger LOG = Logger.getLogger(UploadIntake.class);

    @Inject
    EventDecoder decoder;

    @Inject
    MediaPipeline pipeline;

    @Inject
    AnnouncedUploads announced;

    void take(ConsumerRecord<String, byte[]> record, EventType type) {
        var event = decoder.decode(record, type);
        if (announced.announced(event.id())) {
            LOG.infof("%s %s for %s was already answered; redelivery acknowledged, nothing announced again",
                    event.type().ceType(), event.id(), event.key());
            return;
        }
        LOG.infof("Received %s %s for %s", event.type().ceType(), event.id(), event.key());
        // Returns once outputs, manifest and events are durable: only then is the record acknowledged.
        // Rejected media becomes MediaFailed, transient AWS/broker trouble is retried inside.
        pipeline.process((MediaUpload) event.data(), event.id());
        announced.remember(event.id());
    }
}
