package io.edgeplane.distributor.service;

import io.edgeplane.distributor.domain.CopyOutcome;
import io.edgeplane.platform.messaging.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The seed's success measures (distribution success rate > 99 %, copy latency < 1 s per file) as
 * Micrometer meters, exported as {@code edgeplane_distributor_*}. Tags stay low-cardinality: outcome,
 * error code, skip reason; never a key or a path.
 */
public final class DistributionMetrics {
    private final MeterRegistry registry;
    private final String app;
    private final Counter distributed;
    private final Counter unchanged;
    private final Timer copyLatency;
    private final AtomicReference<Double> successRatio = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> lastSuccess = new AtomicReference<>(Double.NaN);

    public DistributionMetrics(MeterRegistry registry, String applicationName) {
        this.registry = registry;
        this.app = applicationName;
        distributed = Counter.builder(name("files.distributed")).description("Files copied into the distribution bucket")
                .register(registry);
        unchanged = Counter.builder(name("files.unchanged"))
                .description("Files already in place with the same content and headers; not copied").register(registry);
        copyLatency = Timer.builder(name("copy.latency"))
                .description("Time to copy one file, retries included").publishPercentileHistogram()
                .register(registry);
        Gauge.builder(name("distribution.success.ratio"), successRatio, AtomicReference::get)
                .description("Share of files in place after the last distribution (copied or unchanged) of all files")
                .register(registry);
        Gauge.builder(name("last.success.timestamp"), lastSuccess, AtomicReference::get)
                .description("When the last distribution without failures finished (epoch seconds)")
                .baseUnit("seconds").register(registry);
        // Every series exists from start-up at zero, so rates and alerts see the first increment (issue 14). The
        // ratio and the last success stay NaN until a distribution ran: zero would claim a failure.
        for (String outcome : List.of("complete", "partial", "failed", "skipped")) {
            registry.counter(name("distributions"), "outcome", outcome);
        }
        for (String reason : List.of("bucket-not-configured", "distribution-id-not-configured")) {
            registry.counter(name("files.skipped"), "reason", reason);
        }
        // The error tag is S3's code; these two are how a data file fails for good (missing source, no permission).
        for (String error : List.of("NoSuchKey", "AccessDenied")) {
            registry.counter(name("files.failed"), "error", error);
        }
        registry.counter(name("manifest.save.failures"));
    }

    private String name(String noun) {
        return MetricNames.of(app, noun);
    }

    void copied(CopyOutcome outcome) {
        if (outcome.success()) {
            distributed.increment();
        } else {
            registry.counter(name("files.failed"), "error", outcome.errorType()).increment();
        }
        copyLatency.record(outcome.latency());
    }

    void unchanged(int files) {
        unchanged.increment(files);
    }

    void skipped(String reasonTag, int files) {
        registry.counter(name("files.skipped"), "reason", reasonTag).increment(files);
        registry.counter(name("distributions"), "outcome", "skipped").increment();
    }

    void finished(int success, int failure, int total, Instant at) {
        successRatio.set(total == 0 ? 1.0 : (double) success / total);
        String outcome = failure == 0 ? "complete" : success == 0 ? "failed" : "partial";
        registry.counter(name("distributions"), "outcome", outcome).increment();
        if (failure == 0) {
            lastSuccess.set(at.toEpochMilli() / 1000.0);
        }
    }

    void manifestNotSaved() {
        registry.counter(name("manifest.save.failures")).increment();
    }
}
