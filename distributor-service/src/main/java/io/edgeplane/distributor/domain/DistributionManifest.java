package io.edgeplane.distributor.domain;

import java.util.Map;
import java.util.TreeMap;

/**
 * The distributor's own record of what it wrote to a distribution bucket, by target key. It lets the
 * distributor skip unchanged files without reading the distribution bucket (no s3:GetObject there);
 * see the README for why and how drift is caught.
 */
public record DistributionManifest(String bucket, Map<String, ManifestEntry> entries) {
    public DistributionManifest {
        entries = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    public static DistributionManifest empty(String bucket) {
        return new DistributionManifest(bucket, Map.of());
    }

    /** Entries only count for the bucket they were written to. */
    public DistributionManifest forBucket(String target) {
        return target.equals(bucket) ? this : empty(target);
    }
}
