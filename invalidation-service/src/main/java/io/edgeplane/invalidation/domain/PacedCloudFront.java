package io.edgeplane.invalidation.domain;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Every call to CloudFront spends one request of the pacer's budget, and reports Throttling to it. */
public final class PacedCloudFront implements CloudFrontInvalidations, DistributionDescriptions {
    private final CloudFrontInvalidations invalidations;
    private final DistributionDescriptions descriptions;
    private final RequestPacer pacer;

    public PacedCloudFront(CloudFrontInvalidations invalidations, DistributionDescriptions descriptions,
            RequestPacer pacer) {
        this.invalidations = invalidations;
        this.descriptions = descriptions;
        this.pacer = pacer;
    }

    @Override
    public InvalidationRecord create(String distributionId, String callerReference, List<String> items) {
        return paced(() -> invalidations.create(distributionId, callerReference, items));
    }

    @Override
    public InvalidationRecord get(String distributionId, String invalidationId) {
        return paced(() -> invalidations.get(distributionId, invalidationId));
    }

    /** The first page; an adapter that pages paces the further pages itself. */
    @Override
    public List<InvalidationSummary> listSince(String distributionId, Instant since) {
        return paced(() -> invalidations.listSince(distributionId, since));
    }

    @Override
    public DistributionSummary describe(String distributionId) {
        return paced(() -> descriptions.describe(distributionId));
    }

    private <T> T paced(Supplier<T> call) {
        pacer.acquire();
        try {
            return call.get();
        } catch (CloudFrontFailure e) {
            if (CloudFrontFailure.THROTTLING.equals(e.code())) {
                pacer.throttled();
            }
            throw e;
        }
    }
}
