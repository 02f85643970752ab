package io.edgeplane.platform.aws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/** How every service reaches AWS. In production only the region is set; credentials come from the pod's role. */
@ConfigMapping(prefix = "edgeplane.aws")
public interface AwsConfig {
    /** AWS region of the regional clients (S3, SSM, CloudWatch). CloudFront and Route 53 are global. */
    @WithDefault("us-east-1")
    String region();

    /**
     * Endpoint per service id ({@code s3}, {@code cloudfront}, {@code route53}, {@code ssm},
     * {@code cloudwatch}, {@code cloudfront-keyvaluestore}): an S3-compatible server locally, WireMock in
     * tests. Absent: the real AWS endpoint.
     */
    Map<String, URI> endpointOverride();

    S3 s3();

    Credentials credentials();

    interface S3 {
        /** Path-style addressing ({@code endpoint/bucket/key}); needed by most S3-compatible servers. */
        @WithDefault("false")
        boolean pathStyleAccess();
    }

    /**
     * Static credentials, for local endpoints only. Absent: the SDK's default chain (IRSA web
     * identity on Kubernetes, environment, profile).
     */
    interface Credentials {
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }
}
