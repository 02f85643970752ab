package io.edgeplane.invalidation.domain;

import java.time.Instant;

/**
 * A distribution's CloudWatch statistics over a period. Rates are percentages; {@code cacheHitRate}
 * and {@code originLatencyMillis} are null unless the distribution has additional metrics enabled.
 */
public record CacheStatistics(String distributionId, Instant from, Instant to, double requests,
        double bytesDownloaded, Double cacheHitRate, double errorRate4xx, double errorRate5xx,
        Double originLatencyMillis) {
}
