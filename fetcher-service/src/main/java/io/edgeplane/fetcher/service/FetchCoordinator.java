package io.edgeplane.fetcher.service;

import io.edgeplane.fetcher.config.FetcherConfig;
import io.edgeplane.fetcher.domain.DatasetBuilder;
import io.edgeplane.fetcher.domain.DatasetStore;
import io.edgeplane.fetcher.domain.FetchRun;
import io.edgeplane.fetcher.domain.HistoryRetention;
import io.edgeplane.fetcher.domain.InfrastructureSource;
import io.edgeplane.fetcher.domain.RunIds;
import io.edgeplane.platform.messaging.EventPublisher;
import io.edgeplane.platform.messaging.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Starts fetches for the schedule and the REST trigger, never two at once, each on its own virtual
 * thread; remembers the latest runs for {@code GET /fetches/...}.
 */
@io.quarkus.runtime.Startup // its meters exist (at zero) from start-up, before the first fetch
@ApplicationScoped
public class FetchCoordinator {
    private static final Logger LOG = Logger.getLogger(FetchCoordinator.class);
    private static final int REMEMBERED_RUNS = 50;

    @Inject
    FetcherConfig config;
    @Inject
    InfrastructureSource source;
    @Inject
    DatasetStore store;
    @Inject
    EventPublisher publisher;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<FetchRun> latest = new AtomicReference<>();
    private final Map<String, FetchRun> runs = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FetchRun> eldest) {
            return size() > REMEMBERED_RUNS;
        }
    };
    private final AtomicReference<Double> lastSuccess = new AtomicReference<>(Double.NaN);
    private Fetcher fetcher;
    private Timer duration;

    @PostConstruct
    void init() {
        fetcher = new Fetcher(source, store, new DatasetBuilder(), new HistoryRetention(config.history().retentionDays()),
                config.datasetId(), clock, event -> publisher.publishAndWait(event).id());
        duration = Timer.builder(MetricNames.of(applicationName, "fetch.duration"))
                .description("Time from trigger to DataFetched acknowledged by the broker")
                .publishPercentileHistogram().register(registry);
        Gauge.builder(MetricNames.of(applicationName, "last.success.timestamp"), lastSuccess, AtomicReference::get)
                .description("When the last successful fetch finished (epoch seconds)").baseUnit("seconds")
                .register(registry);
        // Every series exists from start-up at zero (issue 14); the last success stays NaN until a fetch succeeded.
        for (FetchRun.Trigger trigger : FetchRun.Trigger.values()) {
            for (String outcome : List.of("changed", "unchanged", "failed")) {
                fetches(trigger, outcome);
            }
        }
    }

    private io.micrometer.core.instrument.Counter fetches(FetchRun.Trigger trigger, String outcome) {
        return registry.counter(MetricNames.of(applicationName, "fetches"), "trigger",
                trigger.name().toLowerCase(java.util.Locale.ROOT), "outcome", outcome);
    }

    /** Starts a run unless one is in progress; the returned run is RUNNING. */
    public Optional<FetchRun> start(FetchRun.Trigger trigger) {
        if (!running.compareAndSet(false, true)) {
            return Optional.empty();
        }
        FetchRun started = FetchRun.started(RunIds.next(clock.instant()), trigger, clock.instant(), fetcher.sourceName());
        remember(started);
        try {
            Thread.ofVirtual().name("fetch-" + started.runId()).start(() -> execute(started));
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
        return Optional.of(started);
    }

    private void execute(FetchRun started) {
        FetchRun finished;
        try {
            finished = fetcher.run(started);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Fetch %s failed", started.runId());
            finished = started.failed(clock.instant(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        String outcome = finished.status() == FetchRun.Status.FAILED ? "failed"
                : Boolean.TRUE.equals(finished.changed()) ? "changed" : "unchanged";
        fetches(finished.trigger(), outcome).increment();
        duration.record(Duration.between(finished.startedAt(), finished.finishedAt() != null ? finished.finishedAt()
                : clock.instant()));
        if (finished.status() == FetchRun.Status.SUCCEEDED) {
            lastSuccess.set(clock.instant().toEpochMilli() / 1000.0);
        }
        // Remember the result before releasing the guard, so a caller that sees "not running" sees it too.
        remember(finished);
        running.set(false);
    }

    public boolean isRunning() {
        return running.get();
    }

    public Optional<FetchRun> latest() {
        return Optional.ofNullable(latest.get());
    }

    public synchronized Optional<FetchRun> find(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    private synchronized void remember(FetchRun run) {
        runs.put(run.runId(), run);
        latest.set(run);
    }
}
