package io.edgeplane.invalidation.domain;

import java.time.Instant;

/** CloudWatch's AWS/CloudFront metrics for one distribution, or a simulated stand-in. */
public interface CacheStatisticsSource {
    CacheStatistics fetch(String distributionId, Instant from, Instant to);
}
