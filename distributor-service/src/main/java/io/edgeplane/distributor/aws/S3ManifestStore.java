package io.edgeplane.distributor.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.edgeplane.distributor.domain.DistributionManifest;
import io.edgeplane.distributor.domain.ManifestStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Manifests as JSON objects {@code <prefix><datasetId>.json} in a state bucket the distributor may read
 * and write (by default the source bucket under {@code distributor-state/}), never in the distribution
 * bucket: CloudFront must not serve them and the distributor has no s3:GetObject there.
 */
public final class S3ManifestStore implements ManifestStore {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3ManifestStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }

    public String key(String datasetId) {
        return prefix + datasetId + ".json";
    }

    @Override
    public DistributionManifest load(String datasetId, String distributionBucket) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(datasetId))).asByteArray();
        } catch (NoSuchKeyException e) {
            return DistributionManifest.empty(distributionBucket);
        } catch (S3Exception e) {
            // Without s3:ListBucket on the state bucket S3 answers 403 for a missing key; the policy grants
            // s3:GetObject on the manifests, so a 403 here means "not written yet".
            if (e.statusCode() == 404 || e.statusCode() == 403) {
                return DistributionManifest.empty(distributionBucket);
            }
            throw e;
        }
        try {
            return JSON.readValue(bytes, DistributionManifest.class).forBucket(distributionBucket);
        } catch (IOException e) {
            throw new UncheckedIOException("manifest s3://" + bucket + "/" + key(datasetId) + " is not readable", e);
        }
    }

    @Override
    public void save(String datasetId, DistributionManifest manifest) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        s3.putObject(b -> b.bucket(bucket).key(key(datasetId)).contentType("application/json"),
                RequestBody.fromBytes(bytes));
    }
}
