package io.edgeplane.distributor.domain;

import java.util.Map;

/** Keys and ETags under a prefix of the distribution bucket (ListObjectsV2: s3:ListBucket, no s3:GetObject). */
@FunctionalInterface
public interface DistributionListing {
    Map<String, String> etags(String bucket, String prefix);
}
