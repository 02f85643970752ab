package io.edgeplane.distributor.service;

import io.edgeplane.distributor.aws.S3DistributionListing;
import io.edgeplane.distributor.aws.S3ManifestStore;
import io.edgeplane.distributor.aws.S3ObjectCopier;
import io.edgeplane.distributor.config.DistributorConfig;
import io.edgeplane.distributor.domain.CopyPlanner;
import io.edgeplane.distributor.domain.DistributionListing;
import io.edgeplane.distributor.domain.DistributionTarget;
import io.edgeplane.distributor.domain.PartPlanner;
import io.edgeplane.distributor.messaging.AnnouncementMemory;
import io.edgeplane.events.DataFetched;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.cache.CachePolicy;
import io.edgeplane.platform.messaging.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wires {@link DataDistributor} from configuration; the DataFetched consumer hands over to it. Built at
 * start-up so that its meters exist (at zero) before the first DataFetched.
 */
@io.quarkus.runtime.Startup
@ApplicationScoped
public class DataDistribution {
    private static final Logger LOG = Logger.getLogger(DataDistribution.class);
    /** Broker trouble is transient: keep the DataFetched unacknowledged and retry the announcement. */
    private static final Backoff PUBLISH_RETRY = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 10);

    @Inject
    DistributorConfig config;
    @Inject
    CachePolicy cachePolicy;
    @Inject
    S3Client s3;
    @Inject
    EventPublisher publisher;
    @Inject
    MeterRegistry registry;
    @Inject
    AnnouncementMemory memory;
    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private DataDistributor distributor;

    @PostConstruct
    void init() {
        DistributorConfig.Copy copy = config.copy();
        Clock clock = Clock.systemUTC();
        CopyPlanner planner = new CopyPlanner(cachePolicy, copy.multipartThreshold(), new PartPlanner(copy.partSize()));
        ParallelCopier copier = new ParallelCopier(new S3ObjectCopier(s3), copy.maxConcurrent(),
                new Backoff(copy.retryBase(), copy.retryCap(), copy.maxAttempts()), clock);
        Optional<DistributionListing> listing = config.state().verifyWithListing()
                ? Optional.of(new S3DistributionListing(s3)) : Optional.empty();
        distributor = new DataDistributor(setup(config), planner, copier,
                new S3ManifestStore(s3, config.state().bucket(), config.state().prefix()), listing, this::publish,
                new DistributionMetrics(registry, applicationName), clock, memory.announcements());
    }

    static DataDistributor.Setup setup(DistributorConfig config) {
        Optional<String> bucket = config.distributionBucket().filter(b -> !b.isBlank());
        Optional<String> id = config.distributionId().filter(i -> !i.isBlank());
        if (bucket.isEmpty()) {
            return new DataDistributor.Setup.NotConfigured("Distribution bucket not configured "
                    + "(edgeplane.distributor.distribution-bucket)", "bucket-not-configured", null, id.orElse(null));
        }
        if (id.isEmpty()) {
            return new DataDistributor.Setup.NotConfigured("Distribution id not configured "
                    + "(edgeplane.distributor.distribution-id): nobody could refresh the CDN after a copy",
                    "distribution-id-not-configured", bucket.get(), null);
        }
        return new DataDistributor.Setup.Configured(new DistributionTarget(bucket.get(), config.data().prefix(),
                id.get()));
    }

    public FilesDistributed distribute(String eventId, DataFetched event) {
        return distributor.distribute(eventId, event);
    }

    private void publish(FilesDistributed event) {
        for (int attempt = 0;; attempt++) {
            try {
                publisher.publishAndWait(event);
                return;
            } catch (EventPublisher.EventPublishException e) {
                if (attempt + 1 >= PUBLISH_RETRY.maxAttempts()) {
                    throw e;
                }
                LOG.warnf("FilesDistributed not yet published (%s); retrying", e.getMessage());
                try {
                    Thread.sleep(PUBLISH_RETRY.delay(attempt).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
