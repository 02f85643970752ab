package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * Paths that will not be invalidated, with CloudFront's error code (e.g. {@code InvalidArgument}
 * for a path CloudFront rejects) or Edgeplane's rule (e.g. {@code outside-boundary}).
 */
public record InvalidationFailed(String distributionId, String invalidationId, List<String> paths, String errorCode,
        String message, Instant failedAt, List<String> causedBy, String distributionTenantId)
        implements EdgeplaneEvent {

    public InvalidationFailed {
        paths = Lists.orEmpty(paths);
        causedBy = Lists.orEmpty(causedBy);
    }

    /** An invalidation of a distribution, not of a distribution tenant. */
    public InvalidationFailed(String distributionId, String invalidationId, List<String> paths, String errorCode,
            String message, Instant failedAt, List<String> causedBy) {
        this(distributionId, invalidationId, paths, errorCode, message, failedAt, causedBy, null);
    }

    @Override
    public String key() {
        return distributionId;
    }

    @Override
    public void check(Constraints c) {
        c.matches("distributionId", distributionId, Constraints.DISTRIBUTION_ID, "distribution-id")
                .maxSize("paths", paths, Constraints.MAX_LIST).notBlank("errorCode", errorCode)
                .notBlank("message", message).required("failedAt", failedAt).causedBy(causedBy);
    }
}
