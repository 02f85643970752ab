package io.edgeplane.fetcher.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.fetcher.domain.Dataset;
import io.edgeplane.fetcher.domain.DatasetBuilder;
import io.edgeplane.fetcher.offline.OfflineInfrastructureSource;
import io.edgeplane.testsupport.TestEnvironment;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The source-bucket adapter against the real S3 endpoint. */
class S3DatasetStoreTest {
    private static final Instant AT = Instant.parse("2026-11-22T02:00:00Z");
    private static S3Client s3;
    private static Dataset dataset;

    @BeforeAll
    static void setUp() {
        s3 = TestEnvironment.s3().client();
        dataset = new DatasetBuilder().build(OfflineInfrastructureSource.bundled().fetch(), AT, "run-1");
    }

    @AfterAll
    static void tearDown() {
        s3.close();
    }

    private static S3DatasetStore freshStore() {
        String bucket = "store-" + UUID.randomUUID().toString().substring(0, 8);
        TestEnvironment.s3().createBuckets(bucket);
        return new S3DatasetStore(s3, bucket, "aws-data", "aws-data/history");
    }

    @Test
    void whatWasWrittenIsReadBackByAnotherInstanceFromObjectMetadata() {
        S3DatasetStore store = freshStore();
        assertThat(store.loadLatest()).isEmpty();
        var written = store.writeLatest(dataset, "run-1", AT);
        var reread = new S3DatasetStore(s3, store.bucket(), "aws-data/", "aws-data/history/").loadLatest();
        assertThat(reread).contains(written);
        assertThat(written.files()).extracting(f -> f.key()).containsExactly("aws-data/complete-data.json",
                "aws-data/regions.json", "aws-data/services.json");
        assertThat(written.runId()).isEqualTo("run-1");
        assertThat(written.generatedAt()).isEqualTo(AT);
    }

    @Test
    void aMissingOrForeignFileMeansNothingIsKnown() {
        S3DatasetStore missing = freshStore();
        missing.writeLatest(dataset, "run-1", AT);
        s3.deleteObject(b -> b.bucket(missing.bucket()).key("aws-data/services.json"));
        assertThat(missing.loadLatest()).isEmpty();

        S3DatasetStore foreign = freshStore();
        foreign.writeLatest(dataset, "run-1", AT);
        s3.putObject(b -> b.bucket(foreign.bucket()).key("aws-data/regions.json")
                .metadata(Map.of("content-hash", "0".repeat(64), "content-sha256", "1".repeat(64))),
                RequestBody.fromString("{}"));
        assertThat(foreign.loadLatest()).isEmpty();
    }

    @Test
    void historyFoldersAreListedAndDeletedOneDayAtATime() {
        S3DatasetStore store = freshStore();
        store.writeHistory(dataset, LocalDate.parse("2026-11-01"), "run-a");
        store.writeHistory(dataset, LocalDate.parse("2026-11-01"), "run-b");
        store.writeHistory(dataset, LocalDate.parse("2026-11-22"), "run-c");
        assertThat(store.historyFolders()).containsExactly("2026-11-01", "2026-11-22");
        assertThat(store.deleteHistoryFolder("2026-11-01")).isEqualTo(6);
        assertThat(store.historyFolders()).containsExactly("2026-11-22");
    }
}
