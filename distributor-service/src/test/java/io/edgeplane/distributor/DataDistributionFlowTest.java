package io.edgeplane.distributor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.edgeplane.events.DataFetched;
import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.EventType;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.testsupport.EventsClient;
import io.edgeplane.testsupport.KafkaTestResource;
import io.edgeplane.testsupport.S3TestResource;
import io.edgeplane.testsupport.TestEnvironment;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import io.edgeplane.testsupport.metrics.MetricsSnapshot;

/**
 * The distributor app on the real broker and the real S3 endpoint, driven as the fetcher drives it: the
 * files are put in the source bucket, then DataFetched is published by a plain Kafka client.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(S3TestResource.class)
class DataDistributionFlowTest {
    private static final String SOURCE = "edgeplane-source";
    private static final String DISTRIBUTION = "edgeplane-distribution";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static S3Client s3;
    private static EventsClient upstream;

    @BeforeAll
    static void connect() {
        s3 = TestEnvironment.s3().client();
        upstream = EventsClient.forTestBroker();
    }

    @AfterAll
    static void disconnect() {
        s3.close();
        upstream.close();
    }

    @Test
    void theThreeFilesArriveWithExactHeadersAndAnIdenticalEventCopiesNothing() {
        String dataset = "aws-infrastructure-" + UUID.randomUUID().toString().substring(0, 8);
        List<DataFetched.FetchedFile> files = new ArrayList<>();
        for (String name : List.of("complete-data.json", "regions.json", "services.json")) {
            files.add(putSource("aws-data/" + name, "{\"dataset\":\"" + dataset + "\",\"file\":\"" + name + "\"}\n"));
        }
        Instant before = Instant.now();
        var fetched = upstream.publish(dataFetched(dataset, "run-1", "aws-data/", files));

        FilesDistributed first = awaitDistributed(fetched);
        assertThat(first.distributionId()).isEqualTo("E1EDGEPLANE0001");
        assertThat(first.bucket()).isEqualTo(DISTRIBUTION);
        assertThat(first.origin()).isEqualTo("data");
        assertThat(first.skipped()).isFalse();
        assertThat(first.changedPaths()).containsExactly("/data/complete-data.json", "/data/regions.json",
                "/data/services.json");
        assertThat(first.results()).extracting(FilesDistributed.FileResult::targetKey, FilesDistributed.FileResult::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("data/complete-data.json", FileStatus.COPIED),
                        org.assertj.core.groups.Tuple.tuple("data/regions.json", FileStatus.COPIED),
                        org.assertj.core.groups.Tuple.tuple("data/services.json", FileStatus.COPIED));
        assertThat(List.of(first.successCount(), first.failureCount(), first.totalFiles())).containsExactly(3, 0, 3);
        assertThat(first.causedBy()).containsExactly(fetched.id());

        for (DataFetched.FetchedFile file : files) {
            String target = "data/" + file.key().substring("aws-data/".length());
            HeadObjectResponse head = s3.headObject(b -> b.bucket(DISTRIBUTION).key(target));
            assertThat(head.contentType()).isEqualTo("application/json");
            assertThat(head.cacheControl()).isEqualTo("public, max-age=300");
            assertThat(head.metadata()).containsOnlyKeys("distributed-at", "source-bucket", "source-key",
                    "content-sha256");
            assertThat(head.metadata()).containsEntry("source-bucket", SOURCE).containsEntry("source-key", file.key())
                    .containsEntry("content-sha256", file.sha256());
            assertThat(Instant.parse(head.metadata().get("distributed-at"))).isBetween(before.minusSeconds(1),
                    Instant.now());
            assertThat(s3.getObjectAsBytes(b -> b.bucket(DISTRIBUTION).key(target)).asByteArray())
                    .isEqualTo(s3.getObjectAsBytes(b -> b.bucket(SOURCE).key(file.key())).asByteArray());
        }
        String distributedAt = s3.headObject(b -> b.bucket(DISTRIBUTION).key("data/regions.json")).metadata()
                .get("distributed-at");

        // The same content again (a new run, unchanged data): nothing copied, nothing to invalidate.
        var again = upstream.publish(dataFetched(dataset, "run-2", "aws-data/", files));
        FilesDistributed second = awaitDistributed(again);
        assertThat(second.changedPaths()).isEmpty();
        assertThat(second.results()).extracting(FilesDistributed.FileResult::status).containsOnly(FileStatus.UNCHANGED);
        assertThat(List.of(second.successCount(), second.failureCount(), second.totalFiles())).containsExactly(3, 0, 3);
        assertThat(s3.headObject(b -> b.bucket(DISTRIBUTION).key("data/regions.json")).metadata())
                .containsEntry("distributed-at", distributedAt);

        // An object removed from the distribution bucket behind the distributor's back is put back.
        s3.deleteObject(b -> b.bucket(DISTRIBUTION).key("data/regions.json"));
        FilesDistributed third = awaitDistributed(upstream.publish(dataFetched(dataset, "run-3", "aws-data/", files)));
        assertThat(third.changedPaths()).containsExactly("/data/regions.json");
        assertThat(s3.headObject(b -> b.bucket(DISTRIBUTION).key("data/regions.json")).cacheControl())
                .isEqualTo("public, max-age=300");

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("edgeplane_distributor_files_distributed_total"))
                .body(containsString("edgeplane_distributor_files_unchanged_total"))
                .body(containsString("edgeplane_distributor_copy_latency_seconds_bucket"))
                .body(containsString("edgeplane_distributor_distribution_success_ratio"))
                .body(containsString("edgeplane_distributor_last_success_timestamp_seconds"));
    }

    @Test
    void aMissingSourceFileIsReportedWithItsErrorAndTheOthersStillGo() {
        String dataset = "partial-" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = "partial/" + dataset + "/";
        var present = putSource(prefix + dataset + "-a.json", "{\"a\":1}");
        var alsoPresent = putSource(prefix + dataset + "-c.json", "{\"c\":3}");
        var missing = new DataFetched.FetchedFile(prefix + dataset + "-b.json", "f".repeat(64), 7L, "application/json");
        var fetched = upstream.publish(dataFetched(dataset, "run-1", prefix, List.of(present, missing, alsoPresent)));

        FilesDistributed event = awaitDistributed(fetched);
        assertThat(List.of(event.successCount(), event.failureCount(), event.totalFiles())).containsExactly(2, 1, 3);
        assertThat(event.changedPaths()).containsExactly("/data/" + dataset + "-a.json", "/data/" + dataset + "-c.json");
        FilesDistributed.FileResult failed = event.results().get(1);
        assertThat(failed.sourceKey()).isEqualTo(missing.key());
        assertThat(failed.status()).isEqualTo(FileStatus.FAILED);
        assertThat(failed.errorType()).isEqualTo("NoSuchKey");
        assertThat(failed.error()).isNotBlank();
        assertThat(s3.listObjectsV2(b -> b.bucket(DISTRIBUTION).prefix("data/" + dataset)).contents())
                .hasSize(2);
        // The source is never touched.
        assertThat(s3.listObjectsV2(b -> b.bucket(SOURCE).prefix(prefix)).contents()).hasSize(2);
    }

    private static DataFetched dataFetched(String dataset, String runId, String prefix,
            List<DataFetched.FetchedFile> files) {
        return new DataFetched(dataset, runId, SOURCE, prefix, files, true, "e".repeat(64), "offline", Instant.now(),
                List.of());
    }

    private static DataFetched.FetchedFile putSource(String key, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        // The fetcher's objects carry other headers; the copies must not inherit them.
        s3.putObject(b -> b.bucket(SOURCE).key(key).contentType("application/json").metadata(Map.of("run-id", "r")),
                RequestBody.fromBytes(bytes));
        return new DataFetched.FetchedFile(key, sha256(bytes), (long) bytes.length, "application/json");
    }

    private static FilesDistributed awaitDistributed(EventEnvelope<DataFetched> cause) {
        List<EventEnvelope<FilesDistributed>> found = upstream.awaitEvents(EventType.FILES_DISTRIBUTED,
                (FilesDistributed f) -> f.causedBy().contains(cause.id()), 1, TIMEOUT);
        assertThat(found).as("FilesDistributed caused by %s", cause.id()).hasSize(1);
        assertThat(found.getFirst().key()).isEqualTo("E1EDGEPLANE0001");
        return found.getFirst().data();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What this run really exported on /q/metrics, for the dashboard and alert checks in deploy-checks. */
    @AfterAll
    static void snapshotMetrics() {
        MetricsSnapshot.write();
    }
}
