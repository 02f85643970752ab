package io.edgeplane.invalidation.domain;

import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationRecord;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationSummary;
import java.time.Instant;
import java.util.List;

/**
 * CloudFront's invalidations of one distribution tenant (SaaS Manager): CreateInvalidationForDistributionTenant,
 * GetInvalidationForDistributionTenant, ListInvalidationsForDistributionTenant. Items are in the distribution
 * tenant's viewer space, as CloudFront receives them. Failures are {@link CloudFrontFailure}s
 * ({@code EntityNotFound} for an unknown distribution tenant).
 */
public interface DistributionTenantInvalidations {

    InvalidationRecord createForTenant(String distributionTenantId, String callerReference, List<String> items);

    InvalidationRecord getForTenant(String distributionTenantId, String invalidationId);

    /** Newest first, until one older than {@code since}. */
    List<InvalidationSummary> listForTenantSince(String distributionTenantId, Instant since);
}
