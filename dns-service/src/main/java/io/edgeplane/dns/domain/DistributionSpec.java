package io.edgeplane.dns.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an individual distribution is created with, decided without I/O from the tenant and the service's
 * settings: S3 origin with origin access control (no public bucket), redirect to HTTPS, compression, the cache
 * behaviours of seed 002 (1 year default, 1 hour for HTML, 1 day for uploads with query strings, no caching for
 * an API origin if one is configured), custom error pages for 404/500/503, HTTP/2 and HTTP/3, TLSv1.2_2021 with
 * SNI, optional geographic restriction, the tenant's aliases and certificate, and tags marking it as ours.
 */
public record DistributionSpec(String tenantId, String callerReference, String comment, List<String> aliases,
        String certificateArn, String originId, String originDomain, String originPath, String originAccessControlId,
        String apiOriginDomain, String defaultRootObject, CacheBehaviorSpec defaultBehavior,
        List<CacheBehaviorSpec> behaviors, List<ErrorPage> errorPages, String httpVersion, String minimumProtocolVersion,
        String priceClass, String geoRestrictionType, List<String> geoLocations, String viewerRequestFunctionArn,
        String viewerResponseFunctionArn, Map<String, String> tags) {

    public static final String TAG_MANAGED = "edgeplane:managed";
    public static final String TAG_TENANT = "edgeplane:tenant";
    public static final String COMMENT_PREFIX = "edgeplane tenant ";
    public static final String S3_ORIGIN = "tenant-content";
    public static final String API_ORIGIN = "api";
    public static final long ONE_YEAR = 31_536_000L;
    public static final long ONE_DAY = 86_400L;
    public static final long ONE_HOUR = 3_600L;

    public DistributionSpec {
        aliases = List.copyOf(aliases);
        behaviors = List.copyOf(behaviors);
        errorPages = List.copyOf(errorPages);
        geoLocations = geoLocations == null ? List.of() : List.copyOf(geoLocations);
        tags = Map.copyOf(tags);
    }

    /** A custom error response: {@code /404.html} served with 404, cached for {@code cachingMinTtl} seconds. */
    public record ErrorPage(int errorCode, String pagePath, int responseCode, long cachingMinTtl) {
    }

    /** The service-wide settings an individual distribution is built from. */
    public record Settings(String originDomain, String originAccessControlId, String originPathTemplate,
            String certificateArn, String priceClass, String geoRestrictionType, List<String> geoLocations,
            String apiOriginDomain, String viewerRequestFunctionArn, String viewerResponseFunctionArn) {
    }

    /**
     * @param revision distinguishes a tenant's successive distributions (e.g. the causing event id), so the
     *                 caller reference is deterministic for retries and new for a genuinely new distribution
     */
    public static DistributionSpec forTenant(String tenantId, Hostname hostname, String customDomain,
            String revision, Settings s) {
        List<String> aliases = new ArrayList<>();
        aliases.add(hostname.fqdn());
        if (customDomain != null && !customDomain.isBlank()) {
            aliases.add(DnsNames.normalize(customDomain));
        }
        CacheBehaviorSpec defaults = new CacheBehaviorSpec("*", S3_ORIGIN, false, 0, ONE_YEAR, ONE_YEAR, false, false,
                true, null);
        List<CacheBehaviorSpec> behaviors = new ArrayList<>();
        behaviors.add(new CacheBehaviorSpec("*.html", S3_ORIGIN, false, 0, ONE_HOUR, ONE_HOUR, false, false, true,
                null));
        behaviors.add(new CacheBehaviorSpec("/uploads/*", S3_ORIGIN, false, 0, ONE_DAY, ONE_DAY, true, false, true,
                null));
        if (s.apiOriginDomain() != null && !s.apiOriginDomain().isBlank()) {
            behaviors.add(new CacheBehaviorSpec("/api/*", API_ORIGIN, true, 0, 0, 0, true, true, true, null));
        }
        List<ErrorPage> errors = List.of(new ErrorPage(404, "/404.html", 404, 60), new ErrorPage(500, "/500.html", 500,
                10), new ErrorPage(503, "/503.html", 503, 10));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(TAG_MANAGED, "true");
        tags.put(TAG_TENANT, tenantId);
        String originPath = s.originPathTemplate() == null ? "" : s.originPathTemplate().replace("{tenantId}", tenantId);
        return new DistributionSpec(tenantId, "edgeplane-" + tenantId + "-" + revision, COMMENT_PREFIX + tenantId,
                aliases, s.certificateArn(), S3_ORIGIN, s.originDomain(), originPath, s.originAccessControlId(),
                s.apiOriginDomain(), "index.html", defaults, behaviors, errors, "http2and3", "TLSv1.2_2021",
                s.priceClass() == null ? "PriceClass_All" : s.priceClass(),
                s.geoRestrictionType() == null ? "none" : s.geoRestrictionType(), s.geoLocations(),
                s.viewerRequestFunctionArn(), s.viewerResponseFunctionArn(), tags);
    }
}
