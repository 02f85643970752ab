package io.edgeplane.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.EventType;
import io.edgeplane.events.ImageUploaded;
import io.edgeplane.events.Topics;
import io.edgeplane.events.VideoUploaded;
import io.edgeplane.testsupport.ConsumerContract;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;

@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
@WithTestResource(SigningKeyTestResource.class)
class MediaMessagingTest {
    private static EventsClient upstream;

    @BeforeAll
    static void connect() {
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        upstream.close();
    }

    @Test
    void malformedImageUploadIsDeadLetteredAndTheNextEventIsConsumed() {
        ConsumerContract.malformedIsDeadLetteredAndNextIsConsumed(upstream, "media-service", EventType.IMAGE_UPLOADED,
                new ImageUploaded("img-contract", "user-1", "edgeplane-uploads", "uploads/user-1/2026/11/22/a.jpg",
                        "image/jpeg", 1_024L, null, Instant.now(), List.of()));
    }

    @Test
    void malformedVideoUploadIsDeadLetteredAndTheNextEventIsConsumed() {
        ConsumerContract.malformedIsDeadLetteredAndNextIsConsumed(upstream, "media-service", EventType.VIDEO_UPLOADED,
                new VideoUploaded("vid-contract", "user-1", "edgeplane-uploads", "uploads/user-1/2026/11/22/a.mp4",
                        "video/mp4", 1_024L, null, Instant.now(), List.of()));
    }

    @Test
    void hugeVideoClaimIsDeadLetteredNamingTheLimit() {
        upstream.publishRaw(Topics.MEDIA_VIDEOS_UPLOADED, "vid-huge", EventsClient.ceHeaders(EventType.VIDEO_UPLOADED), """
                {"mediaId":"vid-huge","ownerId":"u1","bucket":"edgeplane-uploads","key":"uploads/u1/x.mp4",
                 "contentType":"video/mp4","sizeBytes":999999999999999,"uploadedAt":"2026-11-22T02:00:00Z"}""");
        assertThat(EventsClient.header(ConsumerContract.awaitDeadLetter(upstream, "media-service", "vid-huge"),
                "dead-letter-reason")).contains("sizeBytes", "[max-size]");
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
