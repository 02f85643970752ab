package io.edgeplane.invalidation.config;

import io.edgeplane.invalidation.aws.AwsCacheStatistics;
import io.edgeplane.invalidation.aws.AwsCloudFront;
import io.edgeplane.invalidation.domain.CacheStatisticsSource;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations;
import io.edgeplane.invalidation.domain.DistributionDescriptions;
import io.edgeplane.invalidation.simulated.SimulatedCacheStatistics;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.invalidation.simulated.SimulatedDistributions;
import io.edgeplane.platform.aws.AwsClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Chooses the adapters by configuration: {@code edgeplane.invalidation.adapter=aws|simulated} for
 * CloudFront, {@code edgeplane.invalidation.statistics.adapter=aws|simulated} for CloudWatch.
 */
@ApplicationScoped
public class Adapters {
    @Inject
    InvalidationConfig config;

    @Inject
    AwsClients aws;

    private volatile AwsCloudFront awsCloudFront;

    /** Always available so tests and the local stack can look inside; only used when selected. */
    @Produces
    @Singleton
    @Typed(SimulatedCloudFront.class)
    SimulatedCloudFront simulatedCloudFront() {
        var s = config.simulated();
        return new SimulatedCloudFront(SimulatedCloudFront.Settings.realistic()
                .withCompletionDelay(s.completionDelay())
                .withRate(s.requestsPerSecond(), 1)
                .withFaults(s.throttleRate(), s.serverErrorRate(), 0), Clock.systemUTC());
    }

    @Produces
    @Singleton
    CloudFrontInvalidations cloudFront(SimulatedCloudFront simulated) {
        return switch (config.adapter()) {
            case "simulated" -> simulated;
            case "aws" -> awsCloudFront();
            default -> throw new IllegalArgumentException("edgeplane.invalidation.adapter must be aws or simulated, was "
                    + config.adapter());
        };
    }

    @Produces
    @Singleton
    DistributionDescriptions distributions() {
        return "simulated".equals(config.adapter()) ? new SimulatedDistributions(config.simulated().domainName())
                : awsCloudFront();
    }

    @Produces
    @Singleton
    CacheStatisticsSource statistics() {
        return switch (config.statistics().adapter()) {
            case "simulated" -> new SimulatedCacheStatistics(config.statistics().hitRateThreshold() + 8);
            // CloudFront publishes its metrics in us-east-1 only, whatever the service's region.
            case "aws" -> new AwsCacheStatistics(aws.configure(CloudWatchClient.builder(), "cloudwatch",
                    Region.US_EAST_1).httpClient(aws.httpClient()).build());
            default -> throw new IllegalArgumentException(
                    "edgeplane.invalidation.statistics.adapter must be aws or simulated, was " + config.statistics().adapter());
        };
    }

    private AwsCloudFront awsCloudFront() {
        if (awsCloudFront == null) {
            synchronized (this) {
                if (awsCloudFront == null) {
                    // CloudFront is global: SigV4 region us-east-1 ("aws-global"); the scheduler does the retrying.
                    CloudFrontClient client = aws.configure(CloudFrontClient.builder(), "cloudfront", Region.AWS_GLOBAL)
                            .httpClient(aws.httpClient())
                            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                            .build();
                    awsCloudFront = new AwsCloudFront(client);
                }
            }
        }
        return awsCloudFront;
    }
}
