package io.edgeplane.distributor.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.distributor.domain.CopyOutcome;
import io.edgeplane.distributor.domain.PlannedCopy;
import io.edgeplane.distributor.domain.SourceFile;
import io.edgeplane.distributor.service.ParallelCopier;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.testsupport.S3Endpoint;
import io.edgeplane.testsupport.TestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The copy path's answer to the 400s of issue 18, through the real SDK client and the real S3 endpoint behind a
 * socket that first answers what the endpoint's HTTP layer answered under load: retried, then copied; while a
 * 400 that names its cause fails the copy at once with that cause (the promotion's copy-failed dead letter).
 */
class CopyFailureClassificationTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(5), Duration.ofMillis(20), 4);
    private static String bucket;

    @BeforeAll
    static void setUp() {
        bucket = "flaky-" + UUID.randomUUID().toString().substring(0, 8);
        TestEnvironment.s3().createBuckets(bucket);
        try (S3Client s3 = TestEnvironment.s3().client()) {
            s3.putObject(b -> b.bucket(bucket).key("builds/b1/index.html"), RequestBody.fromString("<!doctype html>"));
        }
    }

    private static List<CopyOutcome> copyThrough(FlakyFront front, String key) {
        try (S3Client s3 = S3Client.builder().endpointOverride(front.endpoint()).region(Region.of(S3Endpoint.REGION))
                .forcePathStyle(true).httpClient(ApacheHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Endpoint.ACCESS_KEY, S3Endpoint.SECRET_KEY)))
                .build()) {
            PlannedCopy copy = new PlannedCopy(new SourceFile(bucket, "builds/b1/index.html", "index.html", null, 15,
                    "text/html"), bucket, key, "text/html", "no-cache", "entry-point", Map.of(), List.of());
            return new ParallelCopier(new S3ObjectCopier(s3), 2, FAST, Clock.systemUTC()).copyAll(List.of(copy));
        }
    }

    @Test
    void aBareInvalidRequestAndACodelessBadRequestAreRetriedAndTheCopyLands() throws Exception {
        try (FlakyFront front = new FlakyFront(TestEnvironment.s3().endpoint(),
                List.of(FlakyFront.BARE_INVALID_REQUEST, FlakyFront.CODELESS))) {
            CopyOutcome outcome = copyThrough(front, "live/a/index.html").getFirst();
            assertThat(outcome.success()).as(outcome.toString()).isTrue();
            assertThat(outcome.attempts()).isEqualTo(3);
        }
        try (S3Client s3 = TestEnvironment.s3().client()) {
            assertThat(s3.headObject(b -> b.bucket(bucket).key("live/a/index.html")).cacheControl()).isEqualTo("no-cache");
        }
    }

    @Test
    void a400ThatNamesItsCauseFailsTheCopyAtOnceWithThatCause() throws Exception {
        try (FlakyFront front = new FlakyFront(TestEnvironment.s3().endpoint(), List.of(FlakyFront.xml("InvalidRequest",
                "This copy request is illegal because it is trying to copy an object to itself without changing the "
                        + "object's metadata")))) {
            CopyOutcome outcome = copyThrough(front, "live/b/index.html").getFirst();
            assertThat(outcome.success()).isFalse();
            assertThat(outcome.attempts()).isEqualTo(1);
            assertThat(outcome.errorType()).isEqualTo("InvalidRequest");
            assertThat(outcome.error()).contains("copy an object to itself");
            assertThat(front.requests()).isEqualTo(1);
        }
    }

    @Test
    void aBareInvalidRequestThatPersistsFailsAfterTheAttemptsNamingItsCode() throws Exception {
        try (FlakyFront front = new FlakyFront(TestEnvironment.s3().endpoint(),
                java.util.Collections.nCopies(10, FlakyFront.BARE_INVALID_REQUEST))) {
            CopyOutcome outcome = copyThrough(front, "live/c/index.html").getFirst();
            assertThat(outcome.success()).isFalse();
            assertThat(outcome.attempts()).isEqualTo(FAST.maxAttempts());
            assertThat(outcome.errorType()).isEqualTo("InvalidRequest");
            assertThat(outcome.error()).startsWith("still failing after 4 attempts");
        }
    }
}
