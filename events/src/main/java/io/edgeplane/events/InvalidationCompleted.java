package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * The edge is fresh for these paths. {@code timeToFreshMillis} runs from the first change the
 * invalidation covers to CloudFront reporting it Completed.
 */
public record InvalidationCompleted(String distributionId, String invalidationId, String callerReference,
        Integer itemCount, Instant firstChangeAt, Instant completedAt, Long timeToFreshMillis, List<String> causedBy,
        String distributionTenantId) implements EdgeplaneEvent {

    public InvalidationCompleted {
        causedBy = Lists.orEmpty(causedBy);
    }

    /** An invalidation of a distribution, not of a distribution tenant. */
    public InvalidationCompleted(String distributionId, String invalidationId, String callerReference,
            Integer itemCount, Instant firstChangeAt, Instant completedAt, Long timeToFreshMillis,
            List<String> causedBy) {
        this(distributionId, invalidationId, callerReference, itemCount, firstChangeAt, completedAt,
                timeToFreshMillis, causedBy, null);
    }

    @Override
    public String key() {
        return distributionId;
    }

    @Override
    public void check(Constraints c) {
        c.matches("distributionId", distributionId, Constraints.DISTRIBUTION_ID, "distribution-id")
                .notBlank("invalidationId", invalidationId).nonNegative("itemCount", itemCount)
                .required("completedAt", completedAt).nonNegative("timeToFreshMillis", timeToFreshMillis)
                .causedBy(causedBy);
    }
}
