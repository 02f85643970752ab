package io.edgeplane.distributor.deployment.domain;

import java.util.List;
import java.util.Map;

/**
 * Server-side copies and deletes in the distribution bucket, bounded-parallel, transient errors
 * retried before a file counts as failed. One result per order, in order.
 */
public interface ObjectTransfer {
    /** @param cacheRule the name of the cache rule that chose {@code cacheControl} */
    record CopyOrder(String sourceBucket, String sourceKey, String bucket, String key, long size, String cacheControl,
            String cacheRule, String contentType, Map<String, String> metadata) {
    }

    /**
     * @param transientError the last failure was transient (throttling, 5xx, timeout): worth
     *                       retrying later, unlike AccessDenied or a vanished source
     */
    record Result(String key, boolean ok, String error, String errorType, boolean transientError) {
        public static Result success(String key) {
            return new Result(key, true, null, null, false);
        }
    }

    List<Result> copy(List<CopyOrder> orders);

    List<Result> delete(String bucket, List<String> keys);
}
