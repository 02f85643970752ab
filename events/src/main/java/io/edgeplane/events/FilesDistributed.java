package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * "These viewer paths on this distribution changed." The only input of the invalidation-service:
 * whoever changes bytes behind the CDN says so with this event.
 *
 * @param distributionId CloudFront distribution id; the record key (absent only when {@code skipped})
 * @param bucket         distribution bucket written to
 * @param origin         what produced the change: {@code data}, {@code deployment}, {@code media}
 * @param tenantId       the tenant whose prefix changed, if any; every path and tag must lie in its root
 * @param changedPaths   viewer paths (leading {@code /}) whose bytes changed or were deleted
 * @param cacheTags      cache tags carried by the changed objects, usable for tag invalidation
 * @param results        per-file outcome
 * @param skipped        nothing was distributed (e.g. distribution not configured); see {@code skipReason}
 * @param changedAt      when the first change was made; start of the time-to-fresh measurement
 * @param siteId         the non-tenant site whose prefix changed, if any (never together with {@code tenantId});
 *                       without either, the event may not reach into any tenant's or site's root
 */
public record FilesDistributed(String distributionId, String bucket, String origin, String tenantId,
        List<String> changedPaths, List<String> cacheTags, List<FileResult> results, Integer successCount,
        Integer failureCount, Integer totalFiles, Boolean skipped, String skipReason, Instant changedAt,
        List<String> causedBy, String siteId) implements EdgeplaneEvent {

    public FilesDistributed {
        changedPaths = Lists.orEmpty(changedPaths);
        cacheTags = Lists.orEmpty(cacheTags);
        results = Lists.orEmpty(results);
        causedBy = Lists.orEmpty(causedBy);
        skipped = skipped != null && skipped;
    }

    /** An event of no site: the shape every producer used before {@code siteId} was added. */
    public FilesDistributed(String distributionId, String bucket, String origin, String tenantId,
            List<String> changedPaths, List<String> cacheTags, List<FileResult> results, Integer successCount,
            Integer failureCount, Integer totalFiles, Boolean skipped, String skipReason, Instant changedAt,
            List<String> causedBy) {
        this(distributionId, bucket, origin, tenantId, changedPaths, cacheTags, results, successCount, failureCount,
                totalFiles, skipped, skipReason, changedAt, causedBy, null);
    }

    /** The outcome for one file; {@code error} and {@code errorType} only when FAILED. */
    public record FileResult(String sourceKey, String targetKey, FileStatus status, String error, String errorType) {
    }

    @Override
    public String key() {
        return distributionId != null ? distributionId : "unconfigured";
    }

    @Override
    public void check(Constraints c) {
        if (skipped) {
            c.notBlank("skipReason", skipReason);
            c.optionalMatches("distributionId", distributionId, Constraints.DISTRIBUTION_ID, "distribution-id");
        } else {
            c.matches("distributionId", distributionId, Constraints.DISTRIBUTION_ID, "distribution-id")
                    .matches("bucket", bucket, Constraints.BUCKET, "bucket-name");
        }
        c.notBlank("origin", origin)
                .optionalMatches("tenantId", tenantId, Constraints.ID, "id")
                .optionalMatches("siteId", siteId, Constraints.ID, "id")
                .maxSize("changedPaths", changedPaths, Constraints.MAX_LIST)
                .each("changedPaths", changedPaths, (p, n) -> n.viewerPath("", p))
                .maxSize("cacheTags", cacheTags, 100)
                .maxSize("results", results, Constraints.MAX_LIST)
                .each("results", results, (r, n) -> n.required("status", r.status()))
                .nonNegative("successCount", successCount)
                .nonNegative("failureCount", failureCount)
                .nonNegative("totalFiles", totalFiles)
                .required("changedAt", changedAt)
                .causedBy(causedBy);
        if (tenantId != null && siteId != null) {
            c.fail("siteId", "one-of", "at most one of tenantId and siteId may be set");
        }
    }
}
