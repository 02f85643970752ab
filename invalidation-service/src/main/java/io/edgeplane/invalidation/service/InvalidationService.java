package io.edgeplane.invalidation.service;

import io.edgeplane.events.EventEnvelope;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.events.InvalidEventException;
import io.edgeplane.events.InvalidationCompleted;
import io.edgeplane.events.InvalidationFailed;
import io.edgeplane.events.InvalidationSubmitted;
import io.edgeplane.events.Violation;
import io.edgeplane.invalidation.config.InvalidationConfig;
import io.edgeplane.invalidation.domain.Announcements;
import io.edgeplane.platform.messaging.OwnOutputs;
import io.edgeplane.invalidation.domain.Boundary;
import io.edgeplane.invalidation.domain.CacheAdvisor;
import io.edgeplane.invalidation.domain.CacheStatistics;
import io.edgeplane.invalidation.domain.CacheStatisticsSource;
import io.edgeplane.invalidation.domain.ChangeAdmission;
import io.edgeplane.invalidation.domain.ChangeAdmission.Refused;
import io.edgeplane.invalidation.domain.ChangeBatch;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations;
import io.edgeplane.invalidation.domain.CoalescingWindow;
import io.edgeplane.invalidation.domain.CostModel;
import io.edgeplane.invalidation.domain.Coverage;
import io.edgeplane.invalidation.domain.DistributionDescriptions;
import io.edgeplane.invalidation.domain.DistributionSummary;
import io.edgeplane.invalidation.domain.DistributionTenants;
import io.edgeplane.invalidation.domain.InvalidationTarget;
import io.edgeplane.invalidation.domain.InvalidationActivity;
import io.edgeplane.invalidation.domain.InvalidationItem;
import io.edgeplane.invalidation.domain.InvalidationListener;
import io.edgeplane.invalidation.domain.InvalidationPlanner;
import io.edgeplane.invalidation.domain.InvalidationScheduler;
import io.edgeplane.invalidation.domain.ItemKind;
import io.edgeplane.invalidation.domain.LearnedPopulation;
import io.edgeplane.invalidation.domain.PathNormalizer;
import io.edgeplane.invalidation.domain.PathNormalizer.IndexScope;
import io.edgeplane.invalidation.domain.PathNormalizer.Items;
import io.edgeplane.invalidation.domain.PathNormalizer.Rejected;
import io.edgeplane.invalidation.domain.PathNormalizer.Source;
import io.edgeplane.invalidation.domain.PlannedItem;
import io.edgeplane.invalidation.domain.QuotaShares;
import io.edgeplane.invalidation.domain.Recommendation;
import io.edgeplane.invalidation.domain.SetRoots;
import io.edgeplane.platform.messaging.EventPublisher;
import io.edgeplane.platform.ownership.Owner;
import io.edgeplane.platform.ownership.Ownership;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The invalidation-service's core: normalises what changed (FilesDistributed or REST), feeds the
 * {@link InvalidationScheduler} on its own thread, turns its news into InvalidationSubmitted/
 * Completed/Failed events and metrics, and answers the REST views.
 */
@ApplicationScoped
public class InvalidationService {
    private static final Logger LOG = Logger.getLogger(InvalidationService.class);

    @Inject
    InvalidationConfig config;

    @Inject
    CloudFrontInvalidations cloudFront;

    @Inject
    DistributionDescriptions distributions;

    @Inject
    QuotaShares quotaShares;

    @Inject
    CacheStatisticsSource statisticsSource;

    @Inject
    EventPublisher publisher;

    @Inject
    Ownership ownership;

    @Inject
    MeterRegistry registry;

    @Inject
    io.edgeplane.platform.messaging.SourcesConfig sources;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    @Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    private final Clock clock = Clock.systemUTC();
    private final Map<String, PathNormalizer> normalizers = new ConcurrentHashMap<>();
    private final Map<String, LearnedPopulation> populations = new ConcurrentHashMap<>();
    private final Map<String, Deque<ActivityEntry>> activity = new ConcurrentHashMap<>();
    private final Map<String, CacheStatistics> latestStatistics = new ConcurrentHashMap<>();
    private final BlockingQueue<Boolean> wake = new ArrayBlockingQueue<>(1);
    private InvalidationScheduler scheduler;
    private InvalidationMetrics metrics;
    private Boundary boundary;
    private ChangeAdmission admission;
    private SetRoots setRoots;
    private volatile Announcements announcements;
    private volatile OwnOutputs statusOutputs;
    /** Which tenant each distribution tenant serves, from the dns-service alone. */
    private final DistributionTenants distributionTenants = new DistributionTenants();
    private volatile OwnOutputs dnsOutputs;
    private final java.util.concurrent.CountDownLatch announcementsRead = new java.util.concurrent.CountDownLatch(1);
    private Thread loop;
    private ScheduledExecutorService statisticsPoller;
    private volatile boolean running;

