package io.edgeplane.invalidation.domain;

import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationRecord;
import io.edgeplane.invalidation.domain.CloudFrontInvalidations.InvalidationSummary;
import io.edgeplane.invalidation.domain.InvalidationLedger.Usage;
import io.edgeplane.invalidation.domain.InvalidationListener.Completed;
import io.edgeplane.invalidation.domain.InvalidationListener.Failed;
import io.edgeplane.invalidation.domain.InvalidationListener.Submitted;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns change batches into as few CloudFront invalidations as the quotas allow, per distribution:
 * <ul>
 * <li>coalesces changes in a {@link CoalescingWindow}, plans with the {@link InvalidationPlanner},
 * packs each CreateInvalidation as full as the {@link InvalidationLedger} allows, one request per
 * token of the {@link RequestRateLimit};</li>
 * <li>CallerReference = hash(distribution, sorted items, sorted causing ids): a retried request is
 * never billed twice, while a later change of the same paths still gets its own invalidation;</li>
 * <li>rebuilds the ledger from ListInvalidations/GetInvalidation before touching a distribution,
 * and treats a change as covered when an invalidation created after it was published already
 * contains it (a replay after a crash costs nothing);</li>
 * <li>TooManyInvalidationsInProgress and Throttling: the items go back to the queue and keep
 * merging; 5xx/timeouts: the identical request is retried with backoff and jitter (it may have
 * been created); BatchTooLarge: split; InvalidArgument: bisect to the offending item, report it,
 * send the rest;</li>
 * <li>polls each invalidation from its expected completion time with backoff ({@link CompletionPolls})
 * until Completed and reports time to fresh.</li>
 * </ul>
 * {@link #submit} may be called from any thread; everything else runs on the thread calling
 * {@link #tick} (the service's scheduler thread, or the benchmark's simulated clock).
 */
public final class InvalidationScheduler {
    private static final Logger LOG = Logger.getLogger(InvalidationScheduler.class.getName());
    private static final int MAX_CAUSED_BY = 1_000;

    /**
     * @param maxItemsPerRequest CloudFront's batch limit (3,000); lowered per distribution after BatchTooLarge
     * @param pollInterval       the longest wait between two GetInvalidation polls of one invalidation (the
     *                           backoff's cap; its first step is a fifth of it)
     * @param lookback           how far back ListInvalidations is read at start-up to recognise replays
     * @param clockSkew          margin between a producer's clock and CloudFront's create time
     * @param backoffBase        first retry delay ceiling (full jitter, doubling)
     * @param backoffCap         retry delay ceiling
     * @param expectedCompletion when an invalidation is first polled, until this distribution's own
     *                           completions have been seen (then learned, see {@link CompletionPolls})
     */
    public record Settings(CoalescingWindow window, int maxPaths, int maxWildcards, int maxItemsPerRequest,
            double requestsPerSecond, int requestBurst, Duration pollInterval, Duration lookback, Duration clockSkew,
            Duration backoffBase, Duration backoffCap, Duration expectedCompletion) {

        public static Settings defaults() {
            return new Settings(new CoalescingWindow(Duration.ofMillis(500), Duration.ofSeconds(10)), 3_000, 15, 3_000,
                    0.5, 1, Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofSeconds(2),
                    Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(20));
        }

        public Settings withWindow(CoalescingWindow w) {
            return new Settings(w, maxPaths, maxWildcards, maxItemsPerRequest, requestsPerSecond, requestBurst,
                    pollInterval, lookback, clockSkew, backoffBase, backoffCap, expectedCompletion);
        }

        public Settings withRate(double perSecond, int burst) {
            return new Settings(window, maxPaths, maxWildcards, maxItemsPerRequest, perSecond, burst, pollInterval,
                    lookback, clockSkew, backoffBase, backoffCap, expectedCompletion);
        }

        public Settings withPollInterval(Duration poll) {
            return new Settings(window, maxPaths, maxWildcards, maxItemsPerRequest, requestsPerSecond, requestBurst,
                    poll, lookback, clockSkew, backoffBase, backoffCap, expectedCompletion);
        }

        public Settings withClockSkew(Duration skew) {
            return new Settings(window, maxPaths, maxWildcards, maxItemsPerRequest, requestsPerSecond, requestBurst,
                    pollInterval, lookback, skew, backoffBase, backoffCap, expectedCompletion);
        }

        public Settings withBackoff(Duration base, Duration cap) {
            return new Settings(window, maxPaths, maxWildcards, maxItemsPerRequest, requestsPerSecond, requestBurst,
                    pollInterval, lookback, clockSkew, base, cap, expectedCompletion);
        }

        public Settings withExpectedCompletion(Duration expected) {
            return new Settings(window, maxPaths, maxWildcards, maxItemsPerRequest, requestsPerSecond, requestBurst,
                    pollInterval, lookback, clockSkew, backoffBase, backoffCap, expected);
        }

        /** The poll policy for one distribution. */
        CompletionPolls completionPolls() {
            return new CompletionPolls(expectedCompletion, pollInterval.dividedBy(5).isPositive()
                    ? pollInterval.dividedBy(5) : Duration.ofMillis(1), pollInterval);
        }
    }

    private final CloudFrontInvalidations cloudFront;
    private final InvalidationPlanner planner;
    private final Settings settings;
    private final InstantSource clock;
    private final InvalidationListener listener;
    private final Function<String, ObjectPopulation> populations;
    private final Function<String, Boolean> tagsEnabled;
    private final QuotaShares shares;
    private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    /** Items in {@link #arrivals} (its size() walks the queue) and pending after the last tick: read lock-free. */
    private final java.util.concurrent.atomic.AtomicInteger arrivingItems = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int pendingAfterTick;
    private final ConcurrentLinkedQueue<Runnable> deferred = new ConcurrentLinkedQueue<>();
    private volatile Runnable wakeUp = () -> {
    };
    private final Map<String, DistributionState> distributions = new TreeMap<>();
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();

    public InvalidationScheduler(CloudFrontInvalidations cloudFront, InvalidationPlanner planner, Settings settings,
            InstantSource clock, InvalidationListener listener, Function<String, ObjectPopulation> populations,
            Function<String, Boolean> tagsEnabled) {
        this(cloudFront, planner, settings, clock, listener, populations, tagsEnabled,
                QuotaShares.whole(settings.maxPaths(), settings.maxWildcards()));
    }

    /**
     * @param shares this replica's part of each distribution's in-progress quotas, when several replicas submit to
     *     the same distributions (see {@link QuotaShares})
     */
    public InvalidationScheduler(CloudFrontInvalidations cloudFront, InvalidationPlanner planner, Settings settings,
            InstantSource clock, InvalidationListener listener, Function<String, ObjectPopulation> populations,
            Function<String, Boolean> tagsEnabled, QuotaShares shares) {
        this.shares = shares;
        this.cloudFront = cloudFront;
        this.planner = planner;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.populations = populations;
        this.tagsEnabled = tagsEnabled;
    }

    /** Queues a batch; the future completes once every item is inside a created invalidation (or failed). */
    public CompletableFuture<Coverage> submit(ChangeBatch batch) {
        CompletableFuture<Coverage> covered = new CompletableFuture<>();
        arrivingItems.addAndGet(batch.items().size());
        arrivals.add(new Arrival(batch, covered, clock.instant()));
        wakeUp.run();
        return covered;
    }

    /** Called whenever there is new work for {@link #tick} (a new batch, a durable Submitted event). */
    public void onWork(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    /** Items of arrivals not yet taken in by {@link #tick}; for back-pressure, without waiting for a tick. */
    public int queuedArrivals() {
        return arrivingItems.get();
    }

    /**
     * Pending items as of the end of the last tick, without waiting for the tick in progress (which may be
     * planning thousands of paths): what back-pressure on the topic reads for every record.
     */
    public int pendingAfterLastTick() {
        return pendingAfterTick;
    }

    /** Does all work that is due now. Returns when the next tick could have something to do. */
    public synchronized Instant tick() {
        Instant now = clock.instant();
        for (Runnable r; (r = deferred.poll()) != null;) {
            r.run();
        }
        Arrival arrival;
        while ((arrival = arrivals.poll()) != null) {
            arrivingItems.addAndGet(-arrival.batch.items().size());
            state(arrival.batch.distributionId()).unrecovered.add(arrival);
        }
        Instant next = now.plus(settings.pollInterval());
        for (DistributionState state : distributions.values()) {
            followShare(state, now);
            if (!state.recovered && !recover(state, now)) {
                next = min(next, state.nextAttemptAt);
                continue;
            }
            for (Arrival a; (a = state.unrecovered.poll()) != null;) {
                take(state, a, now);
            }
            poll(state, now);
            next = min(next, flush(state, now));
            next = min(next, nextPoll(state));
        }
        pendingAfterTick = pendingPaths();
        return next.isBefore(now) ? now : next;
    }

    // ------------------------------------------------------------------------------------------
    // Start-up: ledger and recent history from CloudFront.

    /**
     * Applies this replica's current share to the distribution's ledger. After a gain (the generation moved) what
     * is in progress is read again before anything is sent: it may include what the previous holder left.
     */
    private void followShare(DistributionState state, Instant now) {
        state.ledger.limit(shares.share(state.id, now));
        long generation = shares.generation(state.id);
        if (generation != state.readGeneration) {
            state.readGeneration = generation;
            state.recovered = false;
        }
    }

    private boolean recover(DistributionState state, Instant now) {
        if (now.isBefore(state.nextAttemptAt)) {
            return false;
        }
        long generation = shares.generation(state.id);
        try {
            List<InvalidationSummary> summaries = cloudFront.listSince(state.id, now.minus(settings.lookback()));
            for (InvalidationSummary summary : summaries) {
                if (summary.createTime().isBefore(now.minus(settings.lookback()))) {
                    continue;
                }
                if (state.recentIds.contains(summary.id())) {
                    continue;
                }
                InvalidationRecord record = cloudFront.get(state.id, summary.id());
                state.recentIds.add(record.id());
                List<InvalidationItem> items = record.items().stream().map(InvalidationItem::of).toList();
                state.remember(new Recent(record.id(), record.createTime(), items, record.completed()));
                if (!record.completed() && !tracked.containsKey(record.id())) {
                    state.ledger.admit(record.id(), Usage.of(items));
                    Tracked t = new Tracked(state.id, record, List.of(), record.createTime(), List.of());
                    // Of unknown age to this instance: ask now, then back off.
                    t.nextPollAt = now;
                    tracked.put(record.id(), t);
                }
            }
            state.recent.sort(Comparator.comparing(Recent::createTime));
            state.recovered = true;
            state.readGeneration = generation;
            state.attempts = 0;
            state.nextAttemptAt = Instant.MIN;
            return true;
        } catch (CloudFrontFailure e) {
            listener.requestFailed(state.id, e.code());
            state.nextAttemptAt = now.plus(backoff(state.attempts++));
            LOG.log(Level.WARNING, "cannot read invalidations of " + state.id + ", retrying: " + e.getMessage());
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Intake.

    private void take(DistributionState state, Arrival arrival, Instant now) {
        ChangeBatch batch = arrival.batch;
        BatchState bs = new BatchState(batch, arrival.covered);
        Instant coveredAfter = batch.publishedAt().plus(settings.clockSkew());
        boolean tags = tagsEnabled.apply(state.id);
        for (InvalidationItem item : new LinkedHashSet<>(batch.items())) {
            Recent recent = coveringRecent(state, item, batch, coveredAfter);
            if (recent != null) {
                bs.invalidationIds.add(recent.id);
                if (!recent.completed) {
                    Tracked t = tracked.get(recent.id);
                    if (t != null) {
                        bs.awaitingCompletion.add(recent.id);
                        t.batches.add(bs);
                    }
                }
                continue;
            }
            PendingItem pending = state.pending.computeIfAbsent(item, k -> new PendingItem(k, batch.changedAt(), now));
            pending.waiting.add(bs);
            pending.changedAt = min(pending.changedAt, batch.changedAt());
            bs.outstanding++;
            if (tags && item.kind() == ItemKind.PATH) {
                for (String tag : batch.cacheTags()) {
                    state.tagCandidates.computeIfAbsent(tag, t -> new TreeSet<>()).add(item.value());
                }
            }
        }
        if (bs.outstanding > 0) {
            state.oldestArrival = state.oldestArrival == null ? now : min(state.oldestArrival, now);
            state.newestArrival = now;
            state.immediate |= batch.immediate();
        } else {
            resolve(bs, now);
        }
    }

    /**
     * The newest invalidation created at or after {@code after} that covers {@code item}, or null. Looked up
     * in the distribution's index of recent items (a scan of every recent invalidation's items per changed
     * path made catching up on a lagging topic quadratic).
     */
    private Recent coveringRecent(DistributionState state, InvalidationItem item, ChangeBatch batch, Instant after) {
        Recent best = null;
        switch (item.kind()) {
            case TAG -> best = newer(best, state.recentByTag.get(item.value().substring(1)));
            case PATH -> best = newer(best, state.recentByPath.get(item.value()));
            case WILDCARD -> {
            }
        }
        if (item.kind() != ItemKind.TAG) {
            String prefix = item.prefix();
            for (int length : state.recentWildcardLengths) {
                if (length <= prefix.length()) {
                    best = newer(best, state.recentByWildcard.get(prefix.substring(0, length)));
                }
            }
            for (String tag : batch.cacheTags()) {
                best = newer(best, state.recentByTag.get(tag));
            }
        }
        return best == null || best.createTime.isBefore(after) ? null : best;
    }

    private static Recent newer(Recent a, Recent b) {
        return a == null || b != null && b.createTime.isAfter(a.createTime) ? b : a;
    }

    // ------------------------------------------------------------------------------------------
    // Planning and sending.

    private Instant flush(DistributionState state, Instant now) {
        if (now.isBefore(state.nextAttemptAt)) {
            return state.nextAttemptAt;
        }
        if (!state.rate.available(now)) {
            return state.rate.nextAt(now);
        }
        Submission submission = state.retries.peekFirst();
        if (submission != null) {
            if (!state.ledger.withinShare(submission.usage) && state.ledger.sharePaths() + state.ledger.shareWildcards() > 0) {
                // The share shrank below this request: re-plan its items within the share.
                state.retries.pollFirst();
                requeue(state, submission, now);
                return now;
            }
            if (!state.ledger.fits(submission.usage)) {
                return now.plus(settings.pollInterval());
            }
            state.retries.pollFirst();
        } else {
            if (state.pending.isEmpty()) {
                return Instant.MAX;
            }
            if (!state.immediate && !settings.window().due(state.oldestArrival, state.newestArrival, now)) {
                return settings.window().dueAt(state.oldestArrival, state.newestArrival);
            }
            if (state.ledger.freePaths() == 0 && state.ledger.freeWildcards() == 0) {
                return now.plus(settings.pollInterval());
            }
            submission = pack(state, now);
            if (submission == null) {
                return now.plus(settings.pollInterval());
            }
        }
        if (!mayStillSend(state, submission, now)) {
            state.retries.addFirst(submission);
            return now;
        }
        state.rate.tryAcquire(now);
        send(state, submission, now);
        return now;
    }

    /**
     * The share may have moved since this tick began (the rebalance callbacks run on the consumer's thread): a
     * gain means re-read first, a loss that the request no longer fits.
     */
    private boolean mayStillSend(DistributionState state, Submission submission, Instant now) {
        state.ledger.limit(shares.share(state.id, now));
        if (shares.generation(state.id) != state.readGeneration) {
            state.recovered = false;
            return false;
        }
        return state.ledger.fits(submission.usage);
    }

    /** Plans everything pending, takes the oldest items that fit the ledger and one request. */
    private Submission pack(DistributionState state, Instant now) {
        Set<String> paths = new TreeSet<>();
        Set<InvalidationItem> requested = new TreeSet<>();
        for (InvalidationItem item : state.pending.keySet()) {
            if (item.kind() == ItemKind.PATH) {
                paths.add(item.value());
            } else {
                requested.add(item);
            }
        }
        Map<String, Set<String>> tags = new HashMap<>();
        state.tagCandidates.forEach((tag, candidates) -> {
            Set<String> live = new TreeSet<>(candidates);
            live.retainAll(paths);
            if (live.size() > 1) {
                tags.put(tag, live);
            }
        });
        int freePaths = Math.min(state.ledger.freePaths(), state.maxItemsPerRequest);
        int freeWide = Math.min(state.ledger.freeWildcards(), state.maxItemsPerRequest);
        Plan plan = planner.plan(new PlanInput(paths, requested, tags, freePaths, freeWide),
                populations.apply(state.id));

        List<PlannedItem> byAge = new ArrayList<>(plan.items());
        Map<PlannedItem, Instant> oldest = new HashMap<>();
        for (PlannedItem p : byAge) {
            Instant o = Instant.MAX;
            for (InvalidationItem c : p.covers()) {
                PendingItem pi = state.pending.get(c);
                if (pi != null) {
                    o = min(o, pi.arrival);
                }
            }
            oldest.put(p, o);
        }
        byAge.sort(Comparator.comparing((PlannedItem pl) -> oldest.get(pl)).thenComparing(pl -> pl.item().value()));
        List<PlannedItem> chosen = new ArrayList<>();
        int p = 0;
        int w = 0;
        for (PlannedItem item : byAge) {
            if (p + w >= state.maxItemsPerRequest) {
                break;
            }
            if (item.item().kind() == ItemKind.PATH ? p < freePaths : w < freeWide) {
                chosen.add(item);
                if (item.item().kind() == ItemKind.PATH) {
                    p++;
                } else {
                    w++;
                }
            }
        }
        if (chosen.isEmpty()) {
            return null;
        }
        Submission submission = new Submission();
        for (PlannedItem item : chosen) {
            List<PendingItem> covered = new ArrayList<>();
            for (InvalidationItem c : item.covers()) {
                PendingItem pi = state.pending.remove(c);
                if (pi != null) {
                    covered.add(pi);
                }
            }
            submission.add(item, covered);
        }
        afterPendingRemoved(state);
        return submission;
    }

    private void send(DistributionState state, Submission submission, Instant now) {
        String reference = submission.reference(state.id);
        try {
            InvalidationRecord created = cloudFront.create(state.id, reference, submission.values());
            state.attempts = 0;
            state.nextAttemptAt = Instant.MIN;
            created(state, submission, created, now);
        } catch (CloudFrontFailure e) {
            listener.requestFailed(state.id, e.code());
            failedToSend(state, submission, e, now);
        }
    }

    private void created(DistributionState state, Submission submission, InvalidationRecord created, Instant now) {
        Usage usage = submission.usage;
        state.ledger.admit(created.id(), usage);
        List<InvalidationItem> items = submission.items();
        Instant createTime = created.createTime() == null ? now : created.createTime();
        if (state.recentIds.add(created.id())) {
            state.remember(new Recent(created.id(), createTime, items, created.completed()));
        }
        Set<BatchState> batches = submission.batches();
        Instant firstChange = submission.firstChange();
        Tracked t = new Tracked(state.id, created, submission.plan(), firstChange, new ArrayList<>(batches));
        t.createTime = createTime;
        t.nextPollAt = state.polls.firstPoll(createTime);
        if (!created.completed()) {
            tracked.put(created.id(), t);
        }
        List<String> causedBy = causedBy(batches);
        CompletableFuture<?> durable;
        try {
            durable = listener.submitted(new Submitted(state.id, created, submission.plan(), firstChange, now, causedBy))
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            durable = CompletableFuture.failedFuture(e);
        }
        for (BatchState bs : batches) {
            bs.invalidationIds.add(created.id());
            if (!created.completed()) {
                bs.awaitingCompletion.add(created.id());
            }
        }
        for (PendingItem pi : submission.covered()) {
            for (BatchState bs : pi.waiting) {
                bs.outstanding--;
                if (bs.outstanding == 0) {
                    // Acknowledge once the Submitted event is durable; if that failed, still acknowledge:
                    // the invalidation exists and a replay would find it.
                    if (durable.isDone()) {
                        resolve(bs, now);
                    } else {
                        durable.whenComplete((ok, error) -> {
                            deferred.add(() -> resolve(bs, clock.instant()));
                            wakeUp.run();
                        });
                    }
                }
            }
        }
        if (created.completed()) {
            completeTracked(t, now);
        }
    }

    private void failedToSend(DistributionState state, Submission submission, CloudFrontFailure e, Instant now) {
        switch (e.code()) {
            case CloudFrontFailure.TOO_MANY_IN_PROGRESS, CloudFrontFailure.THROTTLING, CloudFrontFailure.NO_BUDGET -> {
                // Not created: back to the queue, where later changes merge with them.
                requeue(state, submission, now);
                state.nextAttemptAt = now.plus(backoff(state.attempts++));
                if (e.code().equals(CloudFrontFailure.TOO_MANY_IN_PROGRESS)) {
                    // Someone else (console, another tool) holds slots: re-read what is in progress.
                    state.recovered = false;
                }
            }
            case CloudFrontFailure.BATCH_TOO_LARGE -> {
                state.maxItemsPerRequest = Math.max(1, submission.size() / 2);
                splitInto(state, submission);
            }
            case CloudFrontFailure.INVALID_ARGUMENT -> {
                if (submission.size() == 1) {
                    fail(state, submission, e, now);
                } else {
                    splitInto(state, submission);
                }
            }
            case CloudFrontFailure.ALREADY_EXISTS -> {
                // Same reference, other items: only after an edit of this code's hashing. Salt and resend.
                submission.salt++;
                state.retries.addFirst(submission);
            }
            case CloudFrontFailure.NO_SUCH_DISTRIBUTION, CloudFrontFailure.ENTITY_NOT_FOUND -> fail(state, submission, e, now);
            default -> {
                if (e.isTransient()) {
                    // May have been created: resend the identical request (same reference) first.
                    state.retries.addFirst(submission);
                } else {
                    requeue(state, submission, now);
                }
                state.nextAttemptAt = now.plus(backoff(state.attempts++));
            }
        }
    }

    private void splitInto(DistributionState state, Submission submission) {
        List<Submission> halves = submission.split();
        state.retries.addFirst(halves.get(1));
        state.retries.addFirst(halves.get(0));
    }

    private void requeue(DistributionState state, Submission submission, Instant now) {
        for (PendingItem pi : submission.covered()) {
            PendingItem existing = state.pending.get(pi.item);
            if (existing == null) {
                state.pending.put(pi.item, pi);
            } else {
                for (BatchState bs : pi.waiting) {
                    if (!existing.waiting.add(bs)) {
                        bs.outstanding--;
                    }
                }
                existing.changedAt = min(existing.changedAt, pi.changedAt);
                existing.arrival = min(existing.arrival, pi.arrival);
            }
            state.oldestArrival = state.oldestArrival == null ? pi.arrival : min(state.oldestArrival, pi.arrival);
            state.newestArrival = state.newestArrival == null ? now : max(state.newestArrival, pi.arrival);
        }
    }

    private void fail(DistributionState state, Submission submission, CloudFrontFailure e, Instant now) {
        List<String> items = submission.covered().stream().map(pi -> pi.item.value()).toList();
        Set<BatchState> batches = submission.batches();
        listener.failed(new Failed(state.id, null, items, e.code(), e.getMessage(), now, causedBy(batches)));
        for (PendingItem pi : submission.covered()) {
            for (BatchState bs : pi.waiting) {
                bs.failedItems.add(pi.item.value());
                bs.outstanding--;
                if (bs.outstanding == 0) {
                    resolve(bs, now);
                }
            }
        }
    }

    private void resolve(BatchState bs, Instant now) {
        if (bs.covered.isDone()) {
            return;
        }
        bs.covered.complete(new Coverage(bs.batch.id(), List.copyOf(bs.invalidationIds), List.copyOf(bs.failedItems)));
        if (bs.awaitingCompletion.isEmpty()) {
            listener.fresh(bs.batch, Duration.between(bs.batch.changedAt(), now));
        }
    }

    private void afterPendingRemoved(DistributionState state) {
        if (state.pending.isEmpty()) {
            state.oldestArrival = null;
            state.newestArrival = null;
            state.immediate = false;
            state.tagCandidates.clear();
        } else {
            Instant oldest = Instant.MAX;
            for (PendingItem pi : state.pending.values()) {
                oldest = min(oldest, pi.arrival);
            }
            state.oldestArrival = oldest;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Completion tracking.

    private void poll(DistributionState state, Instant now) {
        pruneRecent(state, now);
        for (Tracked t : new ArrayList<>(tracked.values())) {
            if (!t.distributionId.equals(state.id) || now.isBefore(t.nextPollAt)) {
                continue;
            }
            try {
                InvalidationRecord record = cloudFront.get(state.id, t.record.id());
                if (record.completed()) {
                    if (t.createTime != null) {
                        state.polls.completed(t.createTime, t.lastMiss);
                    }
                    completeTracked(t, now);
                } else {
                    t.lastMiss = now;
                    t.nextPollAt = state.polls.afterMiss(now, ++t.misses);
                }
            } catch (CloudFrontFailure e) {
                listener.requestFailed(state.id, e.code());
                if (CloudFrontFailure.NO_SUCH_INVALIDATION.equals(e.code())) {
                    completeTracked(t, now);
                } else {
                    t.nextPollAt = state.polls.afterMiss(now, ++t.misses);
                }
            }
        }
    }

    /** The earliest poll due on this distribution, {@link Instant#MAX} when nothing is in progress. */
    private Instant nextPoll(DistributionState state) {
        Instant next = Instant.MAX;
        for (Tracked t : tracked.values()) {
            if (t.distributionId.equals(state.id)) {
                next = min(next, t.nextPollAt);
            }
        }
        return next;
    }

    private void completeTracked(Tracked t, Instant now) {
        tracked.remove(t.record.id());
        DistributionState state = state(t.distributionId);
        state.ledger.complete(t.record.id());
        for (Recent r : state.recent) {
            if (r.id.equals(t.record.id())) {
                r.completed = true;
            }
        }
        listener.completed(new Completed(t.distributionId, t.record.id(), t.record.callerReference(),
                t.record.items().size(), t.firstChange, now, causedBy(t.batches)));
        for (BatchState bs : t.batches) {
            bs.awaitingCompletion.remove(t.record.id());
            if (bs.awaitingCompletion.isEmpty() && bs.covered.isDone()) {
                listener.fresh(bs.batch, Duration.between(bs.batch.changedAt(), now));
            }
        }
    }

    private void pruneRecent(DistributionState state, Instant now) {
        Instant horizon = now.minus(settings.lookback());
        for (Iterator<Recent> it = state.recent.iterator(); it.hasNext();) {
            Recent r = it.next();
            if (r.createTime.isBefore(horizon) && r.completed) {
                it.remove();
                state.forget(r);
                state.recentIds.remove(r.id);
            } else {
                break;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Views for REST and tests.

    /** One distribution's queue and quota use. */
    public record QueueView(String distributionId, int pendingPaths, int pendingWildcards, int pendingTags,
            Instant oldestArrival, int retrying, int pathsInProgress, int wildcardsInProgress, int maxPaths,
            int maxWildcards, int invalidationsInProgress, boolean recovered, List<String> sample, int sharePaths,
            int shareWildcards) {
    }

    public synchronized List<QueueView> queues() {
        return distributions.values().stream().map(this::view).toList();
    }

    public synchronized QueueView queue(String distributionId) {
        DistributionState state = distributions.get(distributionId);
        return state == null ? null : view(state);
    }

    private QueueView view(DistributionState s) {
        int paths = 0;
        int wild = 0;
        int tags = 0;
        List<String> sample = new ArrayList<>();
        for (InvalidationItem item : s.pending.keySet()) {
            switch (item.kind()) {
                case PATH -> paths++;
                case WILDCARD -> wild++;
                case TAG -> tags++;
            }
            if (sample.size() < 20) {
                sample.add(item.value());
            }
        }
        return new QueueView(s.id, paths, wild, tags, s.oldestArrival, s.retries.size(), s.ledger.pathsInProgress(),
                s.ledger.wildcardsInProgress(), s.ledger.maxPaths(), s.ledger.maxWildcards(),
                s.ledger.invalidationsInProgress(), s.recovered, sample, s.ledger.sharePaths(),
                s.ledger.shareWildcards());
    }

    /** Pending exact paths over all distributions. */
    public synchronized int pendingPaths() {
        int n = 0;
        for (DistributionState s : distributions.values()) {
            n += s.pending.size();
            for (Submission sub : s.retries) {
                n += sub.covered().size();
            }
        }
        return n;
    }

    /** The highest quota utilisation (0..1) over all distributions, for paths or for wildcards. */
    public synchronized double utilisation(ItemKind kind) {
        double max = 0;
        for (DistributionState s : distributions.values()) {
            max = Math.max(max, kind == ItemKind.PATH ? s.ledger.pathsInProgress() / (double) s.ledger.maxPaths()
                    : s.ledger.wildcardsInProgress() / (double) s.ledger.maxWildcards());
        }
        return max;
    }

    /** What the scheduler knows about one invalidation it made or recovered; null if unknown. */
    public synchronized TrackedView tracked(String invalidationId) {
        Tracked t = tracked.get(invalidationId);
        return t == null ? null
                : new TrackedView(t.distributionId, t.record.id(), t.record.status(), t.record.createTime(),
                        t.firstChange, causedBy(t.batches), t.record.items());
    }

    public record TrackedView(String distributionId, String invalidationId, String status, Instant createTime,
            Instant firstChangeAt, List<String> causedBy, List<String> items) {
    }

    /** Whether nothing is queued, retrying or waiting to be taken in. */
    public synchronized boolean idle() {
        if (!arrivals.isEmpty()) {
            return false;
        }
        for (DistributionState s : distributions.values()) {
            if (!s.pending.isEmpty() || !s.retries.isEmpty() || !s.unrecovered.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    public synchronized int trackedCount() {
        return tracked.size();
    }

    // ------------------------------------------------------------------------------------------

    private DistributionState state(String id) {
        return distributions.computeIfAbsent(id, k -> {
            DistributionState state = new DistributionState(k, settings);
            state.readGeneration = shares.generation(k);
            return state;
        });
    }

    private Duration backoff(int attempt) {
        long ceiling = settings.backoffBase().toMillis() << Math.min(attempt, 20);
        long cap = settings.backoffCap().toMillis();
        long bound = ceiling <= 0 || ceiling > cap ? cap : ceiling;
        // Full jitter, but never zero: a busy distribution must not spin.
        return Duration.ofMillis(Math.max(1, ThreadLocalRandom.current().nextLong(bound / 2, bound + 1)));
    }

    private static List<String> causedBy(Collection<BatchState> batches) {
        Set<String> ids = new TreeSet<>();
        for (BatchState bs : batches) {
            ids.add(bs.batch.id());
        }
        return ids.stream().limit(MAX_CAUSED_BY).toList();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private record Arrival(ChangeBatch batch, CompletableFuture<Coverage> covered, Instant at) {
    }

    private static final class DistributionState {
        final String id;
        final InvalidationLedger ledger;
        final RequestRateLimit rate;
        final Map<InvalidationItem, PendingItem> pending = new LinkedHashMap<>();
        final Map<String, Set<String>> tagCandidates = new HashMap<>();
        final Deque<Submission> retries = new ArrayDeque<>();
        final Deque<Arrival> unrecovered = new ArrayDeque<>();
        final List<Recent> recent = new ArrayList<>();
        final Set<String> recentIds = new HashSet<>();
        /** The newest recent invalidation per exact path, wildcard prefix and tag (no {@code #}). */
        final Map<String, Recent> recentByPath = new HashMap<>();
        final Map<String, Recent> recentByWildcard = new HashMap<>();
        final Map<String, Recent> recentByTag = new HashMap<>();
        /** Lengths of the wildcard prefixes indexed, so a path is looked up only at those lengths. */
        final Set<Integer> recentWildcardLengths = new TreeSet<>();
        int maxItemsPerRequest;
        Instant oldestArrival;
        Instant newestArrival;
        boolean immediate;
        boolean recovered;
        /** The share generation under which what is in progress was last read. */
        long readGeneration;
        int attempts;
        Instant nextAttemptAt = Instant.MIN;
        final CompletionPolls polls;

        void remember(Recent r) {
            recent.add(r);
            for (InvalidationItem item : r.items) {
                switch (item.kind()) {
                    case PATH -> recentByPath.merge(item.value(), r, InvalidationScheduler::newer);
                    case WILDCARD -> {
                        recentByWildcard.merge(item.prefix(), r, InvalidationScheduler::newer);
                        recentWildcardLengths.add(item.prefix().length());
                    }
                    case TAG -> recentByTag.merge(item.value().substring(1), r, InvalidationScheduler::newer);
                }
            }
        }

        void forget(Recent r) {
            for (InvalidationItem item : r.items) {
                switch (item.kind()) {
                    case PATH -> recentByPath.remove(item.value(), r);
                    case WILDCARD -> recentByWildcard.remove(item.prefix(), r);
                    case TAG -> recentByTag.remove(item.value().substring(1), r);
                }
            }
        }

        DistributionState(String id, Settings settings) {
            this.polls = settings.completionPolls();
            this.id = id;
            this.ledger = new InvalidationLedger(settings.maxPaths(), settings.maxWildcards());
            this.rate = new RequestRateLimit(settings.requestsPerSecond(), settings.requestBurst());
            this.maxItemsPerRequest = settings.maxItemsPerRequest();
        }
    }

    /** A pending item and the batches waiting for it. */
    private static final class PendingItem {
        final InvalidationItem item;
        final Set<BatchState> waiting = new LinkedHashSet<>();
        Instant changedAt;
        Instant arrival;

        PendingItem(InvalidationItem item, Instant changedAt, Instant arrival) {
            this.item = item;
            this.changedAt = changedAt;
            this.arrival = arrival;
        }
    }

    private static final class BatchState {
        final ChangeBatch batch;
        final CompletableFuture<Coverage> covered;
        final Set<String> invalidationIds = new LinkedHashSet<>();
        final Set<String> awaitingCompletion = new HashSet<>();
        final List<String> failedItems = new ArrayList<>();
        int outstanding;

        BatchState(ChangeBatch batch, CompletableFuture<Coverage> covered) {
            this.batch = batch;
            this.covered = covered;
        }
    }

    /** One CreateInvalidation request in the making, with what each of its items covers. */
    private static final class Submission {
        final List<PlannedItem> plan = new ArrayList<>();
        final List<List<PendingItem>> coveredPerItem = new ArrayList<>();
        Usage usage = new Usage(0, 0);
        int salt;

        void add(PlannedItem item, List<PendingItem> covered) {
            plan.add(item);
            coveredPerItem.add(covered);
            usage = item.item().kind() == ItemKind.PATH ? new Usage(usage.paths() + 1, usage.wildcards())
                    : new Usage(usage.paths(), usage.wildcards() + 1);
        }

        int size() {
            return plan.size();
        }

        List<PlannedItem> plan() {
            return List.copyOf(plan);
        }

        List<InvalidationItem> items() {
            return plan.stream().map(PlannedItem::item).toList();
        }

        List<String> values() {
            return plan.stream().map(p -> p.item().value()).toList();
        }

        List<PendingItem> covered() {
            List<PendingItem> all = new ArrayList<>();
            coveredPerItem.forEach(all::addAll);
            return all;
        }

        Set<BatchState> batches() {
            Set<BatchState> batches = new LinkedHashSet<>();
            for (PendingItem pi : covered()) {
                batches.addAll(pi.waiting);
            }
            return batches;
        }

        Instant firstChange() {
            Instant first = Instant.MAX;
            for (PendingItem pi : covered()) {
                for (BatchState bs : pi.waiting) {
                    first = min(first, bs.batch.changedAt());
                }
            }
            return first == Instant.MAX ? Instant.EPOCH : first;
        }

        /** Hash of distribution, sorted items and sorted causing ids (see class comment). */
        String reference(String distributionId) {
            List<String> parts = new ArrayList<>(values());
            for (String id : causedBy(batches())) {
                parts.add("caused-by:" + id);
            }
            return CallerReference.of(distributionId, parts, salt == 0 ? "" : "salt-" + salt);
        }

        List<Submission> split() {
            Submission a = new Submission();
            Submission b = new Submission();
            int half = plan.size() / 2;
            for (int i = 0; i < plan.size(); i++) {
                (i < half ? a : b).add(plan.get(i), coveredPerItem.get(i));
            }
            return List.of(a, b);
        }
    }

    private static final class Tracked {
        final String distributionId;
        final InvalidationRecord record;
        final List<PlannedItem> plan;
        final Instant firstChange;
        final List<BatchState> batches;
        /** When CloudFront created it, if this instance created it (recovered ones are of unknown age). */
        Instant createTime;
        Instant nextPollAt = Instant.MIN;
        Instant lastMiss;
        int misses;

        Tracked(String distributionId, InvalidationRecord record, List<PlannedItem> plan, Instant firstChange,
                List<BatchState> batches) {
            this.distributionId = distributionId;
            this.record = record;
            this.plan = plan;
            this.firstChange = firstChange;
            this.batches = new ArrayList<>(batches);
        }
    }

    private static final class Recent {
        final String id;
        final Instant createTime;
        final List<InvalidationItem> items;
        boolean completed;

        Recent(String id, Instant createTime, List<InvalidationItem> items, boolean completed) {
            this.id = id;
            this.createTime = createTime;
            this.items = items;
            this.completed = completed;
        }

        Instant createTime() {
            return createTime;
        }
    }
}
