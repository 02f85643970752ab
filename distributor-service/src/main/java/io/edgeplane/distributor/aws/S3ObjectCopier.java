package io.edgeplane.distributor.aws;

import io.edgeplane.distributor.domain.ByteRange;
import io.edgeplane.distributor.domain.ObjectCopier;
import io.edgeplane.distributor.domain.PlannedCopy;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * Server-side copies into the distribution bucket: the bytes never pass through the service.
 * One CopyObject with {@code MetadataDirective=REPLACE} up to the single-copy limit; above it a
 * multipart upload whose parts are UploadPartCopy ranges (headers are set when the upload is created).
 * A failed multipart copy is aborted so no orphaned parts are billed.
 */
public final class S3ObjectCopier implements ObjectCopier {
    private static final Logger LOG = Logger.getLogger(S3ObjectCopier.class);
    private final S3Client s3;

    public S3ObjectCopier(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public String copy(PlannedCopy copy) {
        return copy.multipart() ? copyInParts(copy) : copyObject(copy);
    }

    private String copyObject(PlannedCopy copy) {
        return s3.copyObject(b -> b
                .sourceBucket(copy.source().bucket()).sourceKey(copy.source().key())
                .destinationBucket(copy.targetBucket()).destinationKey(copy.targetKey())
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType(copy.contentType())
                .cacheControl(copy.cacheControl())
                .metadata(copy.metadata()))
                .copyObjectResult().eTag();
    }

    private String copyInParts(PlannedCopy copy) {
        String uploadId = s3.createMultipartUpload(b -> b
                .bucket(copy.targetBucket()).key(copy.targetKey())
                .contentType(copy.contentType())
                .cacheControl(copy.cacheControl())
                .metadata(copy.metadata()))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>(copy.parts().size());
            int number = 1;
            for (ByteRange range : copy.parts()) {
                int partNumber = number++;
                String etag = s3.uploadPartCopy(b -> b
                        .sourceBucket(copy.source().bucket()).sourceKey(copy.source().key())
                        .destinationBucket(copy.targetBucket()).destinationKey(copy.targetKey())
                        .uploadId(uploadId).partNumber(partNumber)
                        .copySourceRange(range.header()))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            return s3.completeMultipartUpload(b -> b
                    .bucket(copy.targetBucket()).key(copy.targetKey()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)))
                    .eTag();
        } catch (RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(copy.targetBucket()).key(copy.targetKey()).uploadId(uploadId));
            } catch (RuntimeException abort) {
                LOG.warnf("Could not abort multipart upload %s of %s: %s", uploadId, copy.targetKey(),
                        abort.getMessage());
            }
            throw e;
        }
    }
}
