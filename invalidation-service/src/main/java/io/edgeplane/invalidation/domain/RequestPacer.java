package io.edgeplane.invalidation.domain;

/**
 * Paces every CloudFront control-plane request of this replica (CreateInvalidation, GetInvalidation,
 * ListInvalidations, GetDistribution): CloudFront limits their rate per account, whichever replica sends them.
 */
public interface RequestPacer {
    /** No pacing (benchmarks, unit tests). */
    RequestPacer NONE = new RequestPacer() {
        @Override
        public void acquire() {
        }

        @Override
        public void throttled() {
        }
    };

    /**
     * Returns when this replica may send one request.
     *
     * @throws CloudFrontFailure {@link CloudFrontFailure#NO_BUDGET} when no slot of this replica's share comes in time
     */
    void acquire();

    /** CloudFront answered Throttling: someone else is spending the account's budget; pause this replica. */
    void throttled();
}
