package io.edgeplane.distributor.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One server-side copy into the distribution bucket, with every header it must carry: CopyObject with
 * {@code MetadataDirective=REPLACE} replaces them all, so nothing is inherited from the source.
 *
 * @param cacheRule name of the cache rule that chose {@code cacheControl}
 * @param metadata  user metadata ({@code x-amz-meta-*}), sorted
 * @param parts     UploadPartCopy ranges for objects above the single-copy limit; empty for one CopyObject
 */
public record PlannedCopy(SourceFile source, String targetBucket, String targetKey, String contentType,
        String cacheControl, String cacheRule, Map<String, String> metadata, List<ByteRange> parts) {
    public PlannedCopy {
        metadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(metadata));
        parts = List.copyOf(parts);
    }

    public boolean multipart() {
        return !parts.isEmpty();
    }

    public String viewerPath() {
        return DistributionTarget.viewerPath(targetKey);
    }
}
