package io.edgeplane.invalidation.domain;

import java.time.Instant;
import java.util.List;

/**
 * The part of CloudFront the scheduler needs. Implemented by the AWS SDK adapter and by the
 * simulated CloudFront; failures are {@link CloudFrontFailure}s carrying CloudFront's error code.
 */
public interface CloudFrontInvalidations {

    /** CreateInvalidation. Same reference and items again: the existing invalidation, not a new one. */
    InvalidationRecord create(String distributionId, String callerReference, List<String> items);

    /** GetInvalidation: status, create time, reference and items. */
    InvalidationRecord get(String distributionId, String invalidationId);

    /**
     * ListInvalidations, newest first, until one older than {@code since}: id, status, create time
     * (summaries; items need {@link #get}).
     */
    List<InvalidationSummary> listSince(String distributionId, Instant since);

    /** One invalidation as GetInvalidation/CreateInvalidation describe it. */
    record InvalidationRecord(String id, String status, Instant createTime, String callerReference, List<String> items) {
        public InvalidationRecord {
            items = List.copyOf(items);
        }

        /** CloudFront says {@code Completed}; compared case-insensitively on purpose. */
        public boolean completed() {
            return "Completed".equalsIgnoreCase(status);
        }
    }

    record InvalidationSummary(String id, String status, Instant createTime) {
        public boolean completed() {
            return "Completed".equalsIgnoreCase(status);
        }
    }
}
