package io.edgeplane.distributor.service;

import io.edgeplane.distributor.domain.Announcements;
import io.edgeplane.distributor.domain.CopyOutcome;
import io.edgeplane.distributor.domain.CopyPlan;
import io.edgeplane.distributor.domain.CopyPlanner;
import io.edgeplane.distributor.domain.DistributionListing;
import io.edgeplane.distributor.domain.DistributionManifest;
import io.edgeplane.distributor.domain.DistributionReport;
import io.edgeplane.distributor.domain.DistributionTarget;
import io.edgeplane.distributor.domain.ManifestStore;
import io.edgeplane.distributor.domain.SourceFile;
import io.edgeplane.events.DataFetched;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.platform.aws.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Distributes one dataset: plan, copy what changed in parallel, announce FilesDistributed, then record
 * the manifest. The manifest is written only after the event is acknowledged, so a crash in between
 * replays as a recopy with the same changed paths (one extra invalidation) instead of a change nobody
 * announced. Plain Java: the CDI glue and benchmarks build it with their own adapters.
 */
public final class DataDistributor {
    private static final Logger LOG = Logger.getLogger(DataDistributor.class);
    private static final Backoff STATE_RETRY = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 4);

    /** Distribution is either configured (a target) or not (a reason, reported as the skip reason). */
    public sealed interface Setup {
        record Configured(DistributionTarget target) implements Setup {
        }

        /**
         * @param reasonTag low-cardinality metric tag, e.g. {@code bucket-not-configured}
         * @param bucket    the distribution bucket if one is configured
         * @param distributionId the distribution id if one is configured
         */
        record NotConfigured(String reason, String reasonTag, String bucket, String distributionId) implements Setup {
        }
    }

    private final Setup setup;
    private final CopyPlanner planner;
    private final ParallelCopier copier;
    private final ManifestStore manifests;
    private final Optional<DistributionListing> listing;
    private final Consumer<FilesDistributed> events;
    private final DistributionMetrics metrics;
    private final Clock clock;
    private final Announcements announcements;

    /**
     * @param listing absent to trust the manifest alone (no s3:ListBucket on the distribution bucket)
     * @param events  publishes FilesDistributed and returns once the broker has it; throws otherwise
     */
    public DataDistributor(Setup setup, CopyPlanner planner, ParallelCopier copier, ManifestStore manifests,
            Optional<DistributionListing> listing, Consumer<FilesDistributed> events, DistributionMetrics metrics,
            Clock clock, Announcements announcements) {
        this.setup = setup;
        this.planner = planner;
        this.copier = copier;
        this.manifests = manifests;
        this.listing = listing;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.announcements = announcements;
    }

    /** Handles DataFetched {@code eventId}; returns the FilesDistributed it published. */
    public FilesDistributed distribute(String eventId, DataFetched fetched) {
        List<SourceFile> files = fetched.files().stream()
                .map(f -> new SourceFile(fetched.bucket(), f.key(), SourceFile.relativeName(f.key(), fetched.prefix()),
                        f.sha256(), f.size(), f.contentType()))
                .toList();
        List<String> causedBy = List.of(eventId);

        if (setup instanceof Setup.NotConfigured skip) {
            LOG.warnf("Distribution of %s run %s skipped: %s (%d files stay in s3://%s/%s only)", fetched.datasetId(),
                    fetched.runId(), skip.reason(), files.size(), fetched.bucket(), fetched.prefix());
            FilesDistributed event = DistributionReport.skipped(skip.reason(), skip.bucket(), skip.distributionId(),
                    files, clock.instant(), causedBy);
            if (announce(event).isPresent()) {
                metrics.skipped(skip.reasonTag(), files.size());
            }
            return event;
        }

        DistributionTarget target = ((Setup.Configured) setup).target();
        DistributionManifest manifest = loadManifest(fetched.datasetId(), target.bucket());
        Optional<Map<String, String>> listed = list(target);
        CopyPlan plan = planner.plan(target, files, manifest, listed, clock.instant());
        LOG.infof("Distributing %s run %s to s3://%s/%s: %d to copy, %d unchanged", fetched.datasetId(), fetched.runId(),
                target.bucket(), target.prefix(), plan.copies().size(), plan.unchanged().size());

        List<CopyOutcome> outcomes = copier.copyAll(plan.copies());
        outcomes.forEach(o -> {
            if (o.success()) {
                LOG.infof("Distributed s3://%s/%s -> s3://%s/%s (%s) in %d ms", o.copy().source().bucket(),
                        o.copy().source().key(), target.bucket(), o.copy().targetKey(), o.copy().cacheControl(),
                        o.latency().toMillis());
            } else {
                LOG.warnf("Failed to distribute %s: %s [%s] after %d attempts; non-critical, the source is untouched"
                        + " and the other files still go", o.copy().source().key(), o.error(), o.errorType(),
                        o.attempts());
            }
        });
        Instant now = clock.instant();
        FilesDistributed event = DistributionReport.distributed(plan, outcomes, now, causedBy);
        Optional<FilesDistributed> announced = announce(event);
        if (announced.isEmpty()) {
            // A duplicate or a replay after a crash: the copies were idempotent, the facts were announced and counted.
            LOG.infof("DataFetched %s of %s was distributed and announced before; nothing published or counted", eventId,
                    fetched.datasetId());
        } else {
            count(announced.get(), event, outcomes, now);
        }
        if (event.failureCount() == 0) {
            LOG.infof("All %d files of %s in place (%d copied), changed paths %s", event.totalFiles(),
                    fetched.datasetId(), outcomes.size(), event.changedPaths());
        } else {
            LOG.warnf("Partial distribution of %s: %d/%d files in place", fetched.datasetId(), event.successCount(),
                    event.totalFiles());
        }

        if (!outcomes.isEmpty()) {
            try {
                DistributionManifest next = DistributionReport.nextManifest(manifest, plan, outcomes);
                retrying(() -> {
                    manifests.save(fetched.datasetId(), next);
                    return next;
                });
            } catch (RuntimeException e) {
                // Without the record the next run copies these files again: costlier, never wrong.
                metrics.manifestNotSaved();
                LOG.warnf("Manifest of %s not saved (%s); the next run recopies its files", fetched.datasetId(),
                        e.getMessage());
            }
        }
        return event;
    }

    /** Publishes what of {@code event} was not announced for its DataFetched yet; that part, if any. */
    private Optional<FilesDistributed> announce(FilesDistributed event) {
        Optional<FilesDistributed> news = announcements.unannounced(event).map(FilesDistributed.class::cast);
        news.ifPresent(e -> {
            events.accept(e);
            announcements.remember(e);
        });
        return news;
    }

    /** The meters count what was announced, so a replay counts nothing twice; the ratio is of the whole run. */
    private void count(FilesDistributed announced, FilesDistributed run, List<CopyOutcome> outcomes, Instant now) {
        java.util.Set<String> reported = new java.util.HashSet<>();
        long unchanged = 0;
        for (FilesDistributed.FileResult r : announced.results()) {
            reported.add(r.targetKey());
            unchanged += r.status() == io.edgeplane.events.FileStatus.UNCHANGED ? 1 : 0;
        }
        outcomes.stream().filter(o -> reported.contains(o.copy().targetKey())).forEach(metrics::copied);
        metrics.unchanged((int) unchanged);
        metrics.finished(run.successCount(), run.failureCount(), run.totalFiles(), now);
    }

    private DistributionManifest loadManifest(String datasetId, String bucket) {
        try {
            return retrying(() -> manifests.load(datasetId, bucket));
        } catch (RuntimeException e) {
            LOG.warnf("Manifest of %s unreadable (%s); copying every file", datasetId, e.getMessage());
            return DistributionManifest.empty(bucket);
        }
    }

    /** Quick retries for the manifest and listing calls; their callers degrade gracefully after that. */
    private static <T> T retrying(Supplier<T> call) {
        for (int attempt = 0;; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!ParallelCopier.isTransient(e) || attempt + 1 >= STATE_RETRY.maxAttempts()) {
                    throw e;
                }
                try {
                    Thread.sleep(STATE_RETRY.delay(attempt).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Optional<Map<String, String>> list(DistributionTarget target) {
        if (listing.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(retrying(() -> listing.get().etags(target.bucket(), target.prefix())));
        } catch (RuntimeException e) {
            LOG.warnf("Cannot list s3://%s/%s (%s); trusting the manifest alone", target.bucket(), target.prefix(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
