package io.edgeplane.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the real S3 endpoint and creates the buckets named in the
 * {@code buckets} init argument (comma-separated; default: the local stack's buckets).
 */
public class S3TestResource implements QuarkusTestResourceLifecycleManager {
    public static final String DEFAULT_BUCKETS = "edgeplane-source,edgeplane-distribution,edgeplane-uploads";
    private String[] buckets = DEFAULT_BUCKETS.split(",");

    @Override
    public void init(Map<String, String> initArgs) {
        String names = initArgs.get("buckets");
        if (names != null && !names.isBlank()) {
            buckets = names.split("\\s*,\\s*");
        }
    }

    @Override
    public Map<String, String> start() {
        S3Endpoint s3 = TestEnvironment.s3();
        s3.createBuckets(buckets);
        return Map.of(
                "edgeplane.aws.region", S3Endpoint.REGION,
                "edgeplane.aws.endpoint-override.s3", s3.endpoint().toString(),
                "edgeplane.aws.s3.path-style-access", "true",
                "edgeplane.aws.credentials.access-key-id", S3Endpoint.ACCESS_KEY,
                "edgeplane.aws.credentials.secret-access-key", S3Endpoint.SECRET_KEY);
    }

    @Override
    public void stop() {
        // The endpoint lives for the whole JVM.
    }
}
