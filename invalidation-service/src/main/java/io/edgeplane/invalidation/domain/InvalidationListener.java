package io.edgeplane.invalidation.domain;

import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What the scheduler tells the outside world: status events, metrics. All callbacks run on the scheduler's thread. */
public interface InvalidationListener {

    /**
     * CloudFront created an invalidation. The changes it covers are acknowledged once the returned
     * stage completes (the InvalidationSubmitted event is durable).
     */
    default CompletionStage<?> submitted(Submitted submitted) {
        return CompletableFuture.completedFuture(null);
    }

    default void completed(Completed completed) {
    }

    default void failed(Failed failed) {
    }

    /** A CreateInvalidation/GetInvalidation/ListInvalidations call failed with this code. */
    default void requestFailed(String distributionId, String code) {
    }

    /** Every invalidation a change batch needed has completed. */
    default void fresh(ChangeBatch batch, Duration timeToFresh) {
    }

    record Submitted(String distributionId, InvalidationRecord invalidation, List<PlannedItem> plan,
            Instant firstChangeAt, Instant submittedAt, List<String> causedBy) {
    }

    record Completed(String distributionId, String invalidationId, String callerReference, int itemCount,
            Instant firstChangeAt, Instant completedAt, List<String> causedBy) {
    }

    /** @param invalidationId null when CloudFront never accepted the items */
    record Failed(String distributionId, String invalidationId, List<String> items, String code, String message,
            Instant failedAt, List<String> causedBy) {
    }
}
