package io.edgeplane.invalidation.domain;

import java.time.Instant;

/**
 * What this replica may hold in progress per distribution, and when it must re-read what is in progress before
 * submitting again. The scheduler counts in its ledger every invalidation it created plus every one it found in
 * progress at its last read (ListInvalidations), and submits only while that total plus the new request fits its
 * share. A replica that gains a part it did not hold re-reads first ({@link #generation} moved), so whatever a
 * previous holder left in progress is counted by the new holder.
 */
public interface QuotaShares {
    /** This replica's share of the distribution's quotas now. */
    InProgressShare share(String distributionId, Instant now);

    /**
     * Moves whenever this replica gains a part of the distribution's quotas: a distribution read under an older
     * generation must be read again before a submission.
     */
    long generation(String distributionId);

    /** Whether another replica holds the distribution's quotas (known assignment, none of them here). */
    default boolean heldElsewhere(String distributionId, Instant now) {
        return false;
    }

    /** One replica, the whole quota for ever (benchmarks, unit tests, a single process). */
    static QuotaShares whole(int maxPaths, int maxWildcards) {
        InProgressShare all = InProgressShare.whole(maxPaths, maxWildcards);
        return new QuotaShares() {
            @Override
            public InProgressShare share(String distributionId, Instant now) {
                return all;
            }

            @Override
            public long generation(String distributionId) {
                return 0;
            }
        };
    }
}
