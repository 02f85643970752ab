package io.edgeplane.platform.aws;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds AWS SDK clients the same way in every service: region, credentials, endpoint override
 * and the SDK's standard retry mode. Adapters call {@link #configure} for clients of their own.
 */
@ApplicationScoped
public class AwsClients {
    @Inject
    AwsConfig config;

    private final SdkHttpClient httpClient = UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60))
            .build();

    /** Applies region, credentials, endpoint override (by service id) and retry mode to any client builder. */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder, String serviceId, Region region) {
        builder.region(region)
                .credentialsProvider(credentials())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
        URI override = config.endpointOverride().get(serviceId);
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder;
    }

    public Region region() {
        return Region.of(config.region());
    }

    public SdkHttpClient httpClient() {
        return httpClient;
    }

    public AwsCredentialsProvider credentials() {
        if (config.credentials().accessKeyId().isPresent() && config.credentials().secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    config.credentials().accessKeyId().get(), config.credentials().secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Produces
    @Singleton
    public S3Client s3() {
        return configure(S3Client.builder(), "s3", region())
                .httpClient(httpClient)
                .forcePathStyle(config.s3().pathStyleAccess())
                // S3-compatible servers differ in trailer-checksum support; only send checksums S3 requires.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}
