package io.edgeplane.fetcher.config;

import io.edgeplane.fetcher.aws.S3DatasetStore;
import io.edgeplane.fetcher.aws.SsmInfrastructureSource;
import io.edgeplane.fetcher.domain.DatasetStore;
import io.edgeplane.fetcher.domain.InfrastructureSource;
import io.edgeplane.fetcher.offline.OfflineInfrastructureSource;
import io.edgeplane.platform.aws.AwsClients;
import io.edgeplane.platform.aws.Backoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Builds the adapters the configuration selects. */
@ApplicationScoped
public class FetcherProducers {

    @Produces
    @ApplicationScoped
    InfrastructureSource infrastructureSource(FetcherConfig config, AwsClients clients) {
        return switch (config.source()) {
            case "ssm" -> new SsmInfrastructureSource(ssmClient(clients), new Backoff(config.ssm().retryBase(),
                    config.ssm().retryCap(), config.ssm().maxAttempts()), config.ssm().maxConcurrency());
            case "offline" -> config.offlineSnapshot().map(OfflineInfrastructureSource::fromFile)
                    .orElseGet(OfflineInfrastructureSource::bundled);
            default -> throw new IllegalArgumentException("edgeplane.fetcher.source='" + config.source()
                    + "' is not a source; use 'ssm' or 'offline'");
        };
    }

    @Produces
    @ApplicationScoped
    DatasetStore datasetStore(FetcherConfig config, S3Client s3) {
        return new S3DatasetStore(s3, config.output().bucket(), config.output().prefix(), config.history().prefix());
    }

    /**
     * SSM without the SDK's own retries: {@link SsmInfrastructureSource} owns the throttling policy
     * (backoff with full jitter, configurable attempts), and two stacked retry loops would multiply.
     */
    static SsmClient ssmClient(AwsClients clients) {
        return clients.configure(SsmClient.builder(), "ssm", clients.region())
                .httpClient(clients.httpClient())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
