package io.edgeplane.distributor.deployment.aws;

import io.edgeplane.distributor.deployment.domain.BuildFile;
import io.edgeplane.distributor.deployment.domain.BuildManifest;
import io.edgeplane.distributor.deployment.domain.BuildSource;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists a build with ListObjectsV2 (1,000 keys a page): keys and ETags, no object reads. The ETag
 * is the content hash: for single-part uploads it is the MD5 of the bytes.
 */
public final class S3BuildSource implements BuildSource {
    private final S3Client s3;

    public S3BuildSource(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public BuildManifest read(String bucket, String prefix) {
        List<BuildFile> files = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                String path = object.key().substring(prefix.length());
                if (path.isEmpty() || path.endsWith("/")) {
                    continue; // folder markers written by consoles and sync tools
                }
                files.add(new BuildFile(path, etag(object.eTag()), object.size() == null ? 0 : object.size()));
            }
        } catch (NoSuchBucketException e) {
            return new BuildManifest(bucket, prefix, List.of());
        }
        return new BuildManifest(bucket, prefix, files);
    }

    static String etag(String etag) {
        if (etag == null) {
            return "none";
        }
        String bare = etag.replace("\"", "");
        return "etag:" + bare;
    }
}
