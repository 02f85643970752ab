package io.edgeplane.distributor.aws;

import io.edgeplane.distributor.domain.DistributionListing;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the distribution bucket holds under a prefix, by ListObjectsV2: keys and ETags only, which needs
 * s3:ListBucket (scoped to the prefix) and no s3:GetObject. Catches objects deleted or overwritten behind
 * the distributor's back.
 */
public final class S3DistributionListing implements DistributionListing {
    private final S3Client s3;

    public S3DistributionListing(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public Map<String, String> etags(String bucket, String prefix) {
        Map<String, String> etags = new HashMap<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                .forEach(o -> etags.put(o.key(), o.eTag()));
        return etags;
    }
}
