package io.edgeplane.invalidation.domain;

import io.edgeplane.invalidation.domain.Recommendation.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cache optimisation analysis of seed 004 and the troubleshooting list of seed 002, as a pure
 * function: when the hit rate is below the threshold, say which settings usually cause it (TTLs
 * too short for the content, query strings, headers or cookies in the cache key, invalidations too
 * frequent), plus error rates and origin latency against the seeds' targets.
 */
public final class CacheAdvisor {
    /** Seed 002: versioned assets a year, HTML an hour; below an hour the edge keeps little. */
    static final long SHORT_TTL_SECONDS = 3_600;
    /** CloudFront's free invalidation paths per month, per day. */
    static final long FREE_ITEMS_PER_DAY = 1_000 / 30;
    private final double hitRateThreshold;

    public CacheAdvisor(double hitRateThreshold) {
        this.hitRateThreshold = hitRateThreshold;
    }

    public List<Recommendation> advise(CacheStatistics stats, DistributionSummary distribution,
            InvalidationActivity activity) {
        List<Recommendation> out = new ArrayList<>();
        if (distribution != null && !distribution.deployed()) {
            out.add(new Recommendation("distribution-in-progress", Severity.INFO, "distribution " + distribution.id()
                    + " is " + distribution.status() + ": a configuration change is still propagating to the edges"));
        }
        if (stats == null) {
            return out;
        }
        if (stats.cacheHitRate() == null) {
            out.add(new Recommendation("enable-additional-metrics", Severity.INFO, "CacheHitRate and OriginLatency"
                    + " need the distribution's additional CloudWatch metrics; enable them to watch the hit rate"));
        } else if (stats.requests() > 0 && stats.cacheHitRate() < hitRateThreshold) {
            out.add(new Recommendation("low-hit-rate", Severity.WARNING, String.format(Locale.ROOT,
                    "cache hit rate %.1f %% is below the %.0f %% target: %.0f of %.0f requests went to the origin",
                    stats.cacheHitRate(), hitRateThreshold, stats.requests() * (100 - stats.cacheHitRate()) / 100,
                    stats.requests())));
            causes(distribution, activity, out);
        }
        if (stats.errorRate5xx() > 1) {
            out.add(new Recommendation("high-5xx", stats.errorRate5xx() > 5 ? Severity.CRITICAL : Severity.WARNING,
                    String.format(Locale.ROOT, "5xx error rate %.2f %% (target < 1 %%, alarm at 5 %%): check the"
                            + " origin's health and timeouts", stats.errorRate5xx())));
        }
        if (stats.errorRate4xx() > 5) {
            out.add(new Recommendation("high-4xx", Severity.WARNING, String.format(Locale.ROOT,
                    "4xx error rate %.2f %%: missing objects or denied requests; 4xx responses are cached only for"
                            + " the error caching TTL", stats.errorRate4xx())));
        }
        if (stats.originLatencyMillis() != null && stats.originLatencyMillis() > 1_000) {
            out.add(new Recommendation("slow-origin", Severity.WARNING, String.format(Locale.ROOT,
                    "origin latency %.0f ms: every miss waits this long; raise TTLs or enable Origin Shield",
                    stats.originLatencyMillis())));
        }
        return out;
    }

    private void causes(DistributionSummary distribution, InvalidationActivity activity, List<Recommendation> out) {
        if (distribution != null) {
            for (DistributionSummary.Behavior b : distribution.behaviors()) {
                boolean uncached = b.maxTtl() != null && b.maxTtl() == 0;
                if (uncached) {
                    continue;
                }
                if (b.defaultTtl() != null && b.defaultTtl() < SHORT_TTL_SECONDS) {
                    out.add(new Recommendation("ttl-too-short", Severity.WARNING, "behavior '" + b.pathPattern()
                            + "' caches for " + b.defaultTtl() + " s by default: content-hashed assets can be cached"
                            + " a year, HTML an hour (seed 002)"));
                }
                if ("all".equals(b.queryStrings())) {
                    out.add(new Recommendation("query-strings-in-cache-key", Severity.WARNING, "behavior '"
                            + b.pathPattern() + "' puts every query string in the cache key: forward only the"
                            + " parameters that change the response (e.g. image transformations)"));
                }
                if (b.headers() != null && b.headers() > 0) {
                    out.add(new Recommendation("headers-in-cache-key", Severity.WARNING, "behavior '" + b.pathPattern()
                            + "' varies the cache on " + b.headers() + " header(s): each value is cached separately"));
                }
                if ("all".equals(b.cookies()) || "whitelist".equals(b.cookies())) {
                    out.add(new Recommendation("cookies-in-cache-key", Severity.WARNING, "behavior '" + b.pathPattern()
                            + "' forwards cookies (" + b.cookies() + "): every cookie value is a separate cache entry"));
                }
                if (!b.compress()) {
                    out.add(new Recommendation("compression-off", Severity.INFO, "behavior '" + b.pathPattern()
                            + "' does not compress: gzip/brotli cut bytes for text assets (seed 002)"));
                }
            }
        }
        if (activity != null && (activity.items() > FREE_ITEMS_PER_DAY * 10 || activity.wildcards() > 100)) {
            out.add(new Recommendation("frequent-invalidations", Severity.WARNING, activity.items()
                    + " invalidation items (" + activity.wildcards() + " wildcards) in the last day: each empties edge"
                    + " caches; prefer content-hashed file names for assets so only HTML needs invalidating"));
        }
    }
}
