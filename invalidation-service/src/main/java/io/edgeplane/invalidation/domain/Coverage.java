package io.edgeplane.invalidation.domain;

import java.util.List;

/**
 * A change batch is covered: every item is inside an invalidation CloudFront created (or was
 * reported as failed). Its Kafka record may be acknowledged.
 *
 * @param invalidationIds the invalidations that cover it (new, or found at start-up for a replay)
 * @param failedItems     items CloudFront rejected or the boundary forbade, reported in InvalidationFailed
 */
public record Coverage(String batchId, List<String> invalidationIds, List<String> failedItems) {
}
