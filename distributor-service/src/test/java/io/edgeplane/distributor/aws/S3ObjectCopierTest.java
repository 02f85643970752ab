package io.edgeplane.distributor.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.distributor.domain.ByteRange;
import io.edgeplane.distributor.domain.DistributionManifest;
import io.edgeplane.distributor.domain.ManifestEntry;
import io.edgeplane.distributor.domain.PartPlanner;
import io.edgeplane.distributor.domain.PlannedCopy;
import io.edgeplane.distributor.domain.SourceFile;
import io.edgeplane.testsupport.TestEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The S3 adapters against the real S3 endpoint. */
class S3ObjectCopierTest {
    private static S3Client s3;
    private static String source;
    private static String target;

    @BeforeAll
    static void setUp() {
        s3 = TestEnvironment.s3().client();
        source = "src-" + UUID.randomUUID().toString().substring(0, 8);
        target = "dst-" + UUID.randomUUID().toString().substring(0, 8);
        TestEnvironment.s3().createBuckets(source, target);
    }

    @AfterAll
    static void tearDown() {
        s3.close();
    }

    private static PlannedCopy planned(String key, long size, List<ByteRange> parts) {
        return new PlannedCopy(new SourceFile(source, key, key, "a".repeat(64), size, "application/json"), target,
                "data/" + key, "application/json", "public, max-age=300", "json-data",
                Map.of("distributed-at", "2026-11-22T02:00:05Z", "source-bucket", source, "source-key", key,
                        "content-sha256", "a".repeat(64)), parts);
    }

    @Test
    void copyObjectReplacesEveryHeaderAndMetadata() {
        // The source carries other headers; REPLACE must not let any of them through.
        s3.putObject(b -> b.bucket(source).key("one.json").contentType("text/plain").cacheControl("no-store")
                .metadata(Map.of("stale", "yes")), RequestBody.fromString("{\"a\":1}"));
        String etag = new S3ObjectCopier(s3).copy(planned("one.json", 7, List.of()));
        var head = s3.headObject(b -> b.bucket(target).key("data/one.json"));
        assertThat(head.contentType()).isEqualTo("application/json");
        assertThat(head.cacheControl()).isEqualTo("public, max-age=300");
        assertThat(head.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("distributed-at", "2026-11-22T02:00:05Z",
                "source-bucket", source, "source-key", "one.json", "content-sha256", "a".repeat(64)));
        assertThat(head.eTag()).isEqualTo(etag);
        // The source is never touched.
        assertThat(s3.headObject(b -> b.bucket(source).key("one.json")).cacheControl()).isEqualTo("no-store");
    }

    @Test
    void multipartCopyAssemblesTheRangesWithTheHeaders() throws Exception {
        // 12 MiB in PartPlanner's 5 MiB minimum parts: three UploadPartCopy ranges, the S3 endpoint enforces the minimum.
        byte[] body = new byte[12 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(body);
        s3.putObject(b -> b.bucket(source).key("big.json"), RequestBody.fromBytes(body));
        var parts = new PartPlanner(PartPlanner.MIN_PART).parts(body.length);
        assertThat(parts).hasSize(3);
        new S3ObjectCopier(s3).copy(planned("big.json", body.length, parts));
        var copied = s3.getObjectAsBytes(b -> b.bucket(target).key("data/big.json"));
        assertThat(copied.asByteArray()).isEqualTo(body);
        assertThat(copied.response().cacheControl()).isEqualTo("public, max-age=300");
        assertThat(copied.response().contentType()).isEqualTo("application/json");
        assertThat(copied.response().metadata()).containsEntry("source-key", "big.json");
        // A multipart ETag names its part count.
        assertThat(copied.response().eTag()).endsWith("-3\"");
    }

    @Test
    void aMissingSourceFailsWithNoSuchKeyAndWritesNothing() {
        assertThatThrownBy(() -> new S3ObjectCopier(s3).copy(planned("absent.json", 1, List.of())))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class,
                        e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(target).key("data/absent.json")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void manifestsRoundTripAndAMissingOneIsEmpty() {
        var store = new S3ManifestStore(s3, source, "distributor-state");
        assertThat(store.load("dataset-x", target)).isEqualTo(DistributionManifest.empty(target));
        var manifest = new DistributionManifest(target, Map.of("data/regions.json", new ManifestEntry("a".repeat(64),
                "public, max-age=300", "application/json", source, "aws-data/regions.json", "\"e1\"",
                Instant.parse("2026-11-22T02:00:05Z"))));
        store.save("dataset-x", manifest);
        assertThat(store.key("dataset-x")).isEqualTo("distributor-state/dataset-x.json");
        assertThat(store.load("dataset-x", target)).isEqualTo(manifest);
        assertThat(store.load("dataset-x", "another-bucket").entries()).isEmpty();
    }

    @Test
    void listingReturnsKeysAndEtagsUnderThePrefixOnly() {
        s3.putObject(b -> b.bucket(target).key("data/listed.json"), RequestBody.fromString("x"));
        s3.putObject(b -> b.bucket(target).key("other/not-listed.json"), RequestBody.fromString("y"));
        var etags = new S3DistributionListing(s3).etags(target, "data/");
        assertThat(etags).containsKey("data/listed.json").doesNotContainKey("other/not-listed.json");
        assertThat(etags.get("data/listed.json")).contains("9dd4e461268c8034f5c8564e155c67a6");
    }
}
