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
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
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

    /**
     * Apache's pooled client, not the JDK's URL connection: it checks a pooled connection that sat idle before
     * reusing it and drops one whose exchange failed half-way, where the URL connection handed kept-alive connections
     * the server had already given up on to the next request ("Error writing request body to server" three SDK
     * attempts in a row, a desynchronised "400 Couldn't parse the specified URI" under load; issue 18). Built on
     * first use: whether it sends {@code Expect: 100-continue} depends on the configuration.
     */
    private SdkHttpClient httpClient;

    /**
     * {@code Expect: 100-continue} only towards AWS itself. Apache's client adds the header to every PUT with a
     * body on its own (the SDK's request config for PUT), after and regardless of {@link WithoutExpectContinue}, so
     * with stand-in endpoints it is switched off here too. Safe against S3 either way: the expectation only saves
     * uploading a body S3 would refuse; without it the body is sent and the same answer comes back.
     */
    static SdkHttpClient httpClient(boolean expectContinue) {
        return ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(60))
                .maxConnections(64)
                .connectionMaxIdleTime(Duration.ofSeconds(20))
                .useIdleConnectionReaper(true)
                .expectContinueEnabled(expectContinue)
                .build();
    }

    /** Applies region, credentials, endpoint override (by service id) and retry mode to any client builder. */
    public <B extends AwsClientBuilder<B, C>, C> B configure(B builder, String serviceId, Region region) {
        URI override = config.endpointOverride().get(serviceId);
        builder.region(region)
                .credentialsProvider(credentials())
                .overrideConfiguration(o -> {
                    o.retryStrategy(RetryMode.STANDARD);
                    if (override != null) {
                        o.addExecutionInterceptor(new WithoutExpectContinue());
                    }
                });
        if (override != null) {
            builder.endpointOverride(override);
        }
        return builder;
    }

    /**
     * Drops {@code Expect: 100-continue} for stand-in endpoints (the local S3 endpoint, emulators): one round trip
     * less per PUT, and with the JDK's URL connection (used until 2026-12-07) a server that answered the
     * expectation late lost about one PUT in a thousand ("Unexpected end of file from server"; without the header
     * none in 6,000, bench/results/local-s3-conformance.md). AWS itself keeps the header: there it saves uploading
     * a body the service would refuse.
     */
    static final class WithoutExpectContinue implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            return request.firstMatchingHeader("Expect").isPresent()
                    ? request.toBuilder().removeHeader("Expect").build() : request;
        }
    }

    public Region region() {
        return Region.of(config.region());
    }

    public synchronized SdkHttpClient httpClient() {
        if (httpClient == null) {
            httpClient = httpClient(config.endpointOverride().isEmpty());
        }
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
                .httpClient(httpClient())
                .forcePathStyle(config.s3().pathStyleAccess())
                // S3-compatible servers differ in trailer-checksum support; only send checksums S3 requires.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }
}