    void start(@Observes StartupEvent event) {
        boundary = Boundary.of(ownership);
        admission = new ChangeAdmission(ownership);
        setRoots = config.setRoots().map(SetRoots::parse).orElse(SetRoots.DEFAULTS);
        var cost = new CostModel(config.cost().collateralPerObject(), config.cost().wildcardSlot(),
                config.cost().waitingPath());
        var settings = new InvalidationScheduler.Settings(new CoalescingWindow(config.window(), config.maxWait()),
                config.maxPathsInProgress(), config.maxWildcardsInProgress(), 3_000, config.requestsPerSecond(),
                config.requestBurst(), config.pollInterval(), config.lookback(), config.clockSkew(),
                config.backoffBase(), config.backoffCap(), config.expectedCompletion());
        scheduler = new InvalidationScheduler(cloudFront, new InvalidationPlanner(boundary, cost), settings, clock,
                new Listener(), this::population, id -> distribution(id).cacheTags(), quotaShares);
        metrics = new InvalidationMetrics(registry, applicationName, scheduler::pendingPaths,
                () -> scheduler.utilisation(ItemKind.PATH), () -> scheduler.utilisation(ItemKind.WILDCARD));
        scheduler.onWork(() -> wake.offer(Boolean.TRUE));
        if (config.distributionTenant().enabled()) {
            dnsOutputs = DistributionTenantAnnouncements.follow(kafkaConfig, config.distributionTenant().source(),
                    sources.allowed().get(io.edgeplane.events.Topics.TENANTS_DNS),
                    config.distributionTenant().readBackTimeout(), distributionTenants);
        }
        Thread.ofPlatform().name("announcements-read-back").daemon().start(this::readAnnouncements);
        running = true;
        loop = Thread.ofPlatform().name("invalidation-scheduler").daemon().start(this::run);
        List<String> polled = config.statistics().distributions().orElse(List.of());
        polled.forEach(metrics::expectStatistics);
        if (!polled.isEmpty()) {
            statisticsPoller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .name("cache-statistics").daemon().factory());
            statisticsPoller.scheduleWithFixedDelay(() -> polled.forEach(this::refreshStatistics), 0,
                    config.statistics().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        OwnOutputs outputs = statusOutputs;
        if (outputs != null) {
            outputs.close();
        }
        OwnOutputs dns = dnsOutputs;
        if (dns != null) {
            dns.close();
        }
        wake.offer(Boolean.TRUE);
        if (statisticsPoller != null) {
            statisticsPoller.shutdownNow();
        }
    }

    /**
     * Rebuilds the memory of what was announced from the status topic and keeps following it (what other replicas
     * announce too); intake waits for the read-back.
     */
    void readAnnouncements() {
        Announcements memory = new Announcements(config.announcedMemory());
        OwnOutputs previous = statusOutputs;
        if (previous != null) {
            previous.close();
        }
        OwnOutputs outputs = OwnOutputs.follow("announcements", kafkaConfig,
                List.of(io.edgeplane.events.Topics.INVALIDATIONS_STATUS), "/edgeplane/" + applicationName,
                clock.instant().minus(config.announcedLookback()), AnnouncementReadBack.STATUS, Duration.ofSeconds(60),
                event -> AnnouncementReadBack.remember(event, memory));
        statusOutputs = outputs;
        try {
            // Availability first: without the memory a replay may be announced twice, never lost.
            outputs.awaitCaughtUp(Duration.ofSeconds(65));
            // A change taken in before its tenant's distribution tenant is known would miss that cache.
            OwnOutputs dns = dnsOutputs;
            if (dns != null) {
                dns.awaitCaughtUp(config.distributionTenant().readBackTimeout().plusSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        announcements = memory;
        announcementsRead.countDown();
    }

    /**
     * Shortest pause between two ticks: arrivals wake the scheduler, and on a busy topic a tick per record
     * took a core from the intake (IngestRate); one tick per few milliseconds takes in whatever arrived,
     * well within the coalescing window.
     */
    private static final long MIN_TICK_INTERVAL_MILLIS = 5;

    private void run() {
        while (running) {
            try {
                long tickStart = System.nanoTime();
                Instant next = scheduler.tick();
                long waitMillis = Math.clamp(Duration.between(clock.instant(), next).toMillis(), 10, 1_000);
                wake.poll(waitMillis, TimeUnit.MILLISECONDS);
                long sinceTick = (System.nanoTime() - tickStart) / 1_000_000;
                if (running && sinceTick < MIN_TICK_INTERVAL_MILLIS) {
                    Thread.sleep(MIN_TICK_INTERVAL_MILLIS - sinceTick);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // A bug must not stop freshness for good: log, pause, go on.
                LOG.error("scheduler tick failed", e);
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Intake.

    /**
     * Takes a FilesDistributed in. The stage completes when every changed path is inside an
     * invalidation CloudFront created, or was reported in InvalidationFailed: then the record may
     * be acknowledged.
     */
    public CompletableFuture<Coverage> accept(EventEnvelope<FilesDistributed> envelope) {
        FilesDistributed event = envelope.data();
        if (event.skipped() || event.distributionId() == null
                || event.changedPaths().isEmpty() && event.cacheTags().isEmpty()) {
            return CompletableFuture.completedFuture(new Coverage(envelope.id(), List.of(), List.of()));
        }
        awaitAnnouncements();
        String distributionId = event.distributionId();
        ChangeBatches.Conversion conversion = ChangeBatches.of(envelope, normalizer(distributionId), admission);
        // By the event's tenant alone, as the dns-service announced it: the payload never names a target.
        InvalidationTarget target = distributionTenants.target(distributionId, event.siteId() == null
                ? event.tenantId() : null);
        ChangeBatches.learn(population(target.key()), admission, setRoots, conversion, event);
        List<String> rejectedPaths = conversion.refused().stream().map(Refused::value).toList();
        CompletableFuture<?> failures = CompletableFuture.completedFuture(null);
        if (!rejectedPaths.isEmpty() && announcements().firstRefusal(envelope.id())) {
            conversion.refused().forEach(r -> metrics.refused(r.rule()));
            InvalidationFailed failed = refusedFailure(distributionId, conversion.refused(), clock.instant(),
                    envelope.id());
            LOG.warnf("FilesDistributed %s for %s: %s", envelope.id(),
                    conversion.owner().map(Owner::toString).orElse("no owner"), failed.message());
            failures = publisher.publish(failed).toCompletableFuture()
                    .exceptionally(e -> {
                        LOG.warnf("InvalidationFailed for %s not published: %s", envelope.id(), e.getMessage());
                        return null;
                    });
        }
        if (conversion.batch() == null) {
            return failures.thenApply(x -> new Coverage(envelope.id(), List.of(), rejectedPaths));
        }
        ChangeBatch batch = conversion.batch();
        if (target.isDistributionTenant()) {
            batch = new ChangeBatch(batch.id(), target.key(), batch.items(), batch.cacheTags(), batch.changedAt(),
                    batch.publishedAt(), batch.immediate());
        }
        CompletableFuture<Coverage> covered = scheduler.submit(batch);
        if (announcements().firstTaken(envelope.id())) {
            metrics.takenIn(conversion.batch().items());
        }
        return covered.thenCombine(failures, (c, x) -> {
            List<String> failed = new ArrayList<>(c.failedItems());
            failed.addAll(rejectedPaths);
            return new Coverage(c.batchId(), c.invalidationIds(), failed);
        });
    }

    private void awaitAnnouncements() {
        try {
            if (!announcementsRead.await(90, TimeUnit.SECONDS)) {
                LOG.warn("announcements not read back after 90 s; taking changes in anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Completes once changes may be taken in: the announcements were read back, and the queue is under its
     * bound, so the topic is read no faster than CloudFront drains it. Completes at once in the common case;
     * otherwise from a timer, so no thread is held while the intake waits (the channel reads the next record
     * only after this stage completes).
     */
    public CompletableFuture<Void> intakeOpen() {
        if (announcementsRead.getCount() == 0 && !overCapacity()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> open = new CompletableFuture<>();
        checkIntake(open);
        return open;
    }

    private boolean overCapacity() {
        return running && scheduler.pendingAfterLastTick() + scheduler.queuedArrivals() > config.maxQueuedPaths();
    }

    private void checkIntake(CompletableFuture<Void> open) {
        if (announcementsRead.getCount() == 0 && !overCapacity()) {
            open.complete(null);
        } else {
            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(() -> checkIntake(open));
        }
    }

    /** What a REST caller asked for, normalised; throws {@link InvalidEventException} naming each bad field. */
    public CompletableFuture<Coverage> request(String distributionId, List<String> paths, List<String> tags,
            boolean immediate, boolean allowAll, String batchId) {
        PathNormalizer normalizer = normalizer(distributionId);
        List<Violation> violations = new ArrayList<>();
        Set<InvalidationItem> items = new LinkedHashSet<>();
        for (int i = 0; i < paths.size(); i++) {
            switch (normalizer.normalize(paths.get(i), Source.REQUEST, allowAll)) {
                case Items ok -> items.addAll(ok.items());
                case Rejected r -> violations.add(new Violation("paths[" + i + "]", r.rule(), r.message()));
            }
        }
        for (int i = 0; i < tags.size(); i++) {
            if (!distribution(distributionId).cacheTags()) {
                violations.add(new Violation("tags[" + i + "]", "tags-not-enabled", "distribution " + distributionId
                        + " has no cache tag configuration (edgeplane.invalidation.distributions.\"" + distributionId
                        + "\".cache-tags)"));
                continue;
            }
            switch (PathNormalizer.tag(tags.get(i))) {
                case Items ok -> items.addAll(ok.items());
                case Rejected r -> violations.add(new Violation("tags[" + i + "]", r.rule(), r.message()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations);
        }
        if (items.isEmpty()) {
            throw new InvalidEventException(List.of(new Violation("paths", "not-empty",
                    "give at least one path or tag")));
        }
        Instant now = clock.instant();
        if (quotaShares.heldElsewhere(distributionId, now)) {
            // Queued here it would wait until this replica happened to gain the distribution's partition.
            throw new io.edgeplane.invalidation.domain.CloudFrontFailure(
                    io.edgeplane.invalidation.domain.CloudFrontFailure.HELD_ELSEWHERE, 503, true,
                    "distributionId '" + distributionId + "': another replica holds its in-progress quotas (the "
                            + "FilesDistributed partition its id keys) [quota-held-elsewhere]; nothing was queued, retry");
        }
        String id = batchId != null ? batchId : "request-" + UUID.randomUUID();
        return scheduler.submit(new ChangeBatch(id, distributionId, List.copyOf(items), List.of(), now, now, immediate));
    }

    /** How many refused items are described in full in the message; the rest by value and rule. */
    private static final int DESCRIBED_REFUSALS = 20;

    /**
     * ONE InvalidationFailed for every item of an event that is refused. The contract has one
     * {@code errorCode} per event: it is the rule when all items share it, else the distinct rules in
     * order of first appearance, comma-separated; the message names each item with its rule.
     */
    static InvalidationFailed refusedFailure(String distributionId, List<Refused> refused, Instant at, String causedBy) {
        List<Refused> listed = refused.stream().limit(io.edgeplane.events.Constraints.MAX_LIST).toList();
        String code = String.join(",", listed.stream().map(Refused::rule).distinct().toList());
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            Refused r = listed.get(i);
            parts.add(i < DESCRIBED_REFUSALS ? r.reason() + " [" + r.rule() + "]" : "'" + r.value() + "' [" + r.rule()
                    + "]");
        }
        return new InvalidationFailed(distributionId, null, listed.stream().map(Refused::value).toList(), code,
                listed.size() + " item(s) refused, none of them invalidated: " + String.join("; ", parts), at,
                List.of(causedBy));
    }

    // ------------------------------------------------------------------------------------------
    // Views.

    public List<InvalidationScheduler.QueueView> queues() {
        return scheduler.queues();
    }

    public InvalidationScheduler.QueueView queue(String distributionId) {
        return scheduler.queue(distributionId);
    }

    /** This replica's share of the distribution's in-progress quotas now. */
    public io.edgeplane.invalidation.domain.InProgressShare share(String distributionId) {
        return quotaShares.share(distributionId, clock.instant());
    }

    public InvalidationScheduler.TrackedView tracked(String invalidationId) {
        return scheduler.tracked(invalidationId);
    }

    public CloudFrontInvalidations.InvalidationRecord invalidation(String distributionId, String invalidationId) {
        return cloudFront.get(distributionId, invalidationId);
    }

    public DistributionSummary describe(String distributionId) {
        return distributions.describe(distributionId);
    }

    public boolean tagsEnabled(String distributionId) {
        return distribution(distributionId).cacheTags();
    }

    /** An owner's viewer root, as the ownership model derives it. */
    public String viewerRoot(Owner owner) {
        return ownership.viewerRoot(owner);
    }

    public InvalidationConfig config() {
        return config;
    }

    /** Statistics (cached from the poller when fresh), recommendations and this service's activity. */
    public StatisticsView statistics(String distributionId, Duration period) {
        Instant now = clock.instant();
        CacheStatistics stats = latestStatistics.get(distributionId);
        if (stats == null || !period.equals(config.statistics().period())
                || stats.to().isBefore(now.minus(config.statistics().pollInterval()))) {
            stats = statisticsSource.fetch(distributionId, now.minus(period), now);
        }
        DistributionSummary summary = null;
        try {
            summary = distributions.describe(distributionId);
        } catch (RuntimeException e) {
            LOG.warnf("cannot describe %s for recommendations: %s", distributionId, e.getMessage());
        }
        InvalidationActivity act = activity(distributionId, now);
        List<Recommendation> recommendations = new CacheAdvisor(config.statistics().hitRateThreshold())
                .advise(stats, summary, act);
        return new StatisticsView(stats, act, recommendations, summary == null ? null : summary.status());
    }

    public record StatisticsView(CacheStatistics statistics, InvalidationActivity lastDay,
            List<Recommendation> recommendations, String distributionStatus) {
    }

    private void refreshStatistics(String distributionId) {
        try {
            Instant now = clock.instant();
            CacheStatistics stats = statisticsSource.fetch(distributionId, now.minus(config.statistics().period()), now);
            latestStatistics.put(distributionId, stats);
            metrics.statistics(stats);
        } catch (RuntimeException e) {
            metrics.error(InvalidationMetrics.STATISTICS_ERROR);
            LOG.warnf("cache statistics of %s unavailable: %s", distributionId, e.getMessage());
        }
    }

    private InvalidationActivity activity(String distributionId, Instant now) {
        Deque<ActivityEntry> entries = activity.get(distributionId);
        if (entries == null) {
            return InvalidationActivity.NONE;
        }
        synchronized (entries) {
            while (!entries.isEmpty() && entries.peekFirst().at().isBefore(now.minus(Duration.ofDays(1)))) {
                entries.pollFirst();
            }
            long requests = entries.size();
            long p = entries.stream().mapToLong(ActivityEntry::paths).sum();
            long w = entries.stream().mapToLong(ActivityEntry::wildcards).sum();
            long t = entries.stream().mapToLong(ActivityEntry::tags).sum();
            return new InvalidationActivity(requests, p, w, t);
        }
    }

    private record ActivityEntry(Instant at, long paths, long wildcards, long tags) {
    }

    // ------------------------------------------------------------------------------------------

    /** The memory, once read back (REST requests may reach the scheduler before the intake waits). */
    private Announcements announcements() {
        awaitAnnouncements();
        return announcements;
    }

    /** What the dns-service taught so far (tests, and the log). */
    DistributionTenants distributionTenants() {
        return distributionTenants;
    }

    /** Tests: forget in-process memory and read the status topic back, as a restarted instance would. */
    void restartAnnouncementMemory() {
        readAnnouncements();
    }

    private LearnedPopulation population(String distributionId) {
        return populations.computeIfAbsent(distributionId,
                id -> new LearnedPopulation(config.unknownPrefixObjects(), config.maxObservedPaths()));
    }

    /** A distribution's settings; a distribution tenant's are its multi-tenant distribution's. */
    private InvalidationConfig.Distribution distribution(String key) {
        String id = InvalidationTarget.parse(key).distributionId();
        return config.distributions().getOrDefault(id, config.defaultDistribution());
    }

    private PathNormalizer normalizer(String distributionId) {
        return normalizers.computeIfAbsent(distributionId, id -> {
            InvalidationConfig.Distribution d = distribution(id);
            return new PathNormalizer(boundary, d.indexDocument().orElse(null),
                    IndexScope.valueOf(d.indexScope().toUpperCase(Locale.ROOT)));
        });
    }

    /** Scheduler news to events and metrics (runs on the scheduler thread). */
    private final class Listener implements InvalidationListener {
        @Override
        public CompletionStage<?> submitted(Submitted s) {
            List<PlannedItem> plan = s.plan();
            InvalidationTarget target = InvalidationTarget.parse(s.distributionId());
            if (!announcements().firstSubmitted(target.memoryKey(s.invalidation().id()))) {
                // The same CallerReference again (a duplicate or replayed change): CloudFront answered with the
                // invalidation it already has, billed once; it was announced and counted then.
                LOG.debugf("Invalidation %s already announced", s.invalidation().id());
                return CompletableFuture.completedFuture(null);
            }
            metrics.created(plan, target.kind());
            long wildcards = plan.stream().filter(p -> p.item().kind() == ItemKind.WILDCARD).count();
            long tags = plan.stream().filter(p -> p.item().kind() == ItemKind.TAG).count();
            Deque<ActivityEntry> entries = activity.computeIfAbsent(s.distributionId(), k -> new ArrayDeque<>());
            synchronized (entries) {
                entries.addLast(new ActivityEntry(s.submittedAt(), plan.size() - wildcards - tags, wildcards, tags));
            }
            LOG.infof("Invalidation %s on %s: %d items (%d wildcards, %d tags) for %d change(s)",
                    s.invalidation().id(), s.distributionId(), plan.size(), wildcards, tags, s.causedBy().size());
            return publisher.publish(new InvalidationSubmitted(target.distributionId(), s.invalidation().id(),
                    s.invalidation().callerReference(), s.invalidation().items(), (int) wildcards, (int) tags,
                    s.firstChangeAt(), s.submittedAt(), s.causedBy(), target.distributionTenantId()))
                    .exceptionally(e -> {
                        LOG.warnf("InvalidationSubmitted for %s not published: %s", s.invalidation().id(), e.getMessage());
                        return null;
                    });
        }

        @Override
        public void completed(Completed c) {
            InvalidationTarget target = InvalidationTarget.parse(c.distributionId());
            if (!announcements().firstCompleted(target.memoryKey(c.invalidationId()))) {
                return;
            }
            long timeToFresh = Math.max(0, Duration.between(c.firstChangeAt(), c.completedAt()).toMillis());
            publisher.publish(new InvalidationCompleted(target.distributionId(), c.invalidationId(),
                    c.callerReference(), c.itemCount(), c.firstChangeAt(), c.completedAt(), timeToFresh, c.causedBy(),
                    target.distributionTenantId()))
                    .exceptionally(e -> {
                        LOG.warnf("InvalidationCompleted for %s not published: %s", c.invalidationId(), e.getMessage());
                        return null;
                    });
        }

        @Override
        public void failed(Failed f) {
            metrics.error(f.code());
            LOG.warnf("Not invalidated on %s (%s): %s", f.distributionId(), f.code(), f.items());
            InvalidationTarget target = InvalidationTarget.parse(f.distributionId());
            publisher.publish(new InvalidationFailed(target.distributionId(), f.invalidationId(),
                    f.items().stream().limit(5_000).toList(), f.code(), f.message(), f.failedAt(), f.causedBy(),
                    target.distributionTenantId()))
                    .exceptionally(e -> {
                        LOG.warnf("InvalidationFailed not published: %s", e.getMessage());
                        return null;
                    });
        }

        @Override
        public void requestFailed(String distributionId, String code) {
            metrics.requestFailed(code, InvalidationTarget.parse(distributionId).kind());
        }

        @Override
        public void fresh(ChangeBatch batch, Duration timeToFresh) {
            if (announcements().firstFresh(batch.id())) {
                metrics.fresh(timeToFresh, InvalidationTarget.parse(batch.distributionId()).kind());
            }
        }
    }
}
