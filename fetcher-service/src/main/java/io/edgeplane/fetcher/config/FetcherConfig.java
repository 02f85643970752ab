package io.edgeplane.fetcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the fetcher-service ({@code edgeplane.fetcher.*}). */
@ConfigMapping(prefix = "edgeplane.fetcher")
public interface FetcherConfig {
    /**
     * Where the metadata comes from: {@code ssm} (AWS Systems Manager public parameters; production)
     * or {@code offline} (a snapshot file; local runs and tests, no network).
     */
    @WithDefault("ssm")
    String source();

    /** Offline source: a snapshot file to use instead of the one bundled with the service. */
    Optional<Path> offlineSnapshot();

    /** Dataset id in DataFetched (its record key). */
    @WithDefault("aws-infrastructure")
    String datasetId();

    Output output();

    History history();

    Ssm ssm();

    Schedule schedule();

    interface Schedule {
        /**
         * When the scheduled fetch runs, a Quarkus cron expression in UTC (seconds first): default daily at
         * 02:00. {@code off} disables the schedule; {@code POST /fetches} still works.
         */
        @WithDefault("0 0 2 * * ?")
        String cron();
    }

    interface Output {
        /** Source bucket the files are written to. */
        @WithDefault("edgeplane-source")
        String bucket();

        /** Key prefix of complete-data.json, regions.json, services.json. */
        @WithDefault("aws-data/")
        String prefix();
    }

    interface History {
        /** Key prefix of the dated snapshots: {@code <prefix><yyyy-MM-dd>/<runId>/<file>}. */
        @WithDefault("aws-data/history/")
        String prefix();

        /** Dated folders older than this many days are deleted after each run. */
        @WithDefault("30")
        int retentionDays();
    }

    interface Ssm {
        /** Region-level SSM reads in flight at once (Parameter Store throttles per account). */
        @WithDefault("4")
        int maxConcurrency();

        /** Backoff on ThrottlingException and transient errors: first ceiling. */
        @WithDefault("200ms")
        Duration retryBase();

        /** Backoff ceiling. */
        @WithDefault("20s")
        Duration retryCap();

        /** Attempts per request before the run fails. */
        @WithDefault("8")
        int maxAttempts();
    }
}
