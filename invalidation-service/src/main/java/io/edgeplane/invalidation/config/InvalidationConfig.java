package io.edgeplane.invalidation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the invalidation-service ({@code edgeplane.invalidation.*}). */
@ConfigMapping(prefix = "edgeplane.invalidation")
public interface InvalidationConfig {

    /** Which CloudFront to talk to: {@code aws} (SDK, global endpoint) or {@code simulated} (local stack, tests). */
    @WithDefault("aws")
    String adapter();

    /** Coalescing: changes are held until this long passes without a new change on the distribution... */
    @WithDefault("500ms")
    Duration window();

    /** ...but never longer than this after the oldest pending change arrived. */
    @WithDefault("10s")
    Duration maxWait();

    /**
     * CreateInvalidation calls per second per distribution. Only the replica holding the distribution's
     * FilesDistributed partition submits to it ({@code in-progress-share=key}), so this pace holds across replicas.
     */
    @WithDefault("0.5")
    double requestsPerSecond();

    /** Calls that may go back to back before the rate applies. */
    @WithDefault("1")
    int requestBurst();

    /** The account-wide budget of CloudFront control-plane requests, shared by the replicas. */
    Account account();

    /**
     * How a distribution's in-progress quotas are shared by the replicas: {@code key} (the holder of the partition
     * the distribution id keys holds all of them; FilesDistributed is keyed by distribution) or {@code partitions}
     * (every partition of the topic holds a slice).
     */
    @WithDefault("key")
    String inProgressShare();

    /**
     * How long after gaining a partition this replica waits before it counts the gained share: a CreateInvalidation
     * the previous holder had in flight at its revocation lands first, and is then counted by the re-read (longer
     * than such a request takes; the HTTP client's connection timeout is 5 s).
     */
    @WithDefault("5s")
    Duration handoverGrace();

    /** File paths in progress per distribution (CloudFront quota). */
    @WithDefault("3000")
    int maxPathsInProgress();

    /** Wildcard (and tag) items in progress per distribution (CloudFront quota). */
    @WithDefault("15")
    int maxWildcardsInProgress();

    /**
     * The longest wait between two GetInvalidation polls of one in-progress invalidation: polls start at
     * the expected completion time and back off from a fifth of this up to it.
     */
    @WithDefault("5s")
    Duration pollInterval();

    /**
     * When a new invalidation is first polled, until the distribution's own completions are seen; then
     * learned per distribution (just before the typical completion).
     */
    @WithDefault("20s")
    Duration expectedCompletion();

    /** How far back ListInvalidations is read at start-up, to recognise replayed changes. */
    @WithDefault("30m")
    Duration lookback();

    /**
     * How far back the service's own status topic is read at start-up, so a replayed change is not
     * announced or counted again (at least the uncommitted window: the channel's 10 min record age).
     */
    @WithDefault("1h")
    Duration announcedLookback();

    /** Announced invalidations and changes remembered (oldest forgotten first). */
    @WithDefault("500000")
    int announcedMemory();

    /** Margin between an event producer's clock and CloudFront's create time. */
    @WithDefault("2s")
    Duration clockSkew();

    /** First retry delay ceiling after throttling/5xx (doubles, full jitter). */
    @WithDefault("500ms")
    Duration backoffBase();

    /** Longest retry delay. */
    @WithDefault("60s")
    Duration backoffCap();

    /** Consumption pauses while this many paths are queued (back-pressure on the topic). */
    @WithDefault("50000")
    int maxQueuedPaths();

    /** Planner prices, in billed items. */
    Cost cost();

    /** Objects assumed under a prefix nothing is known about (high: unknown prefixes are expensive). */
    @WithDefault("100000")
    long unknownPrefixObjects();

    /**
     * Owner-less roots one producer's set fills entirely, as {@code origin=/root/}: that origin's
     * FilesDistributed declares its totalFiles under the root. Absent: {@code SetRoots.DEFAULTS}
     * ({@code data=/data/}, the distributor's data prefix).
     */
    Optional<List<String>> setRoots();

    /** Paths remembered per distribution for the object population estimate. */
    @WithDefault("200000")
    int maxObservedPaths();

    /** Per-distribution settings, keyed by distribution id. */
    Map<String, Distribution> distributions();

    /** Defaults for distributions not listed. */
    @WithName("default-distribution")
    Distribution defaultDistribution();

    /** What "invalidate static assets" means (seed 002: CSS, JS, images, fonts). */
    @WithDefault("/static/css/*,/static/js/*,/static/images/*,/static/fonts/*")
    List<String> staticAssets();

