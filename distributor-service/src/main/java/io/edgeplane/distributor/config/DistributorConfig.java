package io.edgeplane.distributor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the distributor-service ({@code edgeplane.distributor.*}). */
@ConfigMapping(prefix = "edgeplane.distributor")
public interface DistributorConfig {
    /**
     * The CloudFront-backed bucket data files are copied to. Absent or empty: distribution is skipped,
     * visibly (log, {@code edgeplane_distributor_files_skipped_total}, FilesDistributed with {@code skipped}).
     */
    Optional<String> distributionBucket();

    /** The CloudFront distribution serving that bucket, named in FilesDistributed. Absent: skipped as above. */
    Optional<String> distributionId();

    Data data();

    Copy copy();

    State state();

    Announced announced();

    /** The memory of what was announced (a replay is announced and counted once); rebuilt from the output topics. */
    interface Announced {
        /**
         * How far back the output topics are read at start-up: at least the longest a record may stay
         * unacknowledged (the deployments channel allows 15 min), plus the window in which a producer's
         * duplicate should still be recognised.
         */
        @WithDefault("24h")
        Duration lookback();

        /** DeploymentPromoted/DeploymentFailed remembered (oldest forgotten first). */
        @WithDefault("100000")
        int events();

        /** Files and changed paths of FilesDistributed remembered (about 60 bytes each). */
        @WithDefault("500000")
        int items();

        /** Give up reading back after this long and run without the memory (a replay may then be re-announced). */
        @WithDefault("60s")
        Duration timeout();
    }

    interface Data {
        /** Key prefix of data files in the distribution bucket: {@code data} gives {@code data/regions.json}. */
        @WithDefault("data")
        String prefix();
    }

    interface Copy {
        /** Copies in flight at once (each on a virtual thread). */
        @WithDefault("16")
        int maxConcurrent();

        /** Attempts per file before it counts as failed (transient errors only; permanent ones fail at once). */
        @WithDefault("5")
        int maxAttempts();

        /** Backoff between attempts: first ceiling (full jitter). */
        @WithDefault("200ms")
        Duration retryBase();

        /** Backoff ceiling. */
        @WithDefault("10s")
        Duration retryCap();

        /** Objects larger than this are copied in parts; at most 5 GiB, S3's CopyObject limit. */
        @WithDefault("5368709120")
        long multipartThreshold();

        /** Preferred UploadPartCopy size (5 MiB..5 GiB; raised when 10,000 parts would not do). */
        @WithDefault("536870912")
        long partSize();
    }

    interface State {
        /** Bucket holding the distributor's manifests (it may read and write there). */
        @WithDefault("edgeplane-source")
        String bucket();

        /** Key prefix of the manifests: {@code <prefix><datasetId>.json}. */
        @WithDefault("distributor-state/")
        String prefix();

        /**
         * Also list the distribution prefix (s3:ListBucket) to catch objects deleted or replaced behind the
         * distributor's back; off: the manifest alone decides.
         */
        @WithDefault("true")
        boolean verifyWithListing();
    }
}
