package io.edgeplane.dns.domain;

/**
 * One cache behaviour of an individual distribution (seed 002). TTLs in seconds; {@code cachePolicyId}, when set,
 * replaces the legacy TTL/forwarding settings with a managed or custom cache policy.
 *
 * @param allMethods GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE instead of GET, HEAD, OPTIONS
 * @param forwardAll all headers and cookies forwarded (the API behaviour)
 */
public record CacheBehaviorSpec(String pathPattern, String targetOriginId, boolean allMethods, long minTtl,
        long defaultTtl, long maxTtl, boolean queryStrings, boolean forwardAll, boolean compress,
        String cachePolicyId) {
}
