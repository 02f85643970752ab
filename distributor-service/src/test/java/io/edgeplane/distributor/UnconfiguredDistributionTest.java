package io.edgeplane.distributor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.edgeplane.events.DataFetched;
import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentFailed;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;
import org.junit.jupiter.api.AfterAll;

/**
 * Without a distribution bucket the distributor skips, and says so: log, metric, event. Without a builds
 * bucket (production must set {@code edgeplane.ownership.builds-buckets}) every promotion is refused, and
 * readiness says why.
 */
@QuarkusTest
@TestProfile(UnconfiguredDistributionTest.NoDistributionBucket.class)
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class UnconfiguredDistributionTest {

    public static class NoDistributionBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // The %prod readiness requirement, in a test profile whose builds-buckets is unset.
            return Map.of("edgeplane.distributor.distribution-bucket", "",
                    "edgeplane.ownership.builds-buckets", "",
                    "edgeplane.readiness.required", "edgeplane.ownership.builds-buckets");
        }
    }

    @Test
    void dataFetchedIsAnsweredWithASkippedFilesDistributedNamingTheReason() {
        String dataset = "unconfigured-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "aws-data/" + dataset + ".json";
        try (EventsClient upstream = EventsClient.forTestBroker()) {
            var fetched = upstream.publish(new DataFetched(dataset, "run-1", "edgeplane-source", "aws-data/",
                    List.of(new DataFetched.FetchedFile(key, "a".repeat(64), 10L, "application/json")), true,
                    "b".repeat(64), "offline", Instant.now(), List.of()));
            var found = upstream.awaitEvents(EventType.FILES_DISTRIBUTED,
                    (FilesDistributed f) -> f.causedBy().contains(fetched.id()), 1, Duration.ofSeconds(60));
            assertThat(found).hasSize(1);
            assertThat(found.getFirst().key()).isEqualTo("E1EDGEPLANE0001");
            FilesDistributed event = found.getFirst().data();
            assertThat(event.skipped()).isTrue();
            assertThat(event.skipReason()).startsWith("Distribution bucket not configured");
            assertThat(event.changedPaths()).isEmpty();
            assertThat(event.results()).containsExactly(new FilesDistributed.FileResult(key, null, FileStatus.SKIPPED,
                    null, null));
            assertThat(List.of(event.successCount(), event.failureCount(), event.totalFiles())).containsExactly(0, 0, 1);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("edgeplane_distributor_files_skipped_total{reason=\"bucket-not-configured\"}")));
        try (var s3 = TestEnvironment.s3().client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket("edgeplane-distribution").prefix("data/" + dataset)).contents())
                    .isEmpty();
        }
    }

    @Test
    void withoutBuildsBucketsReadinessNamesTheSettingAndEveryPromotionIsRefused() {
        given().get("/q/health/ready").then().statusCode(503)
                .body(containsString("edgeplane.ownership.builds-buckets is not set"));
        String tenant = "nobuckets-" + UUID.randomUUID().toString().substring(0, 8);
        try (EventsClient upstream = EventsClient.forTestBroker()) {
            var deployment = upstream.publish(new DeploymentCompleted("d-" + tenant, tenant, null, "b1", "edgeplane-source",
                    "tenants/" + tenant + "/builds/b1/", "E1EDGEPLANE0001", "1.0.0", DeploymentMode.COPY, Instant.now(),
                    List.of()));
            var failed = upstream.awaitEvents(EventType.DEPLOYMENT_FAILED,
                    (DeploymentFailed f) -> f.deploymentId().equals(deployment.data().deploymentId()), 1,
                    Duration.ofSeconds(60));
            assertThat(failed).singleElement().satisfies(f -> {
                assertThat(f.data().rule()).isEqualTo("foreign-source");
                assertThat(f.data().message()).contains("edgeplane.ownership.builds-buckets");
            });
        }
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
