package io.edgeplane.distributor.deployment;

import io.edgeplane.distributor.deployment.aws.KeyValueStoreClients;
import io.edgeplane.distributor.deployment.aws.KeyValueStorePointerStore;
import io.edgeplane.distributor.deployment.aws.S3BuildSource;
import io.edgeplane.distributor.deployment.aws.S3DeploymentStateStore;
import io.edgeplane.distributor.deployment.aws.S3ObjectTransfer;
import io.edgeplane.distributor.deployment.config.DeploymentConfig;
import io.edgeplane.distributor.deployment.domain.DeleteGuard;
import io.edgeplane.distributor.deployment.domain.DeploymentLayout;
import io.edgeplane.distributor.deployment.domain.EntryPoints;
import io.edgeplane.distributor.deployment.domain.PointerStore;
import io.edgeplane.distributor.deployment.domain.SyncPlanner;
import io.edgeplane.distributor.deployment.simulated.SimulatedPointerStore;
import io.edgeplane.distributor.aws.S3ObjectCopier;
import io.edgeplane.distributor.config.DistributorConfig;
import io.edgeplane.distributor.messaging.AnnouncementMemory;
import io.edgeplane.distributor.domain.PartPlanner;
import io.edgeplane.distributor.service.ParallelCopier;
import io.edgeplane.platform.aws.AwsClients;
import io.edgeplane.platform.aws.AwsConfig;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.ownership.Ownership;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfrontkeyvaluestore.CloudFrontKeyValueStoreClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the promoter from configuration: adapters chosen by {@code edgeplane.distributor.deployments.*}. */
@ApplicationScoped
public class DeploymentProducers {
    private static final Logger LOG = Logger.getLogger(DeploymentProducers.class);
    static final String KVS = "cloudfront-keyvaluestore";

    static CloudFrontKeyValueStoreClient kvsClient(AwsClients aws, AwsConfig awsConfig) {
        // The API is global and signed with SigV4a; the region only seeds the SDK's configuration.
        var builder = aws.configure(CloudFrontKeyValueStoreClient.builder(), KVS, Region.US_EAST_1).httpClient(aws.httpClient());
        URI override = awsConfig.endpointOverride().get(KVS);
        return (override == null ? builder : KeyValueStoreClients.pinEndpoint(builder, override)).build();
    }

    @Produces
    @Singleton
    PointerStore pointerStore(DeploymentConfig config, AwsClients aws, AwsConfig awsConfig) {
        return switch (config.pointer().adapter()) {
            case "simulated" -> new SimulatedPointerStore();
            case "aws" -> config.pointer().kvsArn().<PointerStore>map(arn -> new KeyValueStorePointerStore(
                    kvsClient(aws, awsConfig), arn))
                    .orElseGet(() -> {
                        LOG.info("No KeyValueStore configured (edgeplane.distributor.deployments.pointer.kvs-arn): "
                                + "pointer-mode deployments will be rejected, copy mode works");
                        return PointerStore.NONE;
                    });
            default -> throw new IllegalArgumentException("edgeplane.distributor.deployments.pointer.adapter='"
                    + config.pointer().adapter() + "' is not one of aws, simulated");
        };
    }

    /** Built at start-up, so that the promotion meters exist (at zero) before the first deployment. */
    @Produces
    @Singleton
    @io.quarkus.runtime.Startup
    DeploymentPromoter promoter(DeploymentConfig config, DistributorConfig distributor, S3Client s3, CachePolicy cachePolicy,
            PointerStore pointers, Ownership ownership, MeterRegistry registry, AnnouncementMemory memory,
            @ConfigProperty(name = "quarkus.application.name") String app) {
        DeploymentLayout layout = new DeploymentLayout(ownership, config.deploymentsFolder(), config.liveFolder());
        if (ownership.buildsBuckets().isEmpty()) {
            LOG.warn("No builds bucket configured (edgeplane.ownership.builds-buckets): every DeploymentCompleted will "
                    + "be refused with DeploymentFailed rule foreign-source");
        }
        String bucket = config.bucket().or(distributor::distributionBucket).filter(b -> !b.isBlank()).orElse(null);
        var settings = new DeploymentPromoter.Settings(bucket, config.defaultMode(), layout,
                new DeleteGuard(config.maxDeletes().count(), config.maxDeletes().fraction(),
                        config.maxDeletes().fractionMinFiles()),
                config.historyLimit());
        // Copies go through the data distribution's copier and its settings (edgeplane.distributor.copy.*).
        DistributorConfig.Copy copy = distributor.copy();
        Backoff copyBackoff = new Backoff(copy.retryBase(), copy.retryCap(), copy.maxAttempts());
        ParallelCopier copier = new ParallelCopier(new S3ObjectCopier(s3), copy.maxConcurrent(), copyBackoff, Clock.systemUTC());
        S3ObjectTransfer transfer = new S3ObjectTransfer(copier, new PartPlanner(copy.partSize()), copy.multipartThreshold(),
                s3, copyBackoff);
        String statePrefix = withSlash(distributor.state().prefix()) + config.statePrefix();
        Backoff pointerBackoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), config.pointer().maxAttempts());
        return new DeploymentPromoter(settings, new SyncPlanner(cachePolicy, new EntryPoints(config.entryPoints())),
                new S3BuildSource(s3), transfer, new S3DeploymentStateStore(s3, distributor.state().bucket(), statePrefix, layout),
                new PointerSwitch(pointers, pointerBackoff), new DeploymentMetrics(registry, app), Clock.systemUTC(),
                memory.announcements());
    }

    private static String withSlash(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    }
}
