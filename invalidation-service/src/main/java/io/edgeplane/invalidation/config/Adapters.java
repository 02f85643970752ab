package io.edgeplane.invalidation.config;

import io.edgeplane.invalidation.aws.AwsCacheStatistics;
import io.edgeplane.invalidation.aws.AwsCloudFront;
import io.edgeplane.invalidation.domain.CacheStatisticsSource;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations;
import io.edgeplane.invalidation.domain.DistributionDescriptions;
import io.edgeplane.invalidation.simulated.SimulatedCacheStatistics;
import io.edgeplane.invalidation.simulated.SimulatedCloudFront;
import io.edgeplane.invalidation.simulated.SimulatedDistributions;
import io.edgeplane.invalidation.domain.PacedCloudFront;
import io.edgeplane.invalidation.domain.PartitionShares;
import io.edgeplane.invalidation.domain.QuotaShares;
import io.edgeplane.invalidation.domain.RequestPacer;
import io.edgeplane.invalidation.domain.TargetQuotaShares;
import io.edgeplane.invalidation.domain.TargetedCloudFront;
import io.edgeplane.platform.ownership.Owner;
import io.edgeplane.platform.ownership.Ownership;
import io.edgeplane.platform.aws.AwsClients;
import io.edgeplane.platform.budget.AccountBudget;
import io.edgeplane.platform.budget.AccountBudgets;
import io.edgeplane.platform.budget.BudgetShare;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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

    @Inject
    AccountBudgets budgets;

    @Inject
    Ownership ownership;

    /** The topic whose records drive the CloudFront calls: the budgets follow this group's assignment of it. */
    @ConfigProperty(name = "mp.messaging.incoming.files-distributed.topic")
    String drivingTopic;

    private volatile AwsCloudFront awsCloudFront;
    private volatile PacedCloudFront paced;

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

    /**
     * Every CloudFront call spends this replica's share of the account's budget: {@code account.requests-per-second}
     * × its FilesDistributed partitions / all of them (platform {@link AccountBudgets}, the channel's rebalance
     * listener). One budget for every call: CloudFront documents no separate rate per API.
     */
    @Produces
    @Singleton
    CloudFrontInvalidations cloudFront(SimulatedCloudFront simulated) {
        return paced(simulated);
    }

    @Produces
    @Singleton
    DistributionDescriptions distributions(SimulatedCloudFront simulated) {
        return paced(simulated);
    }

    /** This replica's part of each distribution's in-progress quotas, following the same assignment. */
    @Produces
    @Singleton
    QuotaShares quotaShares(SimulatedCloudFront simulated) {
        paced(simulated);
        AccountBudget budget = budgets.register(BUDGET, drivingTopic, config.account().requestsPerSecond());
        PartitionShares.Mode mode = switch (config.inProgressShare()) {
            case "key" -> PartitionShares.Mode.KEY;
            case "partitions" -> PartitionShares.Mode.PARTITIONS;
            default -> throw new IllegalArgumentException("edgeplane.invalidation.in-progress-share must be key or "
                    + "partitions, was " + config.inProgressShare());
        };
        // Distribution tenants: their own quotas, held with their multi-tenant distribution's partition.
        return new TargetQuotaShares(quotaShares(budget, mode, config.maxPathsInProgress(),
                config.maxWildcardsInProgress(), config.handoverGrace()),
                quotaShares(budget, mode, config.distributionTenant().maxPathsInProgress(),
                        config.distributionTenant().maxWildcardsInProgress(), config.handoverGrace()));
    }

    /**
     * Distributions and distribution tenants behind one port, under the pacer (every call of either kind spends
     * the account's budget), items mapped to the distribution tenants' viewer paths as configured.
     */
    TargetedCloudFront targeted(io.edgeplane.invalidation.domain.CloudFrontInvalidations distributions,
            io.edgeplane.invalidation.domain.DistributionTenantInvalidations tenants) {
        java.util.function.Function<String, String> root = switch (config.distributionTenant().viewerPaths()) {
            case "strip-tenant-root" -> tenantId -> ownership.viewerRoot(Owner.tenant(tenantId));
            case "as-stored" -> null;
            default -> throw new IllegalArgumentException("edgeplane.invalidation.distribution-tenant.viewer-paths "
                    + "must be strip-tenant-root or as-stored, was " + config.distributionTenant().viewerPaths());
        };
        return new TargetedCloudFront(distributions, tenants, root);
    }

    /**
     * In-progress shares following the budget's assignment. The budget counts every partition of the topic (no
     * working subset), so its position i is partition i.
     */
    public static PartitionShares quotaShares(AccountBudget budget, PartitionShares.Mode mode, int maxPaths,
            int maxWildcards, java.time.Duration grace) {
        return new PartitionShares(() -> {
            BudgetShare share = budget.share();
            return new PartitionShares.Assignment(share.owned(), share.total());
        }, Adapters::partitionOf, mode, maxPaths, maxWildcards, grace);
    }

    /** The partition Kafka's default partitioner gives a record keyed by the distribution id (FilesDistributed). */
    public static int partitionOf(String distributionId, int partitions) {
        return Utils.toPositive(Utils.murmur2(distributionId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The budget's name in {@code edgeplane_invalidation_budget_*{budget=...}}. */
    public static final String BUDGET = "cloudfront";

    private PacedCloudFront paced(SimulatedCloudFront simulated) {
        if (paced == null) {
            synchronized (this) {
                if (paced == null) {
                    AccountBudget budget = budgets.register(BUDGET, drivingTopic, config.account().requestsPerSecond());
                    RequestPacer pacer = new io.edgeplane.invalidation.service.AccountPacer(budget, config.account().maxWait(),
                            config.account().throttlePause());
                    paced = switch (config.adapter()) {
                        case "simulated" -> {
                            simulated.distributionTenantQuotas(config.distributionTenant().maxPathsInProgress(),
                                    config.distributionTenant().maxWildcardsInProgress());
                            yield new PacedCloudFront(targeted(simulated, simulated),
                                    new SimulatedDistributions(config.simulated().domainName()), pacer);
                        }
                        case "aws" -> {
                            AwsCloudFront cloudFront = awsCloudFront(pacer);
                            yield new PacedCloudFront(targeted(cloudFront, cloudFront), cloudFront, pacer);
                        }
                        default -> throw new IllegalArgumentException(
                                "edgeplane.invalidation.adapter must be aws or simulated, was " + config.adapter());
                    };
                }
            }
        }
        return paced;
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

    private AwsCloudFront awsCloudFront(RequestPacer furtherPages) {
        if (awsCloudFront == null) {
            synchronized (this) {
                if (awsCloudFront == null) {
                    // CloudFront is global: SigV4 region us-east-1 ("aws-global"); the scheduler does the retrying.
                    CloudFrontClient client = aws.configure(CloudFrontClient.builder(), "cloudfront", Region.AWS_GLOBAL)
                            .httpClient(aws.httpClient())
                            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                            .build();
                    awsCloudFront = new AwsCloudFront(client, furtherPages);
                }
            }
        }
        return awsCloudFront;
    }
}
