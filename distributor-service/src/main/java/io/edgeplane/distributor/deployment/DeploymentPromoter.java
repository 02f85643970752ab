package io.edgeplane.distributor.deployment;

import io.edgeplane.distributor.deployment.domain.BuildFile;
import io.edgeplane.distributor.deployment.domain.BuildListing;
import io.edgeplane.distributor.deployment.domain.BuildSource;
import io.edgeplane.distributor.deployment.domain.DeleteGuard;
import io.edgeplane.distributor.deployment.domain.DeploymentHistory;
import io.edgeplane.distributor.deployment.domain.DeploymentLayout;
import io.edgeplane.distributor.deployment.domain.DeploymentRecord;
import io.edgeplane.distributor.deployment.domain.DeploymentStateStore;
import io.edgeplane.distributor.deployment.domain.DeploymentTarget;
import io.edgeplane.distributor.deployment.domain.LiveFile;
import io.edgeplane.distributor.deployment.domain.LiveState;
import io.edgeplane.distributor.deployment.domain.ObjectTransfer;
import io.edgeplane.distributor.deployment.domain.PointerStore;
import io.edgeplane.distributor.deployment.domain.PromotionRejected;
import io.edgeplane.distributor.deployment.domain.PromotionRejected.Reason;
import io.edgeplane.distributor.deployment.domain.SortedEntries;
import io.edgeplane.distributor.deployment.domain.SyncPlanner;
import io.edgeplane.distributor.deployment.domain.SyncStep;
import io.edgeplane.distributor.deployment.domain.SyncTally;
import io.edgeplane.distributor.domain.Announcements;
import io.edgeplane.events.CloudEventCodec;
import io.edgeplane.events.Constraints;
import io.edgeplane.events.DeploymentCompleted;
import io.edgeplane.events.DeploymentFailed;
import io.edgeplane.events.DeploymentMode;
import io.edgeplane.events.DeploymentPromoted;
import io.edgeplane.events.EdgeplaneEvent;
import io.edgeplane.events.FileStatus;
import io.edgeplane.events.FilesDistributed;
import io.edgeplane.platform.ownership.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Makes a build what viewers get, by pointer (one KeyValueStore write) or by copy (a content-hash
 * sync into the served prefix), and rolls back the same way. Plain Java behind the domain's ports,
 * so benchmarks drive it without CDI.
 *
 * <p>Crash safety, in order: the served prefix's manifest marks the files about to be replaced as of
 * unknown content before the first change; FilesDistributed is published before the manifest is saved
 * clean (a crash in between re-plans, copies those files again and reports them again); the history
 * line is saved only after every effect, and DeploymentPromoted after it (a replay of the live
 * deployment announces it from history if it was not announced yet).
 *
 * <p>Each effect announced once: every event goes through {@link Announcements}, so a duplicate or a
 * replay after a crash publishes no second DeploymentPromoted or DeploymentFailed, a FilesDistributed
 * only with the files not announced for that cause yet, and the meters count with the announcement.
 * A replay of the same build after a crash copies (idempotently) and reports exactly the files of the
 * first attempt again, which the memory recognises as announced.
 *
 * <p>Ownership first: a build is read only from a builds bucket under the target's own build root
 * ({@link DeploymentLayout#checkSource}); anything else is refused before any state is read or written
 * (so a hostile event cannot even push lines out of the target's history). Every refusal or failure is
 * announced with exactly one DeploymentFailed before the caller dead-letters or answers it.
 */
public final class DeploymentPromoter {
    private static final Logger LOG = Logger.getLogger(DeploymentPromoter.class);
    static final int MAX_EVENT_ITEMS = Constraints.MAX_LIST;
    static final int MAX_TAGS = 100;
    /** Data bytes per FilesDistributed: under the contract's 1 MiB and Kafka's default 1 MB request, headers included. */
    static final int MAX_EVENT_BYTES = CloudEventCodec.MAX_DATA_BYTES - 128 * 1024;
    /** Copies planned and handed to the copier at a time: a 100,000-file build never holds every order at once. */
    static final int COPY_BATCH = 1_000;
    /** The phases of a sync, in the order that keeps a served prefix consistent for viewers. */
    private static final int ASSETS = 0;
    private static final int ENTRY_POINTS = 1;
    private static final int DELETES = 2;

    /**
     * @param bucket       the distribution bucket; null: not configured, every promotion is rejected
     * @param defaultMode  for tenant deployments that do not name one (sites always copy)
     * @param historyLimit lines kept per target
     */
    public record Settings(String bucket, DeploymentMode defaultMode, DeploymentLayout layout, DeleteGuard guard,
            int historyLimit) {
    }

    /**
     * What a promotion or rollback did; {@code promoted} is empty when a stale replay was skipped.
     *
     * @param distributed how many FilesDistributed parts were sent (not held: a large sync sends many)
     */
    public record Promotion(Optional<DeploymentPromoted> promoted, int distributed, Optional<DeploymentRecord> record) {
    }

    private record Request(DeploymentTarget target, DeploymentMode mode, DeploymentRecord.Action action,
            String deploymentId, String buildId, String sourceBucket, String sourcePrefix, String distributionId,
            String version, List<String> causedBy) {
    }

    private record Synced(int copied, int deleted, int unchanged, int pathsChanged, int events) {
        static Synced nothing(int unchanged) {
            return new Synced(0, 0, unchanged, 0, 0);
        }
    }

    private final Settings settings;
    private final SyncPlanner planner;
    private final BuildSource builds;
    private final ObjectTransfer transfer;
    private final DeploymentStateStore state;
    private final PointerSwitch pointers;
    private final DeploymentObserver observer;
    private final Clock clock;
    private final Announcements announcements;
    private final Map<DeploymentTarget, ReentrantLock> locks = new ConcurrentHashMap<>();

    public DeploymentPromoter(Settings settings, SyncPlanner planner, BuildSource builds, ObjectTransfer transfer,
            DeploymentStateStore state, PointerSwitch pointers, DeploymentObserver observer, Clock clock,
            Announcements announcements) {
        this.settings = settings;
        this.planner = planner;
        this.builds = builds;
        this.transfer = transfer;
        this.state = state;
        this.pointers = pointers;
        this.observer = observer;
        this.clock = clock;
        this.announcements = announcements;
    }

    public Settings settings() {
        return settings;
    }

    public DeploymentObserver observer() {
        return observer;
    }

    /**
     * Promotes the build a DeploymentCompleted names; publishes FilesDistributed and DeploymentPromoted
     * to {@code sink}, or DeploymentFailed before throwing {@link PromotionRejected}.
     */
    public Promotion promote(DeploymentCompleted event, String eventId, EventSink sink) {
        DeploymentTarget target = DeploymentTarget.of(event);
        DeploymentMode mode = mode(event);
        List<String> causedBy = causedBy(event, eventId);
        String sourcePrefix = directory(event.sourcePrefix());
        Optional<Refusal> foreign = settings.layout().checkSource(target, event.sourceBucket(), sourcePrefix);
        if (foreign.isPresent()) {
            throw refuse(target, mode, event.deploymentId(), event.buildId(), causedBy, foreignSource(foreign.get(),
                    "s3://" + event.sourceBucket() + "/" + event.sourcePrefix(), target), sink);
        }
        return locked(target, () -> {
            DeploymentHistory history = state.history(target);
            Optional<DeploymentRecord> done = history.promotion(event.deploymentId());
            if (done.isPresent()) {
                if (history.current().map(r -> r.deploymentId().equals(event.deploymentId())).orElse(false)) {
                    // Everything was done and recorded; only the event may be missing (crash before publish).
                    DeploymentPromoted promoted = promotedEvent(target, done.get(), causedBy);
                    if (announce(promoted, sink)) {
                        LOG.infof("Deployment %s of %s was live but not announced; announced it", event.deploymentId(),
                                target);
                        observer.promoted(done.get());
                    } else {
                        LOG.infof("Deployment %s of %s is live and was announced; a duplicate, nothing published",
                                event.deploymentId(), target);
                    }
                    return new Promotion(Optional.of(promoted), 0, done);
                }
                LOG.warnf("Deployment %s of %s was promoted before and superseded since; ignoring the replay",
                        event.deploymentId(), target);
                return new Promotion(Optional.empty(), 0, Optional.empty());
            }
            return run(new Request(target, mode, DeploymentRecord.Action.PROMOTE, event.deploymentId(), event.buildId(),
                    event.sourceBucket(), sourcePrefix, event.distributionId(), event.version(), causedBy),
                    history, sink);
        });
    }

    /**
     * Announces that the promotion {@code event} asked for failed for good with {@code cause} (S3 still
     * failing after the retries, or an error no retry can fix) and returns the rejection to throw, so the
     * record is dead-lettered with the same words. One DeploymentFailed, rule {@code s3-failure}
     * (or {@code internal-error} for anything that is not an AWS error).
     */
    public PromotionRejected gaveUp(DeploymentCompleted event, String eventId, RuntimeException cause, EventSink sink) {
        boolean aws = cause instanceof RetryLater || cause instanceof software.amazon.awssdk.core.exception.SdkException;
        Reason reason = aws ? Reason.S3_FAILURE : Reason.INTERNAL_ERROR;
        return refuse(DeploymentTarget.of(event), mode(event), event.deploymentId(), event.buildId(),
                causedBy(event, eventId), new PromotionRejected(reason, "build " + event.buildId() + " of "
                        + DeploymentTarget.of(event) + " was not promoted: " + cause.getClass().getSimpleName() + ": "
                        + cause.getMessage() + "; what was done is recorded, replay the dead-lettered event to finish"),
                sink);
    }

    private DeploymentMode mode(DeploymentCompleted event) {
        return event.mode() != null ? event.mode()
                : event.tenantId() != null ? settings.defaultMode() : DeploymentMode.COPY;
    }

    private static List<String> causedBy(DeploymentCompleted event, String eventId) {
        return eventId == null ? event.causedBy() : List.of(eventId);
    }

    /** A build prefix is a folder: {@code b1} must not also list {@code b10/}. */
    private static String directory(String prefix) {
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }

    private static PromotionRejected foreignSource(Refusal refusal, String source, DeploymentTarget target) {
        return new PromotionRejected(Reason.FOREIGN_SOURCE, source + " is not " + target + "'s to promote: "
                + refusal + "; nothing was changed");
    }

    /** Counts, logs and announces a rejection; the caller throws what it returns. */
    private PromotionRejected refuse(DeploymentTarget target, DeploymentMode mode, String deploymentId, String buildId,
            List<String> causedBy, PromotionRejected rejected, EventSink sink) {
        DeploymentFailed failed = new DeploymentFailed(deploymentId, target.isTenant() ? target.id() : null,
                target.isTenant() ? null : target.id(), buildId, rejected.reason().code(), rejected.getMessage(),
                clock.instant(), causedBy);
        if (!announce(failed, sink)) {
            LOG.infof("Promotion %s of build %s for %s refused again [%s]; announced before, nothing published",
                    deploymentId, buildId, target, rejected.reason().code());
            return rejected;
        }
        observer.rejected(mode, rejected.reason());
        // A refusal is the input's fault (hostile or bad event), not the service's: WARN unless the service failed.
        LOG.logf(rejected.reason().serviceFault() ? Logger.Level.ERROR : Logger.Level.WARN,
                "Promotion of build %s for %s refused, rule %s (%s): %s", buildId, target, rejected.reason().code(),
                mode.json(), rejected.getMessage());
        return rejected;
    }

    /**
     * Makes an earlier build live again, the same way the live one was promoted: a pointer write, or a
     * copy-mode sync from where that build is kept.
     *
     * @param buildId a build from the history; empty: the one before the live build
     */
    public Promotion rollback(DeploymentTarget target, Optional<String> buildId, String requestId, EventSink sink) {
        return locked(target, () -> {
            DeploymentHistory history = state.history(target);
            DeploymentRecord live = history.current().orElseThrow(() -> new PromotionRejected(Reason.NOTHING_TO_ROLL_BACK,
                    target + " has no promoted deployment to roll back from"));
            DeploymentRecord to = history.rollbackTarget(buildId).orElseThrow(() -> new PromotionRejected(
                    Reason.NOTHING_TO_ROLL_BACK, buildId.map(b -> target + " has no earlier promoted build '" + b + "'")
                            .orElse(target + " has no earlier build to roll back to (live: " + live.buildId() + ")")));
            // A pointer-mode build is kept immutable in the distribution bucket; read it there, not at CI.
            boolean keptHere = to.mode() == DeploymentMode.POINTER && target.isTenant();
            String sourceBucket = keptHere ? settings.bucket() : to.sourceBucket();
            String sourcePrefix = keptHere ? settings.layout().buildPrefix(target, to.buildId()) : to.sourcePrefix();
            String deploymentId = "rollback-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> causedBy = requestId == null ? List.of() : List.of(requestId);
            // The distributor's own immutable copy is derived, not asked for; a CI location from the history
            // is checked again (lines written before sources were checked, or under an older configuration).
            Optional<Refusal> foreign = keptHere ? Optional.empty()
                    : settings.layout().checkSource(target, sourceBucket, sourcePrefix);
            if (foreign.isPresent()) {
                throw refuse(target, live.mode(), deploymentId, to.buildId(), causedBy, foreignSource(foreign.get(),
                        "s3://" + sourceBucket + "/" + sourcePrefix, target), sink);
            }
            return run(new Request(target, live.mode(), DeploymentRecord.Action.ROLLBACK, deploymentId, to.buildId(),
                    sourceBucket, sourcePrefix, liveDistribution(history), to.version(), causedBy), history, sink);
        });
    }

    public DeploymentHistory history(DeploymentTarget target) {
        return state.history(target);
    }

    /** The pointer the routing function reads for a tenant, if a store is configured. */
    public Optional<String> pointer(DeploymentTarget target) {
        return target.isTenant() && pointers.store() != PointerStore.NONE ? pointers.store().get(target.id())
                : Optional.empty();
    }

    private Promotion run(Request request, DeploymentHistory history, EventSink sink) {
        long started = System.nanoTime();
        try {
            return execute(request, history, sink, started);
        } catch (PromotionRejected rejected) {
            DeploymentRecord line = record(request, null, DeploymentRecord.Status.REJECTED, rejected.getMessage(),
                    Synced.nothing(0), started);
            try {
                state.saveHistory(request.target(), history.append(line, settings.historyLimit()));
            } catch (RuntimeException e) {
                LOG.warnf("Could not record the rejection of %s in the history: %s", request.deploymentId(), e.getMessage());
            }
            throw refuse(request.target(), request.mode(), request.deploymentId(), request.buildId(), request.causedBy(),
                    rejected, sink);
        }
    }

    private Promotion execute(Request request, DeploymentHistory history, EventSink sink, long started) {
        DeploymentTarget target = request.target();
        DeploymentLayout layout = settings.layout();
        if (settings.bucket() == null) {
            throw new PromotionRejected(Reason.NOT_CONFIGURED, "no distribution bucket configured "
                    + "(edgeplane.distributor.deployments.bucket or edgeplane.distributor.distribution-bucket)");
        }
        if (request.buildId().equals(layout.liveFolder())) {
            throw new PromotionRejected(Reason.RESERVED_BUILD_ID, "build id '" + request.buildId()
                    + "' is the name of the copy-mode folder; choose another build id");
        }
        if (request.mode() == DeploymentMode.POINTER && !target.isTenant()) {
            throw new PromotionRejected(Reason.MODE_UNAVAILABLE, "pointer mode needs the tenant routing function; "
                    + target + " is not a tenant: deploy it with mode=copy (or no mode)");
        }
        if (request.mode() == DeploymentMode.POINTER && pointers.store() == PointerStore.NONE) {
            throw new PromotionRejected(Reason.MODE_UNAVAILABLE, "pointer mode needs a KeyValueStore: set "
                    + "edgeplane.distributor.deployments.pointer.kvs-arn (or adapter=simulated locally)");
        }
        try (BuildListing build = builds.list(request.sourceBucket(), request.sourcePrefix())) {
            return promoteListed(request, build, history, sink, started);
        }
    }

    private Promotion promoteListed(Request request, BuildListing build, DeploymentHistory history, EventSink sink,
            long started) {
        DeploymentTarget target = request.target();
        DeploymentLayout layout = settings.layout();
        if (build.files().size() == 0) {
            throw new PromotionRejected(Reason.MISSING_BUILD, "no files under s3://" + request.sourceBucket() + "/"
                    + request.sourcePrefix() + " (build " + request.buildId() + " of " + target + ")");
        }
        Optional<String> previousBuild = history.current().map(DeploymentRecord::buildId);
        Synced synced;
        if (request.mode() == DeploymentMode.COPY) {
            synced = sync(request, build, layout.livePrefix(target), true, sink);
            if (target.isTenant() && pointers.store() != PointerStore.NONE) {
                // A tenant that was on pointer mode: send the routing function back to the copy-mode folder.
                Optional<String> pointer = pointers.store().get(target.id());
                if (pointer.isPresent() && !pointer.get().equals(layout.liveFolder())) {
                    switchPointer(target, layout.liveFolder());
                }
            }
        } else {
            String buildPrefix = layout.buildPrefix(target, request.buildId());
            boolean inPlace = build.bucket().equals(settings.bucket()) && build.prefix().equals(buildPrefix);
            synced = inPlace ? Synced.nothing((int) build.files().size()) : sync(request, build, buildPrefix, false, sink);
            PointerSwitch.Switched switched = switchPointer(target, request.buildId());
            if (previousBuild.isEmpty()) {
                previousBuild = switched.previous().filter(p -> !p.equals(layout.liveFolder()));
            }
        }
        DeploymentRecord line = record(request, previousBuild.orElse(null), DeploymentRecord.Status.PROMOTED, null,
                synced, started);
        state.saveHistory(target, history.append(line, settings.historyLimit()));
        DeploymentPromoted promoted = promotedEvent(target, line, request.causedBy());
        if (announce(promoted, sink)) {
            observer.promoted(line);
        }
        LOG.infof("Promoted build %s for %s by %s in %d ms: %d copied, %d deleted, %d unchanged, %d paths to forget",
                request.buildId(), target, request.mode().json(), line.durationMillis(), synced.copied(),
                synced.deleted(), synced.unchanged(), synced.pathsChanged());
        return new Promotion(Optional.of(promoted), synced.events(), Optional.of(line));
    }

    private PointerSwitch.Switched switchPointer(DeploymentTarget target, String value) {
        long t0 = System.nanoTime();
        PointerSwitch.Switched switched = pointers.point(target.id(), value);
        observer.pointerSwitched(Duration.ofNanos(System.nanoTime() - t0), switched.conflicts());
        return switched;
    }

    /**
     * Syncs {@code build} into {@code prefix}. {@code served}: the prefix viewers get (copy mode; the
     * delete guard applies and changes are reported); otherwise an immutable build prefix, where
     * nothing may be replaced or deleted.
     *
     * <p>Streamed: the build listing and the prefix's manifest are spooled in key order and merged once per
     * pass (count and check; mark what will be replaced; assets; entry points; deletes; the new manifest),
     * so memory is a batch of {@link #COPY_BATCH} orders, one FilesDistributed window and a bit per file
     * that failed, whatever the build's size.
     */
    private Synced sync(Request request, BuildListing build, String prefix, boolean served, EventSink sink) {
        DeploymentTarget target = request.target();
        try (LiveState live = state.live(prefix)) {
            SyncTally tally = new SyncTally();
            Set<String> forgotten = new TreeSet<>();
            try (Steps steps = steps(build, live)) {
                while (steps.hasNext()) {
                    SyncStep step = steps.next();
                    tally.add(step);
                    if (step.reported() && forgotten.size() <= MAX_TAGS) {
                        forgotten.addAll(settings.layout().announcedTags(target, step.before().cacheTags()));
                    }
                }
            }
            if (served) {
                Optional<String> violation = settings.guard().violation(tally.deletes(), tally.liveFiles());
                if (violation.isPresent()) {
                    throw new PromotionRejected(Reason.MAX_DELETES, "build " + request.buildId() + " of " + target
                            + " " + violation.get() + " under " + prefix + "; nothing was changed. Fix the build or raise "
                            + "edgeplane.distributor.deployments.max-deletes.*, then replay the dead-lettered event");
                }
            } else if (tally.replacements() > 0 || tally.deletes() > 0) {
                throw new PromotionRejected(Reason.IMMUTABLE_BUILD, "build " + request.buildId() + " of " + target
                        + " is already under " + prefix + " with different content (" + tally.replacements()
                        + " files differ, " + tally.deletes() + " missing); build ids are immutable, use a new one");
            }
            if (tally.changesNothing()) {
                if (!request.buildId().equals(live.buildId())) {
                    try (SortedEntries.Cursor<LiveFile> files = live.files().open()) {
                        state.saveLive(prefix, request.buildId(), false, files);
                    }
                }
                return Synced.nothing(tally.unchanged());
            }
            // What is about to be replaced is of unknown content until the end is recorded (see the class comment).
            try (Steps steps = steps(build, live)) {
                state.saveLive(prefix, live.buildId(), live.dirty(), present(steps, (step, i) -> step.before() == null
                        ? null : step.replaces() ? step.before().withUnknownContent() : step.before()));
            }
            List<String> tags = List.of(settings.layout().ownerTag(target), settings.layout().buildTag(target,
                    request.buildId()));
            List<String> announcedTags = forgotten.size() <= MAX_TAGS ? List.copyOf(forgotten)
                    : List.of(settings.layout().ownerTag(target));
            Instant changedAt = clock.instant();
            int totalFiles = (int) build.files().size();
            // Per-file results only travel in FilesDistributed, which is sent only when the edge must forget something.
            DistributedParts parts = served && tally.reported() > 0 ? new DistributedParts(MAX_EVENT_ITEMS,
                    MAX_EVENT_BYTES, (paths, results) -> filesDistributed(request, announcedTags, paths, results,
                            totalFiles, changedAt), e -> announce(e, sink)) : null;
            SyncRun run = new SyncRun(request, build, prefix, tags, parts);
            int ranThrough = -1;
            for (int phase = 0; phase <= DELETES && run.failures == 0; phase++) {
                ranThrough = phase;
                int todo = phase == ASSETS ? tally.assets() : phase == ENTRY_POINTS ? tally.entryPoints() : tally.deletes();
                if (todo > 0) {
                    run.runPhase(phase, live);
                }
            }
            int pathsReported = parts == null ? 0 : run.pathsReported;
            if (parts != null) {
                parts.flush();
            }
            int ran = ranThrough;
            try (Steps steps = steps(build, live)) {
                state.saveLive(prefix, run.failures == 0 ? request.buildId() : live.buildId(), false, present(steps,
                        (step, i) -> after(step, phase(step) <= ran, run.failed.get(i), live.dirty(), tags)));
            }
            if (run.failures > 0) {
                ObjectTransfer.Result first = run.firstFailure;
                String summary = run.failures + " of " + run.operations + " operations under " + prefix
                        + " failed (first: " + first.key() + ": " + first.errorType() + " " + first.error() + ")";
                if (run.transientFailure) {
                    throw new RetryLater("build " + request.buildId() + " of " + target + ": " + summary, null);
                }
                throw new PromotionRejected(Reason.COPY_FAILED, "build " + request.buildId() + " of " + target + ": "
                        + summary + "; what was changed has been reported, entry points and deletes were not touched");
            }
            return new Synced(run.copied, run.deleted, tally.unchanged(), pathsReported, parts == null ? 0 : parts.sent());
        }
    }

    /** The phase a step's operation belongs to; -1: nothing to do. */
    private static int phase(SyncStep step) {
        return step.copies() ? (step.entryPoint() ? ENTRY_POINTS : ASSETS)
                : step.kind() == SyncStep.Kind.DELETED ? DELETES : -1;
    }

    /**
     * What the manifest records for a step once the sync ended: the new file if its copy succeeded, unknown
     * content if it failed (a failed copy may or may not have replaced the object), nothing once deleted, and
     * what was there for what was not attempted (of unknown content if the manifest was dirty).
     */
    private static LiveFile after(SyncStep step, boolean attempted, boolean failed, boolean dirty, List<String> tags) {
        LiveFile before = step.before();
        if (step.kind() == SyncStep.Kind.UNCHANGED) {
            return before;
        }
        if (step.kind() == SyncStep.Kind.DELETED) {
            return attempted && !failed ? null : before;
        }
        if (attempted && !failed) {
            return new LiveFile(step.path(), step.file().contentHash(), step.file().size(), step.cacheControl(),
                    step.contentType(), tags);
        }
        return before == null ? null : attempted || dirty ? before.withUnknownContent() : before;
    }

    /** The operations of one sync, a batch at a time; counts what happened and marks failed steps. */
    private final class SyncRun {
        private final Request request;
        private final BuildListing build;
        private final String prefix;
        private final List<String> tags;
        private final DistributedParts parts;
        /** Ordinals (in merge order) of the steps whose operation failed. */
        final BitSet failed = new BitSet();
        int operations;
        int copied;
        int deleted;
        int pathsReported;
        int failures;
        boolean transientFailure;
        ObjectTransfer.Result firstFailure;

        SyncRun(Request request, BuildListing build, String prefix, List<String> tags, DistributedParts parts) {
            this.request = request;
            this.build = build;
            this.prefix = prefix;
            this.tags = tags;
            this.parts = parts;
        }

        void runPhase(int phase, LiveState live) {
            List<SyncStep> batch = new ArrayList<>(COPY_BATCH);
            int[] ordinals = new int[COPY_BATCH];
            try (Steps steps = steps(build, live)) {
                for (int i = 0; steps.hasNext(); i++) {
                    SyncStep step = steps.next();
                    if (phase(step) != phase) {
                        continue;
                    }
                    ordinals[batch.size()] = i;
                    batch.add(step);
                    if (batch.size() == COPY_BATCH) {
                        run(phase, batch, ordinals);
                        batch.clear();
                    }
                }
            }
            if (!batch.isEmpty()) {
                run(phase, batch, ordinals);
            }
        }

        private void run(int phase, List<SyncStep> batch, int[] ordinals) {
            List<ObjectTransfer.Result> outcome = phase == DELETES
                    ? transfer.delete(settings.bucket(), batch.stream().map(s -> prefix + s.path()).toList())
                    : transfer.copy(batch.stream().map(s -> new ObjectTransfer.CopyOrder(build.bucket(),
                            build.sourceKey(s.file()), settings.bucket(), prefix + s.path(), s.file().size(),
                            s.cacheControl(), s.cacheRule(), s.contentType(), metadata(request, build, s, tags))).toList());
            for (int i = 0; i < batch.size(); i++) {
                SyncStep step = batch.get(i);
                ObjectTransfer.Result r = outcome.get(i);
                operations++;
                String source = phase == DELETES ? null : build.sourceKey(step.file());
                if (r.ok()) {
                    if (phase == DELETES) {
                        deleted++;
                    } else {
                        copied++;
                    }
                } else {
                    failed.set(ordinals[i]);
                    failures++;
                    transientFailure |= r.transientError();
                    if (firstFailure == null) {
                        firstFailure = r;
                    }
                }
                if (parts != null) {
                    FileStatus status = !r.ok() ? FileStatus.FAILED : phase == DELETES ? FileStatus.DELETED : FileStatus.COPIED;
                    parts.result(new FilesDistributed.FileResult(source, prefix + step.path(), status, r.ok() ? null
                            : r.error(), r.ok() ? null : r.errorType()));
                    if (step.reported()) {
                        parts.path(DeploymentLayout.viewerPath(prefix, step.path()));
                        pathsReported++;
                    }
                }
            }
        }
    }

    /** One pass over the merge of the build listing and the served manifest; closes both readers. */
    private Steps steps(BuildListing build, LiveState live) {
        return new Steps(build.files().open(), live.files().open(), live.dirty());
    }

    private final class Steps implements Iterator<SyncStep>, AutoCloseable {
        private final SortedEntries.Cursor<BuildFile> build;
        private final SortedEntries.Cursor<LiveFile> live;
        private final Iterator<SyncStep> merge;

        Steps(SortedEntries.Cursor<BuildFile> build, SortedEntries.Cursor<LiveFile> live, boolean dirty) {
            this.build = build;
            this.live = live;
            this.merge = planner.merge(build, live, dirty);
        }

        @Override
        public boolean hasNext() {
            return merge.hasNext();
        }

        @Override
        public SyncStep next() {
            return merge.next();
        }

        @Override
        public void close() {
            build.close();
            live.close();
        }
    }

    /** The manifest entries {@code entry} gives for each step (by step and its ordinal), steps giving null left out. */
    private static Iterator<LiveFile> present(Iterator<SyncStep> steps, ManifestEntry entry) {
        return new Iterator<>() {
            private int ordinal;
            private LiveFile next;

            @Override
            public boolean hasNext() {
                while (next == null && steps.hasNext()) {
                    next = entry.of(steps.next(), ordinal++);
                }
                return next != null;
            }

            @Override
            public LiveFile next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                LiveFile taken = next;
                next = null;
                return taken;
            }
        };
    }

    @FunctionalInterface
    private interface ManifestEntry {
        /** @return the entry to record for {@code step} (the {@code ordinal}-th of the merge), or null for none */
        LiveFile of(SyncStep step, int ordinal);
    }

    /** Publishes what of {@code event} was not announced yet; true when something was published. */
    private boolean announce(EdgeplaneEvent event, EventSink sink) {
        Optional<EdgeplaneEvent> news = announcements.unannounced(event);
        if (news.isEmpty()) {
            return false;
        }
        sink.publish(news.get());
        announcements.remember(news.get());
        return true;
    }

    private static Map<String, String> metadata(Request request, BuildListing build, SyncStep c, List<String> tags) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("cache-tag", String.join(",", tags));
        metadata.put("build-id", request.buildId());
        metadata.put("deployment-id", request.deploymentId());
        metadata.put("content-hash", c.file().contentHash());
        metadata.put("source-bucket", build.bucket());
        metadata.put("source-key", build.sourceKey(c.file()));
        return metadata;
    }

    /** One part of a sync's FilesDistributed (see {@link DistributedParts}): it says what it changed. */
    private FilesDistributed filesDistributed(Request request, List<String> tags, List<String> paths,
            List<FilesDistributed.FileResult> results, int totalFiles, Instant changedAt) {
        int failed = (int) results.stream().filter(r -> r.status() == FileStatus.FAILED).count();
        return new FilesDistributed(request.distributionId(), settings.bucket(), "deployment",
                request.target().isTenant() ? request.target().id() : null, paths, tags, results,
                results.size() - failed, failed, totalFiles, false, null, changedAt, request.causedBy());
    }

    private DeploymentRecord record(Request request, String previousBuildId, DeploymentRecord.Status status,
            String reason, Synced synced, long started) {
        return new DeploymentRecord(request.deploymentId(), request.buildId(), previousBuildId, request.mode(),
                request.action(), status, reason, request.sourceBucket(), request.sourcePrefix(), request.version(),
                request.distributionId(), synced.copied(), synced.deleted(), synced.unchanged(), synced.pathsChanged(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), clock.instant());
    }

    private static DeploymentPromoted promotedEvent(DeploymentTarget target, DeploymentRecord line, List<String> causedBy) {
        return new DeploymentPromoted(line.deploymentId(), target.isTenant() ? target.id() : null,
                target.isTenant() ? null : target.id(), line.buildId(), line.previousBuildId(), line.mode(),
                line.filesCopied(), line.filesDeleted(), line.filesUnchanged(), line.pathsChanged(),
                line.durationMillis(), line.at(), causedBy);
    }

    private static String liveDistribution(DeploymentHistory history) {
        return history.current().map(DeploymentRecord::distributionId).orElseThrow();
    }

    private <T> T locked(DeploymentTarget target, java.util.function.Supplier<T> work) {
        // One promotion per target at a time in this process (the consumer and a REST rollback may race);
        // across replicas the per-tenant record key and the pointer's If-Match keep order.
        ReentrantLock lock = locks.computeIfAbsent(target, t -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
