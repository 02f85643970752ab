package io.edgeplane.distributor.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * How one planned copy ended.
 *
 * @param etag      ETag S3 returned for the new object (success only)
 * @param error     what went wrong, for people (failure only)
 * @param errorType the AWS error code or exception name, for machines (failure only)
 * @param attempts  requests made, retries included
 * @param latency   time from the first attempt to the outcome
 * @param at        when it ended
 */
public record CopyOutcome(PlannedCopy copy, boolean success, String etag, String error, String errorType, int attempts,
        Duration latency, Instant at) {

    public static CopyOutcome copied(PlannedCopy copy, String etag, int attempts, Duration latency, Instant at) {
        return new CopyOutcome(copy, true, etag, null, null, attempts, latency, at);
    }

    public static CopyOutcome failed(PlannedCopy copy, String error, String errorType, int attempts, Duration latency,
            Instant at) {
        return new CopyOutcome(copy, false, null, error, errorType, attempts, latency, at);
    }
}
