package io.edgeplane.media.messaging;

import io.edgeplane.events.EventType;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Thin transport edge for VideoUploaded: one record at a time, in order, handled by {@link UploadIntake}. */
@ApplicationScoped
public class VideoUploadedConsumer {
    @Inject
    UploadIntake intake;

    @Incoming(MediaChannels.VIDEO_UPLOADS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        intake.take(record, EventType.VIDEO_UPLOADED);
    }
}
