package io.edgeplane.distributor.domain;

import java.time.Instant;

/**
 * What the distributor last wrote to one key of the distribution bucket: the content (by checksum),
 * the headers it set, where it came from, and the ETag S3 returned for the copy.
 */
public record ManifestEntry(String sha256, String cacheControl, String contentType, String sourceBucket,
        String sourceKey, String etag, Instant distributedAt) {

    /** Whether writing {@code copy} again would give viewers the same bytes and the same headers. */
    public boolean matches(PlannedCopy copy) {
        return sha256.equals(copy.source().sha256()) && cacheControl.equals(copy.cacheControl())
                && contentType.equals(copy.contentType()) && sourceBucket.equals(copy.source().bucket())
                && sourceKey.equals(copy.source().key());
    }
}