    /**
     * What "invalidate for a deployment" means when no tenant or paths are given: the entry points
     * that are not content-hashed (seed 002: HTML for an hour, error pages), never /*.
     */
    @WithDefault("/,/index.html,/404.html,/500.html,/503.html")
    List<String> deploymentPaths();

    Statistics statistics();

    Simulated simulated();

    /** Tenants served by CloudFront SaaS Manager distribution tenants (README, *Distribution tenants*). */
    DistributionTenant distributionTenant();

    interface DistributionTenant {
        /** Follow the dns-service's announcements and invalidate such tenants' changes on their distribution tenant. */
        @WithDefault("true")
        boolean enabled();

        /**
         * The only ce_source that may say which tenant a distribution tenant serves (it must also be in
         * {@code edgeplane.sources.allowed."edgeplane.tenants.dns"} when that list is set).
         */
        @WithDefault("/edgeplane/dns-service")
        String source();

        /**
         * {@code strip-tenant-root}: the multi-tenant distribution's origin path is the tenant's root
         * ({@code /tenants/{tenantId}}), so the distribution tenant's viewers see {@code /app.js} for
         * {@code /tenants/acme/app.js}; {@code as-stored}: its viewer paths keep the root.
         */
        @WithDefault("strip-tenant-root")
        String viewerPaths();

        /**
         * In progress per distribution tenant. CloudFront's quotas page documents 3,000 paths / 15 wildcards per
         * distribution and no separate figure for distribution tenants: assumed the same, per distribution tenant.
         * At most {@code max-paths-in-progress} (the ledger's bound).
         */
        @WithDefault("3000")
        int maxPathsInProgress();

        @WithDefault("15")
        int maxWildcardsInProgress();

        /** How long the start-up read of the announcements may take before intake opens anyway. */
        @WithDefault("60s")
        Duration readBackTimeout();
    }

    interface Cost {
        /** Cost of invalidating one unchanged object, in billed items. */
        @WithDefault("0.01")
        double collateralPerObject();

        /** Cost of holding one of the 15 wildcard slots. */
        @WithDefault("1.0")
        double wildcardSlot();

        /** Cost of a changed path waiting for a free path slot. */
        @WithDefault("0.5")
        double waitingPath();
    }

    interface Distribution {
        /** The distribution has a CacheTagConfig: {@code #tag} items work. */
        @WithDefault("false")
        boolean cacheTags();

        /** Index document for directory URLs (CloudFront's default root object, or a rewrite function's). */
        @WithDefault("index.html")
        Optional<String> indexDocument();

        /** Where the index document applies: {@code none}, {@code root} (default root object only) or {@code all}. */
        @WithDefault("all")
        String indexScope();
    }

    interface Account {
        /**
         * CloudFront control-plane requests per second for the whole AWS account (every replica together: each sends
         * this × its FilesDistributed partitions / all partitions). CloudFront's quotas page documents no API request
         * rate: keep this low, Throttling answers pause the replica.
         */
        @WithDefault("2")
        double requestsPerSecond();

        /** The longest a request waits for one of this replica's slots before it is retried later. */
        @WithDefault("10s")
        Duration maxWait();

        /** How long this replica sends nothing after CloudFront answered Throttling. */
        @WithDefault("2s")
        Duration throttlePause();
    }

    interface Statistics {
        /** {@code aws} (CloudWatch GetMetricData, us-east-1) or {@code simulated}. */
        @WithDefault("aws")
        String adapter();

        /** Distributions whose statistics are polled and exported as gauges. */
        Optional<List<String>> distributions();

        /** How often CloudWatch is polled. */
        @WithDefault("5m")
        Duration pollInterval();

        /** The period the statistics cover. */
        @WithDefault("1h")
        Duration period();

        /** Below this cache hit rate (percent) recommendations are made (seed 002: target > 80 %). */
        @WithDefault("80")
        double hitRateThreshold();
    }

    interface Simulated {
        /** How long a simulated invalidation stays InProgress. */
        @WithDefault("30s")
        Duration completionDelay();

        /** Simulated CreateInvalidation rate per distribution before Throttling. */
        @WithDefault("0.5")
        double requestsPerSecond();

        /** Share of simulated calls answered with Throttling anyway. */
        @WithDefault("0")
        double throttleRate();

        /** Share of simulated calls answered with a 5xx. */
        @WithDefault("0")
        double serverErrorRate();

        /** Distribution id, domain and status the simulated distribution summary reports. */
        @WithDefault("d1edgeplane0001.cloudfront.net")
        String domainName();
    }
}
