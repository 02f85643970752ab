package io.edgeplane.dns.service;

import io.edgeplane.dns.domain.BatchLimits;
import io.edgeplane.dns.domain.ChangeBatch;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.ChangeStatus;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.domain.DnsPlanner;
import io.edgeplane.dns.domain.HostedZones;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordPage;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.domain.RuleViolation;
import io.edgeplane.dns.domain.ZoneCapacity;
import io.edgeplane.platform.aws.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The only writer of one hosted zone. Collects tenants' change groups, packs them into as few
 * ChangeResourceRecordSets requests as the limits allow, submits them through the account-wide
 * {@link RateLimiter} with backoff and jitter on Throttling and PriorRequestNotComplete, follows each change with
 * GetChange until INSYNC, and reports per group. A batch Route 53 rejects is split so that one bad record never
 * blocks the others: groups the error names are tried alone, the rest go again together (halving when the error
 * names nobody); a group that still fails alone is re-planned against what the zone holds at its names (one
 * listing), and reported failed only if that does not explain it. A batch rejected because the zone is not as
 * planned (a replay after a crash re-sending what was written) is first re-planned as a whole against one paged
 * listing of the zone, when that costs fewer requests than isolating its groups.
 * <p>
 * <b>Capacity</b>: the zone's record-set limit and count are read from Route 53 before the first write and kept
 * current from the writer's own accepted changes (it is the zone's only writer) and from reconciliation listings;
 * a group that would take the zone over its limit fails at once with the retryable rule {@code zone-capacity},
 * without any request. <b>No head-of-line blocking</b>: while a rejected batch is split and its groups isolated,
 * the GetChange polls that fall due are made between those requests, so accepted groups are confirmed on time.
 * <p>
 * Plain Java, single-threaded: the service runs {@link #run()} on a thread per zone; a benchmark calls
 * {@link #drain()} with a virtual clock.
 */
public final class ZoneWriter implements Runnable {
    private static final Logger LOG = Logger.getLogger(ZoneWriter.class);

    /** What the writer reports; called on the writer's thread. */
    public interface Listener {
        /** The groups' changes are INSYNC ({@code changeId} null when there was nothing left to write). */
        void inSync(List<PendingChange> changes, String changeId);

        /** The group could not be written; its records are as they were. */
        void failed(PendingChange change, RuleViolation violation);

        /** False once the change is no longer this writer's to make (its partition moved to another replica). */
        default boolean wanted(PendingChange change) {
            return true;
        }
    }

    /**
     * One owner's changes for this zone and the record keys it held before them (for re-planning after a failure).
     *
     * @param context opaque to the writer (the Kafka message, a benchmark's tenant)
     */
    public record PendingChange(String zoneId, ChangeGroup group, Set<RecordKey> held, Object context) {
    }

    /**
     * @param quiet     flush a partly filled batch once no change arrived for this long
     * @param maxLinger ...or once the oldest queued change waited this long
     */
    public record Settings(BatchLimits limits, Duration quiet, Duration maxLinger, Duration pollInitial,
            Duration pollMax, Backoff backoff) {
        public static final Settings DEFAULTS = new Settings(BatchLimits.ROUTE53, Duration.ofMillis(500),
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(15),
                new Backoff(Duration.ofMillis(250), Duration.ofSeconds(20), 8));
    }

    private record Queued(PendingChange change, Instant at) {
    }

    private static final class InFlight {
        final String changeId;
        final List<PendingChange> items;
        final Instant submittedAt;
        int polls;
        Instant nextPoll;

        InFlight(String changeId, List<PendingChange> items, Instant submittedAt, Instant nextPoll) {
            this.changeId = changeId;
            this.items = items;
            this.submittedAt = submittedAt;
            this.nextPoll = nextPoll;
        }
    }

    /** Each first look that finds the change INSYNC moves the next first look this much earlier. */
    static final double SETTLE_PROBE = 0.99;
    /**
     * When this zone's changes have been found INSYNC, learned from its own polls; the first GetChange of a new
     * change is made then rather than at {@code pollInitial}, so that a zone settling in a steady time costs about
     * one poll per change instead of one per doubling step (Route 53 answers PENDING until every name server has
     * the change, typically within 60 s). Null until the first change settled.
     */
    private Duration settle;
    /** First looks in a row that found their change INSYNC. */
    private int firstLookHits;
    /** Up to this many hits in a row the estimate steps down by {@link #SETTLE_PROBE}; beyond, ever faster. */
    static final int STEADY_HITS = 20;

    private final String zoneId;
    private final HostedZones zones;
    private final RateLimiter limiter;
    private final Clock clock;
    private final Settings settings;
    private final Listener listener;
    private final WriterStats stats;
    private final Deque<Queued> inbox = new ArrayDeque<>();
    private final List<InFlight> inflight = new ArrayList<>();
    private final Object signal = new Object();
    private Instant lastArrival;
    private volatile boolean running = true;
    private volatile int inFlightGroups;
    private volatile long limit = -1;
    private volatile long count;
    private volatile Long observedCount;

    public ZoneWriter(String zoneId, HostedZones zones, RateLimiter limiter, Clock clock, Settings settings,
            Listener listener, WriterStats stats) {
        this.zoneId = zoneId;
        this.zones = zones;
        this.limiter = limiter;
        this.clock = clock;
        this.settings = settings;
        this.listener = listener;
        this.stats = stats;
    }

    public String zoneId() {
        return zoneId;
    }

    /** Queues one owner's changes; never blocks. */
    public void offer(PendingChange change) {
        synchronized (signal) {
            Instant now = clock.now();
            inbox.addLast(new Queued(change, now));
            lastArrival = now;
            signal.notifyAll();
        }
    }

    public int queued() {
        synchronized (signal) {
            return inbox.size();
        }
    }

    /** Groups submitted and not yet INSYNC (written by the writer's thread only, read by others). */
    public int inFlight() {
        return inFlightGroups;
    }

    public boolean idle() {
        return queued() == 0 && inflight.isEmpty();
    }

    /** The zone's record-set limit, or -1 before it was read. */
    public long limit() {
        return limit;
    }

    /** Record sets in the zone as this writer knows them (its own accepted changes on top of the last reading). */
    public long recordSets() {
        return count;
    }

    /** A full listing saw this many record sets; applied when the writer has nothing in flight. */
    public void observeCount(long recordSets) {
        observedCount = recordSets;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Drops the queued changes that match (not yet submitted; nobody is told) and returns how many. */
    public int discard(java.util.function.Predicate<PendingChange> which) {
        synchronized (signal) {
            int before = inbox.size();
            inbox.removeIf(q -> which.test(q.change()));
            return before - inbox.size();
        }
    }

    /**
     * Another writer may have changed the zone (its partition was elsewhere for a while): read the record-set
     * count and limit again before the next write instead of trusting this writer's own tally.
     */
    public void forgetCapacity() {
        limit = -1;
    }

    public void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** The service's loop: work when due, otherwise wait for new changes or the next due poll. */
    @Override
    public void run() {
        while (running) {
            try {
                Instant next = step();
                synchronized (signal) {
                    long waitMillis = next == null ? 1_000 : Duration.between(clock.now(), next).toMillis();
                    if (running && waitMillis > 0 && (next == null || !hasDueSubmission(clock.now()))) {
                        signal.wait(Math.min(waitMillis, 1_000));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | OutOfMemoryError e) {
                // Never let the zone's only writer die; the failed step's messages stay unacknowledged and are retried.
                LOG.errorf(e, "Zone writer %s: unexpected failure, continuing", zoneId);
            }
        }
    }

    /** Replays until everything queued is INSYNC or failed (virtual clock: waits only advance time). */
    public void drain() throws InterruptedException {
        while (!idle()) {
            Instant next = step();
            if (next != null && next.isAfter(clock.now())) {
                clock.sleep(Duration.between(clock.now(), next));
            }
        }
    }

    /**
     * Does one unit of due work (a flush of queued changes, or one GetChange poll). Returns when the next work is
     * due: now if something was done, a later instant, or null when nothing is pending.
     */
    Instant step() throws InterruptedException {
        Long observed = observedCount;
        if (observed != null && inflight.isEmpty()) {
            observedCount = null;
            count = observed;
        }
        Instant now = clock.now();
        List<PendingChange> take = takeDue(now);
        if (!take.isEmpty()) {
            submitAll(take);
            return clock.now();
        }
        InFlight due = nextPoll();
        if (due != null && !due.nextPoll.isAfter(now)) {
            poll(due);
            return clock.now();
        }
        Instant next = due == null ? null : due.nextPoll;
        Instant flushAt = nextFlush();
        if (flushAt != null && (next == null || flushAt.isBefore(next))) {
            next = flushAt;
        }
        return next;
    }

    private boolean hasDueSubmission(Instant now) {
        Instant flushAt = nextFlush();
        return flushAt != null && !flushAt.isAfter(now) || queuedValues() >= settings.limits().maxValues();
    }

    private Instant nextFlush() {
        synchronized (signal) {
            if (inbox.isEmpty()) {
                return null;
            }
            Instant quietEnd = lastArrival.plus(settings.quiet());
            Instant lingerEnd = inbox.peekFirst().at().plus(settings.maxLinger());
            return quietEnd.isBefore(lingerEnd) ? quietEnd : lingerEnd;
        }
    }

    private int queuedValues() {
        synchronized (signal) {
            int sum = 0;
            for (Queued q : inbox) {
                sum += q.change().group().weightedValues();
                if (sum >= settings.limits().maxValues()) {
                    break;
                }
            }
            return sum;
        }
    }

    /** Full batches always; the last, partly filled one only once the zone went quiet or waited long enough. */
    private List<PendingChange> takeDue(Instant now) {
        synchronized (signal) {
            if (inbox.isEmpty()) {
                return List.of();
            }
            boolean flushAll = !nextFlush().isAfter(now);
            if (!flushAll && queuedValues() < settings.limits().maxValues()) {
                return List.of();
            }
            List<PendingChange> all = new ArrayList<>(inbox.size());
            inbox.forEach(q -> all.add(q.change()));
            ChangeBatch.Packing packing = ChangeBatch.pack(groups(all), settings.limits());
            if (flushAll || packing.batches().size() <= 1) {
                inbox.clear();
                return all;
            }
            // Groups packed into the last, partial batch wait for more company; the rest goes now.
            Set<ChangeGroup> partial = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            partial.addAll(packing.batches().getLast().groups());
            List<PendingChange> taken = new ArrayList<>();
            Deque<Queued> keep = new ArrayDeque<>();
            for (Queued q : inbox) {
                if (partial.contains(q.change().group())) {
                    keep.addLast(q);
                } else {
                    taken.add(q.change());
                }
            }
            inbox.clear();
            inbox.addAll(keep);
            return taken;
        }
    }

    private static List<ChangeGroup> groups(List<PendingChange> changes) {
        return changes.stream().map(PendingChange::group).toList();
    }

    private void submitAll(List<PendingChange> changes) throws InterruptedException {
        List<PendingChange> nothingToDo = new ArrayList<>();
        List<PendingChange> toWrite = new ArrayList<>();
        for (PendingChange c : changes) {
            if (!listener.wanted(c)) {
                continue;
            }
            (c.group().changes().isEmpty() ? nothingToDo : toWrite).add(c);
        }
        if (!nothingToDo.isEmpty()) {
            listener.inSync(nothingToDo, null);
        }
        List<PendingChange> admitted = admit(toWrite);
        Map<ChangeGroup, PendingChange> byGroup = new IdentityHashMap<>();
        admitted.forEach(c -> byGroup.put(c.group(), c));
        ChangeBatch.Packing packing = ChangeBatch.pack(groups(admitted), settings.limits());
        for (ChangeGroup g : packing.oversized()) {
            fail(byGroup.get(g), RuleViolation.of("batch-limits", "the changes of " + g.owner()
                    + " exceed the limits of one ChangeResourceRecordSets request on their own"));
        }
        for (ChangeBatch batch : packing.batches()) {
            submitSplitting(batch, byGroup);
        }
    }

    /**
     * The groups that fit into the zone, in order; the others fail with {@code zone-capacity} before any write.
     * Groups that shrink the zone always pass.
     */
    private List<PendingChange> admit(List<PendingChange> changes) throws InterruptedException {
        if (changes.isEmpty() || changes.stream().noneMatch(c -> ZoneCapacity.growth(c.group()) > 0)) {
            return changes;
        }
        if (limit < 0 && !readCapacity()) {
            return List.of(); // stopped
        }
        ZoneCapacity capacity = new ZoneCapacity(limit, count);
        long reserved = 0;
        List<PendingChange> fit = new ArrayList<>(changes.size());
        for (PendingChange c : changes) {
            int growth = ZoneCapacity.growth(c.group());
            if (!capacity.fits(reserved, growth)) {
                // Before refusing: a replay (after a crash) re-sends CREATEs of records the zone already has.
                // Re-plan against one listing of the full zone, kept while the zone does not change.
                Map<String, List<RecordSet>> zone = snapshot();
                if (zone == null) {
                    return List.of(); // stopped
                }
                List<RecordSet> atNames = new ArrayList<>();
                c.group().names().forEach(n -> atNames.addAll(zone.getOrDefault(n, List.of())));
                DnsPlanner.Replan replan = DnsPlanner.replan(c.group(), atNames, c.held());
                if (replan.conflict() != null) {
                    fail(c, replan.conflict().violation());
                    continue;
                }
                if (replan.changes().isEmpty()) {
                    stats.groupsInSync.incrementAndGet();
                    listener.inSync(List.of(c), null);
                    continue;
                }
                c = new PendingChange(c.zoneId(), new ChangeGroup(c.group().owner(), replan.changes()), c.held(),
                        c.context());
                growth = ZoneCapacity.growth(c.group());
            }
            if (capacity.fits(reserved, growth)) {
                reserved += Math.max(0, growth);
                fit.add(c);
            } else {
                stats.capacityRefused.incrementAndGet();
                fail(c, capacity.refusal(zoneId, c.group().owner(), reserved, growth));
            }
        }
        return fit;
    }

    private Map<String, List<RecordSet>> snapshot;
    private long snapshotCount = -1;

    /** The zone's records by name from one paged listing, reused until the zone's count changes. */
    private Map<String, List<RecordSet>> snapshot() throws InterruptedException {
        if (snapshot != null && snapshotCount == count) {
            return snapshot;
        }
        Map<String, List<RecordSet>> byName = new java.util.HashMap<>();
        RecordKey start = null;
        int attempt = 0;
        do {
            if (!running) {
                return null;
            }
            pollDue();
            limiter.acquire();
            stats.listRequests.incrementAndGet();
            try {
                RecordPage page = zones.list(zoneId, start, 300);
                page.records().forEach(r -> byName.computeIfAbsent(DnsNames.normalize(r.name()),
                        n -> new ArrayList<>()).add(r));
                start = page.next();
                attempt = 0;
            } catch (DnsApiException e) {
                backoff(e, attempt++);
            }
        } while (start != null);
        snapshot = byName;
        snapshotCount = count;
        return byName;
    }

    /**
     * GetHostedZoneLimit + GetHostedZone through the limiter, each in a slot of its own (two requests in one slot
     * are two in a slot of the account's grid); false only when the writer stops.
     */
    private boolean readCapacity() throws InterruptedException {
        int attempt = 0;
        while (running) {
            try {
                limiter.acquire();
                stats.zoneInfoRequests.incrementAndGet();
                long readLimit = zones.recordSetLimit(zoneId);
                limiter.acquire();
                stats.zoneInfoRequests.incrementAndGet();
                count = zones.recordSetCount(zoneId);
                limit = readLimit;
                LOG.infof("Zone %s: %d of %d record sets (MAX_RRSETS_BY_ZONE)", zoneId, count, limit);
                return true;
            } catch (DnsApiException e) {
                backoff(e, attempt++);
            }
        }
        return false;
    }

    private void submitSplitting(ChangeBatch batch, Map<ChangeGroup, PendingChange> byGroup)
            throws InterruptedException {
        submitSplitting(batch, byGroup, false);
    }

    private void submitSplitting(ChangeBatch batch, Map<ChangeGroup, PendingChange> byGroup, boolean replanned)
            throws InterruptedException {
        Attempt attempt = submit(batch);
        if (attempt.changeId != null) {
            track(attempt.changeId, batch, byGroup);
            return;
        }
        if (attempt.error == null) {
            return; // stopped
        }
        if (String.join(" ", attempt.error.messages()).contains("MAX_RRSETS_BY_ZONE")) {
            // The zone filled behind our back (another tool, a stale count): read it again and refuse what no
            // longer fits, instead of isolating every tenant against a full zone.
            long before = count;
            if (!readCapacity()) {
                return;
            }
            List<PendingChange> pending = batch.groups().stream().map(byGroup::get).toList();
            List<PendingChange> fit = admit(pending);
            if (fit.size() < pending.size() || count != before) {
                if (!fit.isEmpty()) {
                    submitSplitting(new ChangeBatch(groups(fit)), byGroup);
                }
                return;
            }
        }
        if (!replanned && explainedByZone(attempt.error.messages()) && listingIsCheaper(batch.groups().size())
                && replanAgainstListing(batch, byGroup)) {
            return;
        }
        ChangeBatch.Split split = batch.afterFailure(attempt.error.messages());
        LOG.infof("Zone %s: batch of %d groups rejected (%s); retrying %d batch(es), isolating %d group(s)", zoneId,
                batch.groups().size(), attempt.error.getMessage(), split.retry().size(), split.isolated().size());
        for (ChangeBatch retry : split.retry()) {
            submitSplitting(retry, byGroup);
        }
        for (ChangeGroup alone : split.isolated()) {
            submitAlone(alone, byGroup);
        }
    }

    /**
     * Route 53's words for a change that does not match the zone's records as a replay produces them (a CREATE of
     * what is there, a DELETE of what is gone); other rejections (a name outside the zone, a conflicting type) are
     * isolated group by group.
     */
    private static final java.util.regex.Pattern ZONE_STATE = java.util.regex.Pattern.compile(
            "(?i).*(but it already exists|but it was not found).*");

    private static boolean explainedByZone(List<String> messages) {
        return !messages.isEmpty() && messages.stream().anyMatch(m -> ZONE_STATE.matcher(m).matches());
    }

    /**
     * One paged listing of the zone (300 record sets a page) against isolating each group (a request alone, one
     * listing of its names, a corrected request: up to three each).
     */
    private boolean listingIsCheaper(int groups) {
        return groups > 1 && count >= 0 && count / 300 + 1 <= 3L * groups;
    }

    /**
     * A batch rejected because the zone is not as planned - typically a replay after a crash, re-sending CREATEs
     * that were written before it - is re-planned as a whole against one paged listing of the zone (reused while
     * the zone's count holds): groups already written are confirmed without a request, foreign records fail as
     * conflicts, the rest go again in one batch. False when the listing explains nothing (then the batch is split).
     */
    private boolean replanAgainstListing(ChangeBatch batch, Map<ChangeGroup, PendingChange> byGroup)
            throws InterruptedException {
        Map<String, List<RecordSet>> zone = snapshot();
        if (zone == null) {
            return true; // stopped
        }
        List<ChangeGroup> again = new ArrayList<>();
        Map<ChangeGroup, PendingChange> againBy = new IdentityHashMap<>();
        List<PendingChange> written = new ArrayList<>();
        boolean learned = false;
        for (ChangeGroup group : batch.groups()) {
            PendingChange pending = byGroup.get(group);
            List<RecordSet> atNames = new ArrayList<>();
            group.names().forEach(n -> atNames.addAll(zone.getOrDefault(n, List.of())));
            DnsPlanner.Replan replan = DnsPlanner.replan(group, atNames, pending.held());
            if (replan.conflict() != null) {
                fail(pending, replan.conflict().violation());
                learned = true;
            } else if (replan.changes().isEmpty()) {
                written.add(pending);
                learned = true;
            } else {
                learned |= replan.learned();
                ChangeGroup fixed = new ChangeGroup(group.owner(), replan.changes());
                again.add(fixed);
                againBy.put(fixed, new PendingChange(pending.zoneId(), fixed, pending.held(), pending.context()));
            }
        }
        if (!learned) {
            return false;
        }
        LOG.infof("Zone %s: rejected batch of %d groups re-planned against one listing: %d already written,"
                + " %d to write again", zoneId, batch.groups().size(), written.size(), again.size());
        if (!written.isEmpty()) {
            stats.groupsInSync.addAndGet(written.size());
            listener.inSync(written, null);
        }
        // An UPSERT weighs more than a CREATE in Route 53's limits: pack the corrected groups again.
        for (ChangeBatch corrected : ChangeBatch.pack(again, settings.limits()).batches()) {
            submitSplitting(corrected, againBy, true);
        }
        return true;
    }

    private void submitAlone(ChangeGroup group, Map<ChangeGroup, PendingChange> byGroup) throws InterruptedException {
        PendingChange pending = byGroup.get(group);
        ChangeBatch single = new ChangeBatch(List.of(group));
        Attempt first = submit(single);
        if (first.changeId != null) {
            track(first.changeId, single, byGroup);
            return;
        }
        if (first.error == null) {
            return;
        }
        // Alone it still fails: let the zone explain it (a record already there, gone, or foreign).
        List<RecordSet> current = readNames(group.names());
        DnsPlanner.Replan replan = DnsPlanner.replan(group, current, pending.held());
        if (replan.conflict() != null) {
            fail(pending, replan.conflict().violation());
            return;
        }
        if (!replan.learned()) {
            fail(pending, RuleViolation.of("invalid-change", "Route 53 rejected the change: "
                    + String.join("; ", first.error.messages())));
            return;
        }
        if (replan.changes().isEmpty()) {
            stats.groupsInSync.incrementAndGet();
            listener.inSync(List.of(pending), null);
            return;
        }
        ChangeGroup fixed = new ChangeGroup(group.owner(), replan.changes());
        PendingChange again = new PendingChange(pending.zoneId(), fixed, pending.held(), pending.context());
        Map<ChangeGroup, PendingChange> one = new IdentityHashMap<>();
        one.put(fixed, again);
        Attempt second = submit(new ChangeBatch(List.of(fixed)));
        if (second.changeId != null) {
            track(second.changeId, new ChangeBatch(List.of(fixed)), one);
        } else if (second.error != null) {
            fail(again, RuleViolation.of("invalid-change", "Route 53 rejected the change: "
                    + String.join("; ", second.error.messages())));
        }
    }

    private record Attempt(String changeId, DnsApiException error) {
    }

    /** One batch until accepted, rejected as invalid, or the writer stops; transient failures wait and retry. */
    private Attempt submit(ChangeBatch batch) throws InterruptedException {
        int attempt = 0;
        while (running) {
            pollDue();
            limiter.acquire();
            stats.changeRequests.incrementAndGet();
            try {
                String id = zones.submit(zoneId, batch, "edgeplane: " + batch.groups().size() + " tenant(s)");
                for (ChangeGroup g : batch.groups()) {
                    count += ZoneCapacity.growth(g);
                }
                stats.changeRequestsAccepted.incrementAndGet();
                stats.groupsSubmitted.addAndGet(batch.groups().size());
                stats.valuesSubmitted.addAndGet(batch.weightedValues());
                return new Attempt(id, null);
            } catch (DnsApiException e) {
                if (e.isInvalidBatch()) {
                    stats.invalidBatches.incrementAndGet();
                    return new Attempt(null, e);
                }
                backoff(e, attempt++);
            }
        }
        return new Attempt(null, null);
    }

    private void backoff(DnsApiException e, int attempt) throws InterruptedException {
        switch (e.code()) {
            case "Throttling" -> stats.throttled.incrementAndGet();
            case "PriorRequestNotComplete" -> stats.priorRequestNotComplete.incrementAndGet();
            default -> stats.otherTransient.incrementAndGet();
        }
        if (!e.isTransient()) {
            // Access denied, no such zone: nothing a retry of this batch fixes soon, but the changes are valid.
            // Keep them (unacknowledged) and retry slowly rather than failing every tenant.
            LOG.errorf("Zone %s: Route 53 refused (%s); retrying at the backoff cap", zoneId, e.getMessage());
        }
        Duration wait = e.isTransient() ? settings.backoff().delay(Math.min(attempt, 12))
                : settings.backoff().cap();
        if ("Throttling".equals(e.code())) {
            limiter.penalise(wait);
        }
        clock.sleep(wait);
    }

    private void track(String changeId, ChangeBatch batch, Map<ChangeGroup, PendingChange> byGroup) {
        List<PendingChange> items = new ArrayList<>(batch.groups().size());
        batch.groups().forEach(g -> items.add(byGroup.get(g)));
        Instant now = clock.now();
        inflight.add(new InFlight(changeId, items, now, now.plus(settle == null ? settings.pollInitial() : settle)));
        inFlightGroups += items.size();
    }

    private InFlight nextPoll() {
        InFlight first = null;
        for (InFlight f : inflight) {
            if (first == null || f.nextPoll.isBefore(first.nextPoll)) {
                first = f;
            }
        }
        return first;
    }

    /** The GetChange polls due now, made between the requests of a long split so that nobody waits behind it. */
    private void pollDue() throws InterruptedException {
        for (InFlight due = nextPoll(); due != null && !due.nextPoll.isAfter(clock.now()); due = nextPoll()) {
            poll(due);
        }
    }

    private void poll(InFlight f) throws InterruptedException {
        limiter.acquire();
        stats.getChangeRequests.incrementAndGet();
        ChangeStatus status;
        try {
            status = zones.status(f.changeId);
        } catch (DnsApiException e) {
            if ("Throttling".equals(e.code())) {
                stats.throttled.incrementAndGet();
                limiter.penalise(settings.backoff().delay(Math.min(f.polls, 12)));
            } else {
                stats.otherTransient.incrementAndGet();
            }
            reschedule(f);
            return;
        }
        if (status == ChangeStatus.INSYNC) {
            learnSettle(f);
            inflight.remove(f);
            inFlightGroups -= f.items.size();
            stats.groupsInSync.addAndGet(f.items.size());
            listener.inSync(f.items, f.changeId);
        } else {
            reschedule(f);
        }
    }

    private void reschedule(InFlight f) {
        f.polls++;
        long millis = settings.pollInitial().toMillis() << Math.min(f.polls, 10);
        if (f.polls == 1 && settle != null) {
            // The learned time was just short: the change is about to settle, look again soon.
            millis = Math.max(100, settle.toMillis() / 10);
        }
        Duration wait = Duration.ofMillis(Math.min(millis, settings.pollMax().toMillis()));
        f.nextPoll = clock.now().plus(wait);
    }

    /**
     * Found INSYNC at the first look: it may have settled earlier, so probe a little sooner next time; after more
     * looks, the time of the look that found it is the new estimate (an upper bound, so the next first look finds
     * the next change settled). Kept between {@code pollInitial} and four times {@code pollMax}.
     */
    private void learnSettle(InFlight f) {
        Duration seen = Duration.between(f.submittedAt, clock.now());
        Duration next;
        if (f.polls == 0 && settle != null) {
            // A long run of first-look hits means the zone got faster: step down faster, or tenants would wait
            // on an old, slow estimate for hundreds of changes.
            firstLookHits++;
            next = Duration.ofMillis((long) (settle.toMillis()
                    * Math.pow(SETTLE_PROBE, Math.max(1, firstLookHits - STEADY_HITS))));
        } else {
            firstLookHits = 0;
            next = seen;
        }
        Duration ceiling = settings.pollMax().multipliedBy(4);
        settle = next.compareTo(settings.pollInitial()) < 0 ? settings.pollInitial()
                : next.compareTo(ceiling) > 0 ? ceiling : next;
    }

    /** When the next change's first GetChange will be made, after submission (null: at pollInitial). */
    Duration settleEstimate() {
        return settle;
    }

    /** What the zone holds at these names: one ListResourceRecordSets page per name, starting at the name. */
    private List<RecordSet> readNames(Set<String> names) throws InterruptedException {
        List<RecordSet> found = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            int attempt = 0;
            while (running) {
                pollDue();
                limiter.acquire();
                stats.listRequests.incrementAndGet();
                try {
                    RecordPage page = zones.list(zoneId, new RecordKey(name, RecordType.A), 20);
                    for (RecordSet r : page.records()) {
                        if (DnsNames.normalize(r.name()).equals(name)) {
                            found.add(r);
                        }
                    }
                    break;
                } catch (DnsApiException e) {
                    backoff(e, attempt++);
                }
            }
        }
        return found;
    }

    private void fail(PendingChange change, RuleViolation violation) {
        stats.groupsFailed.incrementAndGet();
        LOG.warnf("Zone %s: %s failed %s", zoneId, change.group().owner(), violation);
        listener.failed(change, violation);
    }
}
