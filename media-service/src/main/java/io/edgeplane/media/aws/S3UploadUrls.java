package io.edgeplane.media.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Pre-signed S3 PUT URLs for uploads. The Content-Type (and the length, when the caller states it)
 * is part of the signature, so the uploader cannot send anything else under that URL.
 */
public final class S3UploadUrls implements AutoCloseable {
    private final S3Presigner presigner;

    public S3UploadUrls(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint, boolean pathStyle) {
        S3Presigner.Builder builder = S3Presigner.builder().region(region).credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
        endpoint.ifPresent(builder::endpointOverride);
        this.presigner = builder.build();
    }

    public PresignedPutObjectRequest presignPut(String bucket, String key, String contentType, Optional<Long> contentLength,
            Duration expiry) {
        return presigner.presignPutObject(p -> p.signatureDuration(expiry).putObjectRequest(o -> {
            o.bucket(bucket).key(key).contentType(contentType);
            contentLength.ifPresent(o::contentLength);
        }));
    }

    @Override
    public void close() {
        presigner.close();
    }
}
