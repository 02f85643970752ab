package io.edgeplane.media.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.platform.aws.Backoff;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 failures are retried, and for how long. */
class RetryingTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 4);

    private static S3Exception error(int status, String code) {
        return error(status, code, "test");
    }

    private static S3Exception error(int status, String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    @Test
    void anInvalidRequestWithoutACauseIsTheEndpointsHttpLayerAndRetried() {
        // What the local S3 endpoint answered a PUT when it ran out of heap mid-request (issue 18).
        AtomicInteger calls = new AtomicInteger();
        String result = Retrying.call(FAST, "put", () -> {
            if (calls.incrementAndGet() < 3) {
                throw error(400, "InvalidRequest", "Bad Request");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aCauselessBadRequestAfterManyServerErrorsIsStillRetried() {
        // Seen in the 80/s load (issue 18): a rendition PUT met 500s for a minute while the endpoint was out of heap,
        // then one bare 400, and was thrown at once because the bound counted every attempt.
        AtomicInteger calls = new AtomicInteger();
        String result = Retrying.call(FAST, "put", () -> {
            int call = calls.incrementAndGet();
            if (call <= 10) {
                throw error(500, "InternalError");
            }
            if (call <= 12) {
                throw error(400, "InvalidRequest", "Bad Request");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(13);
    }

    @Test
    void anInvalidRequestThatSaysWhyIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retrying.call(FAST, "put", () -> {
            calls.incrementAndGet();
            throw error(400, "InvalidRequest", "Missing required header for this request: Content-MD5");
        })).isInstanceOf(S3Exception.class).hasMessageContaining("Content-MD5");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aCodelessBadRequestOnABrokenConnectionIsRetriedUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = Retrying.call(FAST, "put", () -> {
            if (calls.incrementAndGet() == 1) {
                throw error(400, null);
            }
            if (calls.get() == 2) {
                throw error(400, "InvalidURI");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aBadRequestThatPersistsIsThrownAfterTheBackoffsAttempts() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retrying.call(FAST, "put", () -> {
            calls.incrementAndGet();
            throw error(400, "InvalidURI");
        })).isInstanceOf(S3Exception.class);
        assertThat(calls).hasValue(4);
    }

    @Test
    void aBadRequestWithItsOwnCodeIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retrying.call(FAST, "put", () -> {
            calls.incrementAndGet();
            throw error(400, "InvalidArgument");
        })).isInstanceOf(S3Exception.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void throttlingIsRetriedBeyondTheAttemptsOfABadRequest() {
        AtomicInteger calls = new AtomicInteger();
        String result = Retrying.call(FAST, "put", () -> {
            if (calls.incrementAndGet() < 7) {
                throw error(503, "SlowDown");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
    }
}
