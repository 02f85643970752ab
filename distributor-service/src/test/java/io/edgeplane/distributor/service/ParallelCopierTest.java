package io.edgeplane.distributor.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.distributor.domain.CopyOutcome;
import io.edgeplane.distributor.domain.PlannedCopy;
import io.edgeplane.distributor.domain.SourceFile;
import io.edgeplane.platform.aws.Backoff;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

class ParallelCopierTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 3);

    private static PlannedCopy copy(String name) {
        return new PlannedCopy(new SourceFile("src-bucket", "aws-data/" + name, name, "a".repeat(64), 1, "application/json"),
                "dst-bucket", "data/" + name, "application/json", "public, max-age=300", "json-data", Map.of(), List.of());
    }

    private static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " message").build())
                .build();
    }

    @Test
    void transientErrorsAreRetriedPermanentOnesFailAtOnceAndOthersStillGo() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        var copier = new ParallelCopier(c -> {
            int n = calls.computeIfAbsent(c.targetKey(), k -> new AtomicInteger()).incrementAndGet();
            return switch (c.source().relativeName()) {
                case "slow-down.json" -> {
                    if (n < 3) {
                        throw s3Error(503, "SlowDown");
                    }
                    yield "etag-after-retries";
                }
                case "reset.json" -> {
                    if (n < 2) {
                        throw new UncheckedIOException(new SocketException("Unexpected end of file from server"));
                    }
                    yield "etag-after-reset";
                }
                case "missing.json" -> throw s3Error(404, "NoSuchKey");
                case "always-throttled.json" -> throw s3Error(503, "SlowDown");
                default -> "etag-" + c.targetKey();
            };
        }, 4, FAST, Clock.systemUTC());

        List<CopyOutcome> outcomes = copier.copyAll(List.of(copy("slow-down.json"), copy("missing.json"),
                copy("ok.json"), copy("always-throttled.json"), copy("reset.json")));

        assertThat(outcomes).extracting(o -> o.copy().source().relativeName(), CopyOutcome::success,
                CopyOutcome::attempts, CopyOutcome::errorType).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("slow-down.json", true, 3, null),
                        org.assertj.core.groups.Tuple.tuple("missing.json", false, 1, "NoSuchKey"),
                        org.assertj.core.groups.Tuple.tuple("ok.json", true, 1, null),
                        org.assertj.core.groups.Tuple.tuple("always-throttled.json", false, 3, "SlowDown"),
                        org.assertj.core.groups.Tuple.tuple("reset.json", true, 2, null));
        assertThat(outcomes.get(0).etag()).isEqualTo("etag-after-retries");
        assertThat(outcomes.get(1).error()).isEqualTo("NoSuchKey message (HTTP 404)");
        assertThat(outcomes.get(3).error()).startsWith("still failing after 3 attempts: ");
    }

    @Test
    void neverMoreCopiesInFlightThanAllowed() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        var copier = new ParallelCopier(c -> {
            maxSeen.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return "e";
        }, 3, FAST, Clock.systemUTC());
        List<CopyOutcome> outcomes = copier.copyAll(IntStream.range(0, 60).mapToObj(i -> copy("f" + i + ".json")).toList());
        assertThat(outcomes).hasSize(60).allMatch(CopyOutcome::success);
        assertThat(maxSeen.get()).isBetween(1, 3);
    }
}
