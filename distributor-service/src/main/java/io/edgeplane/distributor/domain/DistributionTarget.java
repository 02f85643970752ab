package io.edgeplane.distributor.domain;

import java.util.Objects;

/**
 * Where data files go: the CloudFront-backed bucket, the key prefix in it (e.g. {@code data}) and the
 * distribution that serves it (named in FilesDistributed so the invalidation-service knows what to refresh).
 */
public record DistributionTarget(String bucket, String prefix, String distributionId) {
    public DistributionTarget {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(distributionId, "distributionId");
        prefix = normalisePrefix(prefix);
    }

    /** {@code "/data/"} and {@code "data"} both mean {@code "data/"}; blank means the bucket root. */
    static String normalisePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    public String targetKey(String relativeName) {
        return prefix + relativeName;
    }

    /** The path viewers request: {@code /data/regions.json}. */
    public static String viewerPath(String targetKey) {
        return "/" + targetKey;
    }
}
