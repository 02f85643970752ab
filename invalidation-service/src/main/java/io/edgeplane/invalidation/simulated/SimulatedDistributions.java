package io.edgeplane.invalidation.simulated;

import io.edgeplane.invalidation.domain.DistributionDescriptions;
import io.edgeplane.invalidation.domain.DistributionSummary;
import io.edgeplane.invalidation.domain.DistributionSummary.Behavior;
import java.time.Instant;
import java.util.List;

/**
 * GetDistribution for the local stack: every distribution is Deployed and has seed 002's cache
 * behaviors (static assets a year, HTML an hour, uploads a day with query strings, API uncached).
 */
public class SimulatedDistributions implements DistributionDescriptions {
    private final String domainName;
    private final Instant since = Instant.now();

    public SimulatedDistributions(String domainName) {
        this.domainName = domainName;
    }

    @Override
    public DistributionSummary describe(String distributionId) {
        return new DistributionSummary(distributionId, domainName, "Deployed", true, "index.html", "PriceClass_100",
                List.of("*.edgeplane.test"), List.of("distribution -> edgeplane-distribution.s3.amazonaws.com"),
                List.of(new Behavior("*", 0L, 31_536_000L, 31_536_000L, "none", 0, "none", true, null),
                        new Behavior("*.html", 0L, 3_600L, 3_600L, "none", 0, "none", true, null),
                        new Behavior("/uploads/*", 0L, 86_400L, 86_400L, "all", 0, "none", true, null),
                        new Behavior("/api/*", 0L, 0L, 0L, "all", 1, "all", true, null)),
                since);
    }
}
