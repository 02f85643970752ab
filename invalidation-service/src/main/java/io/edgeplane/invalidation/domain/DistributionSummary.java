package io.edgeplane.invalidation.domain;

import java.time.Instant;
import java.util.List;

/**
 * What GetDistribution says about a distribution, reduced to what operators and the cache advisor
 * need. {@code status} is CloudFront's: {@code Deployed} or {@code InProgress}.
 */
public record DistributionSummary(String id, String domainName, String status, boolean enabled,
        String defaultRootObject, String priceClass, List<String> aliases, List<String> origins,
        List<Behavior> behaviors, Instant lastModified) {

    public DistributionSummary {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        origins = origins == null ? List.of() : List.copyOf(origins);
        behaviors = behaviors == null ? List.of() : List.copyOf(behaviors);
    }

    public boolean deployed() {
        return "Deployed".equalsIgnoreCase(status);
    }

    /**
     * One cache behavior. TTLs and forwarded values are known for legacy (ForwardedValues)
     * behaviors; with a cache policy only its id is ({@code null} fields).
     *
     * @param queryStrings forwarded query strings: {@code all}, {@code none}, or the whitelist size
     * @param headers      forwarded headers in the cache key (count), or null
     * @param cookies      forwarded cookies: {@code all}, {@code none}, {@code whitelist}, or null
     */
    public record Behavior(String pathPattern, Long minTtl, Long defaultTtl, Long maxTtl, String queryStrings,
            Integer headers, String cookies, boolean compress, String cachePolicyId) {
    }
}
