package io.edgeplane.invalidation.service;

import io.edgeplane.events.EventType;
import io.edgeplane.invalidation.domain.CacheStatistics;
import io.edgeplane.invalidation.domain.CloudFrontFailure;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.ItemKind;
import io.edgeplane.invalidation.domain.PlannedItem;
import io.edgeplane.platform.messaging.MetricNames;
import io.edgeplane.platform.ownership.Ownership;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The service's Prometheus metrics ({@code edgeplane_invalidation_*}). Tags stay low-cardinality:
 * item kind, outcome, error code, target ({@code distribution} or {@code distribution-tenant}: never the
 * tenant's or distribution tenant's id); the distribution id only on the cache statistics gauges, which
 * exist for the configured distributions alone.
 */
public final class InvalidationMetrics {
    private final MeterRegistry registry;
    private final String app;
    private final Map<String, Timer> timeToFresh = new ConcurrentHashMap<>();
    private final Counter changesTaken;
    private final Map<ItemKind, Counter> itemsTaken = new java.util.EnumMap<>(ItemKind.class);
    private final Map<String, AtomicReference<CacheStatistics>> statistics = new ConcurrentHashMap<>();

    public InvalidationMetrics(MeterRegistry registry, String applicationName, Supplier<Number> pendingPaths,
            Supplier<Number> pathUtilisation, Supplier<Number> wildcardUtilisation) {
        this.registry = registry;
        this.app = applicationName;
        Gauge.builder(name("pending.paths"), pendingPaths).description("Items waiting for an invalidation")
                .register(registry);
        Gauge.builder(name("quota.utilisation"), pathUtilisation).tag("kind", "paths")
                .description("Highest share of the 3,000 in-progress paths used on any distribution").register(registry);
        Gauge.builder(name("quota.utilisation"), wildcardUtilisation).tag("kind", "wildcards")
                .description("Highest share of the 15 in-progress wildcards used on any distribution").register(registry);
        for (String target : TARGETS) {
            timeToFresh.put(target, Timer.builder(name("time.to.fresh")).tag("target", target)
                    .description("From the first change to CloudFront Completed")
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1))
                    .maximumExpectedValue(Duration.ofMinutes(30)).register(registry));
        }
        this.changesTaken = Counter.builder(name("changes.taken")).description("Changes handed to the scheduler")
                .register(registry);
        for (ItemKind kind : ItemKind.values()) {
            itemsTaken.put(kind, Counter.builder(name("items.taken")).tag("kind", kind.metricTag())
                    .description("Admitted changed items handed to the scheduler").register(registry));
        }
        registerAtStart();
    }

    /** What an invalidation is created on (tag {@code target}). */
    static final List<String> TARGETS = List.of("distribution", "distribution-tenant");
    /** The statistics poller's error code. */
    static final String STATISTICS_ERROR = "statistics";
    /** Refusal rules an admitted event can meet: the ownership model's and the path normaliser's. */
    static final List<String> REFUSAL_RULES = List.of(Ownership.FOREIGN_SOURCE, Ownership.OUTSIDE_TENANT,
            Ownership.OWNER_ROOT, Ownership.PATH_TRAVERSAL, Ownership.ENCODING, "leading-slash", "max-length",
            "outside-boundary", "wildcard-last", "tag-format", "tag-length");
    /** CloudFront's error codes the scheduler knows, and the statistics poller's. */
    static final List<String> ERROR_CODES = List.of(CloudFrontFailure.TOO_MANY_IN_PROGRESS,
            CloudFrontFailure.BATCH_TOO_LARGE, CloudFrontFailure.INVALID_ARGUMENT, CloudFrontFailure.THROTTLING,
            CloudFrontFailure.ALREADY_EXISTS, CloudFrontFailure.NO_SUCH_DISTRIBUTION,
            CloudFrontFailure.NO_SUCH_INVALIDATION, CloudFrontFailure.ENTITY_NOT_FOUND, CloudFrontFailure.ACCESS_DENIED,
            CloudFrontFailure.NO_BUDGET,
            STATISTICS_ERROR);

    /**
     * Every series of a known tag value exists from start-up at zero, so a dashboard or an alert on rate() sees
     * the first event instead of an absent series (issue 14). Registering is idempotent: the builders used when
     * counting later find these meters.
     */
    private void registerAtStart() {
        for (String target : TARGETS) {
            requests("created", target);
            requests("failed", target);
            for (ItemKind kind : ItemKind.values()) {
                billed(kind, target);
            }
        }
        REFUSAL_RULES.forEach(this::refusedCounter);
        ERROR_CODES.forEach(this::errors);
        // Counted by the platform's EventDecoder under the same name and tag.
        registry.counter(name("events.received"), "type", EventType.FILES_DISTRIBUTED.ceType());
    }

    private Counter requests(String outcome, String target) {
        return Counter.builder(name("requests")).tag("outcome", outcome).tag("target", target)
                .description("CreateInvalidation requests by outcome").register(registry);
    }

    private Counter billed(ItemKind kind, String target) {
        return Counter.builder(name("items.billed")).tag("kind", kind.metricTag()).tag("target", target)
                .description("Items in invalidations CloudFront created (billed), by kind").register(registry);
    }

    private Counter refusedCounter(String rule) {
        return Counter.builder(name("items.refused")).tag("rule", rule)
                .description("Changed paths and cache tags refused (never invalidated), by rule").register(registry);
    }

    private Counter errors(String code) {
        return Counter.builder(name("errors")).tag("code", code).description("Failures by error code")
                .register(registry);
    }

    /**
     * A change taken in: its admitted items (paths include directory URLs) handed to the scheduler. The
     * intake's throughput, next to what was billed.
     */
    public void takenIn(List<InvalidationItem> items) {
        changesTaken.increment();
        long[] byKind = new long[ItemKind.values().length];
        items.forEach(i -> byKind[i.kind().ordinal()]++);
        for (ItemKind kind : ItemKind.values()) {
            if (byKind[kind.ordinal()] > 0) {
                itemsTaken.get(kind).increment(byKind[kind.ordinal()]);
            }
        }
    }

    private String name(String noun) {
        return MetricNames.of(app, noun);
    }

    /** @param target {@code distribution} or {@code distribution-tenant} */
    public void created(List<PlannedItem> plan, String target) {
        requests("created", target).increment();
        for (ItemKind kind : ItemKind.values()) {
            long n = plan.stream().filter(p -> p.item().kind() == kind).count();
            if (n > 0) {
                billed(kind, target).increment(n);
            }
        }
    }

    /** One changed path or tag an event may not invalidate; {@code rule} is one of a few fixed rule names. */
    public void refused(String rule) {
        refusedCounter(rule).increment();
    }

    public void error(String code) {
        errors(code).increment();
    }

    public void requestFailed(String code, String target) {
        requests("failed", target).increment();
        error(code);
    }

    public void fresh(Duration timeToFresh, String target) {
        this.timeToFresh.get(target).record(timeToFresh);
    }

    /** Exports the latest CloudWatch figures of a distribution as gauges. */
    public void statistics(CacheStatistics stats) {
        statisticsOf(stats.distributionId()).set(stats);
    }

    /** The gauges of a polled distribution, from start-up: NaN until its first figures arrive. */
    public void expectStatistics(String distributionId) {
        statisticsOf(distributionId);
    }

    private AtomicReference<CacheStatistics> statisticsOf(String distributionId) {
        return statistics.computeIfAbsent(distributionId, id -> {
            AtomicReference<CacheStatistics> r = new AtomicReference<>();
            gauge("cache.hit.ratio", id, r, s -> s.cacheHitRate() == null ? Double.NaN : s.cacheHitRate() / 100);
            gauge("cache.requests", id, r, CacheStatistics::requests);
            gauge("cache.bytes.downloaded", id, r, CacheStatistics::bytesDownloaded);
            gauge("cache.error.ratio.4xx", id, r, s -> s.errorRate4xx() / 100);
            gauge("cache.error.ratio.5xx", id, r, s -> s.errorRate5xx() / 100);
            gauge("cache.origin.latency.seconds", id, r,
                    s -> s.originLatencyMillis() == null ? Double.NaN : s.originLatencyMillis() / 1000);
            return r;
        });
    }

    private void gauge(String noun, String distributionId, AtomicReference<CacheStatistics> ref,
            java.util.function.ToDoubleFunction<CacheStatistics> value) {
        Gauge.builder(name(noun), ref, r -> r.get() == null ? Double.NaN : value.applyAsDouble(r.get()))
                .tag("distribution", distributionId)
                .register(registry);
    }
}
