package io.edgeplane.invalidation;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.events.EventType;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.Topics;
import io.edgeplane.testsupport.ConsumerContract;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
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
class InvalidationMessagingTest {
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
    void malformedFilesDistributedIsDeadLetteredAndTheNextEventIsConsumed() {
        ConsumerContract.malformedIsDeadLetteredAndNextIsConsumed(upstream, "invalidation-service",
                EventType.FILES_DISTRIBUTED, filesDistributed("E2MESSAGINGTEST", List.of("/data/regions.json")));
    }

    @Test
    void relativeViewerPathIsDeadLetteredNamingThePathAndRule() {
        String key = "E2BADPATHTEST1";
        upstream.publishRaw(Topics.FILES_DISTRIBUTED, key, EventsClient.ceHeaders(EventType.FILES_DISTRIBUTED), """
                {"distributionId":"%s","bucket":"edgeplane-distribution","origin":"data",
                 "changedPaths":["/ok.json","no-leading-slash.json"],"successCount":2,"failureCount":0,
                 "totalFiles":2,"changedAt":"2026-11-22T02:00:00Z"}""".formatted(key));
        var dead = ConsumerContract.awaitDeadLetter(upstream, "invalidation-service", key);
        assertThat(EventsClient.header(dead, "dead-letter-reason")).contains("changedPaths[1]", "[viewer-path]");
    }

    static FilesDistributed filesDistributed(String distributionId, List<String> paths) {
        return new FilesDistributed(distributionId, "edgeplane-distribution", "data", null, paths, List.of(), List.of(),
                paths.size(), 0, paths.size(), false, null, Instant.now(), List.of());
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
