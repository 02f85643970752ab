package io.edgeplane.distributor.deployment.config;

import io.edgeplane.events.DeploymentMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How the distributor promotes DeploymentCompleted builds (issue 6). */
@ConfigMapping(prefix = "edgeplane.distributor.deployments")
public interface DeploymentConfig {
    /**
     * The distribution bucket deployments are served from (the shared distribution's origin). Absent:
     * {@code edgeplane.distributor.distribution-bucket}; neither: every deployment is rejected as not configured.
     */
    Optional<String> bucket();

    /** Mode for tenant deployments that do not name one: {@code pointer} or {@code copy}. Sites always copy. */
    @WithDefault("copy")
    DeploymentMode defaultMode();

    /**
     * The folder under a tenant's served root ({@code edgeplane.ownership.tenant-served-root}) that holds
     * its builds: {@code tenants/{id}/deployments/{buildId}/}. A site is served from its served root.
     */
    @WithDefault("deployments")
    String deploymentsFolder();

    /** The folder copy mode syncs into under the tenant root, and the pointer value that selects it. */
    @WithDefault("current")
    String liveFolder();

    /**
     * Where the deployment manifests and histories go, below the distributor's state location
     * ({@code edgeplane.distributor.state.bucket} / {@code .prefix}, as for data manifests): never in the
     * distribution bucket, which CloudFront serves and the service may not read.
     */
    @WithDefault("deployments/")
    String statePrefix();

    /** History lines kept per tenant or site. */
    @WithDefault("50")
    int historyLimit();

    /** Globs (build-relative) of entry points: copied after everything else. */
    @WithDefault("**/*.html,**/*.htm,**/sw.js,**/service-worker.js,**/manifest.webmanifest,**/manifest.json,robots.txt,sitemap.xml")
    List<String> entryPoints();

    MaxDeletes maxDeletes();

    Pointer pointer();

    Retry retry();

    /** The delete guard: a copy-mode promotion over either limit fails instead of running. */
    interface MaxDeletes {
        /** Most files one promotion may delete. */
        @WithDefault("1000")
        int count();

        /** Largest share of the served files one promotion may delete... */
        @WithDefault("0.3")
        double fraction();

        /** ...applied once at least this many files are served. */
        @WithDefault("20")
        int fractionMinFiles();
    }

    interface Pointer {
        /** {@code aws} (CloudFront KeyValueStore) or {@code simulated} (in-process, local runs and tests). */
        @WithDefault("aws")
        String adapter();

        /** ARN of the KeyValueStore associated with the tenant routing function. Absent: pointer mode unavailable. */
        Optional<String> kvsArn();

        /** Attempts of the describe/get/put-if-match cycle on conflicts and throttling. */
        @WithDefault("8")
        int maxAttempts();
    }

    /**
     * A promotion stopped by a transient failure is run again after this backoff (full jitter) until
     * {@code give-up-after}; then it fails with DeploymentFailed {@code s3-failure} and is dead-lettered.
     */
    interface Retry {
        @WithDefault("1s")
        Duration base();

        @WithDefault("60s")
        Duration cap();

        /** Stays below the deployments channel's 15-minute unprocessed-record limit. */
        @WithDefault("10m")
        Duration giveUpAfter();
    }
}
