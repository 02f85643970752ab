package io.edgeplane.dns.service;

import io.edgeplane.dns.aws.AwsDistributionTenants;
import io.edgeplane.dns.aws.AwsDistributions;
import io.edgeplane.dns.aws.AwsHostedZones;
import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.BatchLimits;
import io.edgeplane.dns.domain.Distributions;
import io.edgeplane.dns.domain.HostedZones;
import io.edgeplane.dns.domain.DistributionTenants;
import io.edgeplane.dns.simulated.SimulatedCloudFront;
import io.edgeplane.dns.simulated.SimulatedDistributionTenants;
import io.edgeplane.dns.simulated.SimulatedRoute53;
import io.edgeplane.platform.aws.AwsClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import io.edgeplane.platform.budget.AccountBudgets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Utils;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * Chooses the adapters by configuration ({@code edgeplane.dns.route53.adapter}, {@code .cloudfront.adapter}:
 * aws or simulated) and builds the pieces every zone writer shares: the clock, one rate limiter for the account,
 * the counters.
 */
@ApplicationScoped
public class DnsAdapters {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.SYSTEM;
    }

    @Produces
    @Singleton
    WriterStats writerStats() {
        return new WriterStats();
    }

    /**
     * Route 53's budget is the account's: this replica spends {@code requests-per-second × its share}, the share
     * being its part of the zone-changes partitions that the managed zones key (see {@link AccountBudgets}).
     */
    @Produces
    @Singleton
    RateLimiter rateLimiter(Clock clock, DnsConfig config, AccountBudgets budgets) {
        if (clock.isVirtual()) {
            return new RateLimiter(clock, config.route53().requestsPerSecond());
        }
        List<String> zoneIds = zonesOf(config);
        return RateLimiter.shared(budgets.register("route53", config.topics().zoneChanges(),
                config.route53().requestsPerSecond(), partitions -> zonePartitions(zoneIds, partitions)));
    }

    /** The partitions Kafka's default partitioner gives the zone ids (the zone-changes topic's keys). */
    static Set<Integer> zonePartitions(List<String> zoneIds, int partitions) {
        Set<Integer> out = new TreeSet<>();
        for (String zoneId : zoneIds) {
            out.add(Utils.toPositive(Utils.murmur2(zoneId.getBytes(StandardCharsets.UTF_8))) % partitions);
        }
        return out;
    }

    /** The in-process Route 53 with every configured zone created (used when the adapter is simulated). */
    @Produces
    @Singleton
    @Typed(SimulatedRoute53.class)
    SimulatedRoute53 simulatedRoute53(Clock clock, DnsConfig config) {
        DnsConfig.Simulated s = config.simulated();
        SimulatedRoute53 route53 = new SimulatedRoute53(clock, new SimulatedRoute53.Settings(
                s.route53RequestsPerSecond(), s.insyncDelay(), s.zoneProcessing(), s.maxRecordsPerZone(),
                limits(config), s.throttleRate(), 42L));
        config.zones().forEach((base, zoneId) -> route53.createZone(zoneId, base));
        return route53;
    }

    @Produces
    @Singleton
    @Typed(SimulatedCloudFront.class)
    SimulatedCloudFront simulatedCloudFront(Clock clock, DnsConfig config) {
        SimulatedCloudFront cloudFront = new SimulatedCloudFront(clock, new SimulatedCloudFront.Settings(
                config.simulated().deployDelay(), config.simulated().maxDistributions()));
        cloudFront.addUnmanaged(config.shared().distributionId(), config.shared().domainName(),
                config.zones().keySet().stream().map(base -> "*." + base).toList());
        return cloudFront;
    }

    /** The in-process CloudFront SaaS Manager; the multi-tenant distribution's certificate covers {@code *.<base>}. */
    @Produces
    @Singleton
    @Typed(SimulatedDistributionTenants.class)
    SimulatedDistributionTenants simulatedDistributionTenants(Clock clock, DnsConfig config) {
        return new SimulatedDistributionTenants(clock, new SimulatedDistributionTenants.Settings(
                config.simulated().deployDelay(), config.simulated().maxDistributionTenants(),
                config.saas().maxDomainsPerTenant(), List.copyOf(config.zones().keySet())));
    }

    @Produces
    @Singleton
    HostedZones hostedZones(DnsConfig config, AwsClients aws, SimulatedRoute53 simulated) {
        if ("simulated".equals(config.route53().adapter())) {
            return simulated;
        }
        Route53Client client = aws.configure(Route53Client.builder(), "route53", Region.AWS_GLOBAL)
                .httpClient(aws.httpClient())
                // The zone writer paces and retries every Route 53 request itself (one limiter per account).
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        return new AwsHostedZones(client);
    }

    @Produces
    @Singleton
    Distributions distributions(DnsConfig config, AwsClients aws, SimulatedCloudFront simulated) {
        if ("simulated".equals(config.cloudfront().adapter())) {
            return simulated;
        }
        return new AwsDistributions(cloudFront(aws));
    }

    /** CloudFront SaaS Manager, through the same adapter choice as the distributions. */
    @Produces
    @Singleton
    DistributionTenants distributionTenants(DnsConfig config, AwsClients aws, SimulatedDistributionTenants simulated) {
        if ("simulated".equals(config.cloudfront().adapter())) {
            return simulated;
        }
        return new AwsDistributionTenants(cloudFront(aws));
    }

    private static CloudFrontClient cloudFront(AwsClients aws) {
        return aws.configure(CloudFrontClient.builder(), "cloudfront", Region.AWS_GLOBAL).httpClient(aws.httpClient())
                .build();
    }

    static BatchLimits limits(DnsConfig config) {
        return new BatchLimits(config.route53().maxValues(), config.route53().maxValueChars(),
                config.route53().maxChanges());
    }

    static List<String> zonesOf(DnsConfig config) {
        return List.copyOf(config.zones().values());
    }
}
