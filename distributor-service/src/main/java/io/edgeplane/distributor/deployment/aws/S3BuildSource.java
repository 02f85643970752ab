package io.edgeplane.distributor.deployment.aws;

import io.edgeplane.distributor.deployment.FileSpool;
import io.edgeplane.distributor.deployment.domain.BuildFile;
import io.edgeplane.distributor.deployment.domain.BuildListing;
import io.edgeplane.distributor.deployment.domain.BuildSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists a build with ListObjectsV2 (1,000 keys a page): keys and ETags, no object reads. The ETag
 * is the content hash: for single-part uploads it is the MD5 of the bytes. Each page goes to a local
 * spool as it arrives, so a 100,000-file build is never on the heap, and the sync reads one stable
 * listing in every pass even if the prefix changed meanwhile.
 */
public final class S3BuildSource implements BuildSource {
    private final S3Client s3;

    public S3BuildSource(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public BuildListing list(String bucket, String prefix) {
        try (FileSpool.Writer<BuildFile> spool = FileSpool.writer(FileSpool.BUILD_FILES,
                "the listing of s3://" + bucket + "/" + prefix)) {
            try {
                for (ListObjectsV2Response page : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix))) {
                    for (S3Object object : page.contents()) {
                        String path = object.key().substring(prefix.length());
                        if (path.isEmpty() || path.endsWith("/")) {
                            continue; // folder markers written by consoles and sync tools
                        }
                        spool.add(new BuildFile(path, etag(object.eTag()), object.size() == null ? 0 : object.size()));
                    }
                }
            } catch (NoSuchBucketException e) {
                // no bucket: no build, the same as an empty prefix
            }
            return new BuildListing(bucket, prefix, spool.finish());
        }
    }

    static String etag(String etag) {
        if (etag == null) {
            return "none";
        }
        String bare = etag.replace("\"", "");
        return "etag:" + bare;
    }
}
