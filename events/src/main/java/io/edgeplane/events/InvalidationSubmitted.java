package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * CloudFront accepted an invalidation. {@code paths} are the billed items (paths, wildcards,
 * {@code #tag} items); {@code firstChangeAt} is the oldest change it covers.
 */
public record InvalidationSubmitted(String distributionId, String invalidationId, String callerReference,
        List<String> paths, Integer wildcardCount, Integer tagCount, Instant firstChangeAt, Instant submittedAt,
        List<String> causedBy, String distributionTenantId) implements EdgeplaneEvent {

    public InvalidationSubmitted {
        paths = Lists.orEmpty(paths);
        causedBy = Lists.orEmpty(causedBy);
    }

    /** An invalidation of a distribution, not of a distribution tenant. */
    public InvalidationSubmitted(String distributionId, String invalidationId, String callerReference,
            List<String> paths, Integer wildcardCount, Integer tagCount, Instant firstChangeAt, Instant submittedAt,
            List<String> causedBy) {
        this(distributionId, invalidationId, callerReference, paths, wildcardCount, tagCount, firstChangeAt,
                submittedAt, causedBy, null);
    }

    @Override
    public String key() {
        return distributionId;
    }

    @Override
    public void check(Constraints c) {
        c.matches("distributionId", distributionId, Constraints.DISTRIBUTION_ID, "distribution-id")
                .notBlank("invalidationId", invalidationId).notBlank("callerReference", callerReference)
                .notEmpty("paths", paths).maxSize("paths", paths, 3_000)
                .nonNegative("wildcardCount", wildcardCount).nonNegative("tagCount", tagCount)
                .required("firstChangeAt", firstChangeAt).required("submittedAt", submittedAt).causedBy(causedBy);
    }
}
