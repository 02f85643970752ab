package io.edgeplane.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.MediaFailed;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.testsupport.EventsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The upload events the flow tests publish and the status events they wait for. */
final class FlowEvents {
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private FlowEvents() {
    }

    static ImageUploaded imageUploaded(String mediaId, String owner, String bucket, String key) {
        return new ImageUploaded(mediaId, owner, bucket, key, "image/jpeg", 1L, null, Instant.now(), List.of());
    }

    /** The {@code count}-th MediaProcessed of the item. */
    static MediaProcessed awaitProcessed(EventsClient upstream, String mediaId, int count) {
        List<EventEnvelope<MediaProcessed>> events = upstream.awaitEvents(EventType.MEDIA_PROCESSED,
                p -> p.mediaId().equals(mediaId), count, TIMEOUT);
        assertThat(events).as("MediaProcessed #%d for %s", count, mediaId).hasSize(count);
        return events.getLast().data();
    }

    static MediaFailed awaitFailed(EventsClient upstream, String mediaId) {
        List<EventEnvelope<MediaFailed>> events = upstream.awaitEvents(EventType.MEDIA_FAILED,
                p -> p.mediaId().equals(mediaId), 1, TIMEOUT);
        assertThat(events).as("MediaFailed for %s", mediaId).hasSize(1);
        return events.getFirst().data();
    }
}
