package io.edgeplane.invalidation.simulated;

import io.edgeplane.invalidation.domain.CacheStatistics;
import io.edgeplane.invalidation.domain.CacheStatisticsSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * Plausible CloudWatch figures for the local stack: stable per distribution and hour, with a hit
 * rate around {@code baseHitRate} (set it low to see recommendations).
 */
public class SimulatedCacheStatistics implements CacheStatisticsSource {
    private final double baseHitRate;

    public SimulatedCacheStatistics(double baseHitRate) {
        this.baseHitRate = baseHitRate;
    }

    @Override
    public CacheStatistics fetch(String distributionId, Instant from, Instant to) {
        Random random = new Random(distributionId.hashCode() * 31L + to.getEpochSecond() / 3_600);
        double hours = Math.max(1, Duration.between(from, to).toMinutes() / 60.0);
        double requests = Math.round(hours * (50_000 + random.nextInt(50_000)));
        double hitRate = Math.max(0, Math.min(100, baseHitRate + random.nextGaussian() * 2));
        return new CacheStatistics(distributionId, from, to, requests, requests * (20_000 + random.nextInt(30_000)),
                hitRate, 0.5 + random.nextDouble(), random.nextDouble() * 0.3, 40 + random.nextDouble() * 80);
    }
}
