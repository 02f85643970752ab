package io.edgeplane.bench.dns;

import io.edgeplane.dns.domain.BatchLimits;
import io.edgeplane.dns.domain.ChangeBatch;
import io.edgeplane.dns.domain.ChangeStatus;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.HostedZones;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordPage;
import io.edgeplane.dns.domain.ZoneCapacity;
import io.edgeplane.dns.service.Clock;
import io.edgeplane.dns.service.RateLimiter;
import io.edgeplane.dns.service.WriterStats;
import io.edgeplane.dns.service.ZoneWriter;
import io.edgeplane.dns.simulated.SimulatedCloudFront;
import io.edgeplane.dns.simulated.SimulatedRoute53;
import io.edgeplane.platform.budget.AccountBudget;
import io.edgeplane.platform.budget.BudgetShare;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * Several zone writers - one hosted zone each, standing for the dns-service replicas that hold the zones'
 * zone-changes partitions - paced the way production paces them: each through {@code RateLimiter.shared} over its
 * own {@link AccountBudget} holding one of the working partitions, so all of them spend one account-wide slot grid.
 * They write to ONE simulated Route 53 account that allows 5 requests/s across all zones and counts every
 * Throttling. {@code AccountBudget}'s public constructors read the wall clock, so this row runs in real time.
 */
final class SharedAccountReplay {
    /** The dns-service's zone-changes topic and its default partition count (edgeplane.dns.topics.partitions). */
    static final String TOPIC = "edgeplane.dns.zone-changes";
    static final int TOPIC_PARTITIONS = 6;

    /** One writer ("replica"): its zone, its partition, and what it sent. */
    record Writer(String zoneId, String base, int partition, int tenants, double pace, long changes, long getChanges,
            long lists, long zoneInfo, long throttled, Duration wall, Duration medianReady, String failed) {
        long requests() {
            return changes + getChanges + lists + zoneInfo;
        }
    }

    /**
     * @param total      the row of the main table (Route 53 figures as the writers counted them)
     * @param accepted   requests the simulated account answered (all operations), and those it throttled
     * @param maxPerSecond the most requests sent to the account (throttled ones included) in any one-second window
     * @param maxPer10s  the most requests in any ten-second window
     */
    record Result(List<Writer> writers, ProvisionReplay.Row total, long accepted, long accountThrottled,
            int maxPerSecond, int maxPer10s, List<String> throttles, long longestStallNanos, int stallsOver100ms,
            int quotaPerZone, Duration insync,
            Duration firstPoll, double rate) {
    }

    static Result run(List<ProvisionReplay.Tenant> population, int writers, Duration insync, double rate,
            Duration firstPoll) throws InterruptedException {
        Map<String, Integer> zones = zoneIds(writers);
        List<String> zoneIds = List.copyOf(zones.keySet());
        List<String> bases = new ArrayList<>();
        for (int z = 0; z < writers; z++) {
            bases.add("tenants" + (z + 1) + ".example.com");
        }
        // As the explicit single-zone rows: 2 record sets per tenant + 10,000 (an AWS quota increase per zone).
        int quotaPerZone = 2 * Math.ceilDiv(population.size(), writers) + 10_000;
        SimulatedRoute53 account = new SimulatedRoute53(Clock.SYSTEM, new SimulatedRoute53.Settings(5, insync,
                Duration.ZERO, quotaPerZone, BatchLimits.ROUTE53, 0.0, 42L));
        for (int z = 0; z < writers; z++) {
            account.createZone(zoneIds.get(z), bases.get(z));
        }
        Stalls stalls = new Stalls();
        Stamped stamped = new Stamped(account, (long) (1_000_000_000L / rate), stalls);
        SimulatedCloudFront cloudFront = new SimulatedCloudFront(Clock.SYSTEM, new SimulatedCloudFront.Settings(
                Duration.ZERO, 500));
        ProvisionReplay.Plan plan = ProvisionReplay.plan(population, zoneIds, bases, false, cloudFront, Clock.SYSTEM);

        Set<Integer> working = new TreeSet<>(zones.values());
        List<ZoneWriter> zoneWriters = new ArrayList<>();
        List<WriterStats> stats = new ArrayList<>();
        List<AccountBudget> budgets = new ArrayList<>();
        for (int z = 0; z < writers; z++) {
            // Each replica's budget as AccountBudgets sets it on assignment: its partition of the working ones.
            AccountBudget budget = new AccountBudget("route53", TOPIC, rate);
            budget.reassign(BudgetShare.of(TOPIC, List.of(new TopicPartition(TOPIC, zones.get(zoneIds.get(z)))),
                    working));
            WriterStats s = new WriterStats();
            zoneWriters.add(new ZoneWriter(zoneIds.get(z), stamped, RateLimiter.shared(budget), Clock.SYSTEM,
                    ProvisionReplay.settings(firstPoll), plan.outcomes().get(z), s));
            stats.add(s);
            budgets.add(budget);
        }

        CountDownLatch go = new CountDownLatch(1);
        Instant[] start = new Instant[1];
        Instant[] end = new Instant[writers];
        List<Thread> threads = new ArrayList<>();
        for (int z = 0; z < writers; z++) {
            int zone = z;
            threads.add(Thread.ofPlatform().name("zone-writer-" + zoneIds.get(z)).start(() -> {
                try {
                    go.await();
                    plan.outcomes().get(zone).start(start[0]);
                    plan.byZone().get(zone).forEach(zoneWriters.get(zone)::offer);
                    zoneWriters.get(zone).drain();
                    end[zone] = Instant.now();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start[0] = Instant.now();
        stamped.origin = System.nanoTime();
        Thread watcher = Thread.ofPlatform().daemon().name("stall-watcher").start(stalls);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        watcher.interrupt();
        watcher.join();

        List<Writer> figures = new ArrayList<>();
        long records = 0;
        int zoneRecords = 0;
        for (int z = 0; z < writers; z++) {
            WriterStats s = stats.get(z);
            ProvisionReplay.Outcome o = plan.outcomes().get(z);
            if (end[z] == null) {
                throw new IllegalStateException("writer of " + zoneIds.get(z) + " did not finish");
            }
            figures.add(new Writer(zoneIds.get(z), bases.get(z), zones.get(zoneIds.get(z)),
                    population.size() / writers + (z < population.size() % writers ? 1 : 0),
                    budgets.get(z).rate(), s.changeRequests.get(), s.getChangeRequests.get(),
                    s.listRequests.get(), s.zoneInfoRequests.get(), s.throttled.get(),
                    Duration.between(start[0], end[z]), ProvisionReplay.Outcome.median(List.of(o)), o.failedText()));
            int size = account.records(zoneIds.get(z)).size();
            zoneRecords += size;
            records += size - 2L;
        }
        long failed = plan.outcomes().stream().mapToLong(o -> o.failed).sum();
        Map<String, Integer> rules = new java.util.TreeMap<>();
        plan.outcomes().forEach(o -> o.rules.forEach((k, v) -> rules.merge(k, v, Integer::sum)));
        ProvisionReplay.Row total = new ProvisionReplay.Row(writers + " zone writers sharing the account budget"
                + " (AccountBudget, 1 of " + writers + " working partitions each; real time)", population.size(),
                plan.individual()[0], records, sum(figures, Writer::changes), sum(figures, Writer::getChanges),
                sum(figures, Writer::lists), sum(figures, Writer::zoneInfo), sum(figures, Writer::throttled),
                figures.stream().map(Writer::wall).max(Duration::compareTo).orElseThrow(),
                ProvisionReplay.Outcome.median(plan.outcomes()), zoneRecords,
                failed + (rules.isEmpty() ? "" : " " + rules));
        long throttled = account.rateThrottled.get() + account.injectedThrottles.get();
        return new Result(figures, total, account.requests() - throttled, throttled, stamped.maxWithin(1_000_000_000L),
                stamped.maxWithin(10_000_000_000L), stamped.throttles(), stalls.longest(Long.MIN_VALUE, Long.MAX_VALUE),
                stalls.over(100_000_000L), quotaPerZone, insync, firstPoll, rate);
    }

    private static long sum(List<Writer> writers, java.util.function.ToLongFunction<Writer> f) {
        return writers.stream().mapToLong(f).sum();
    }

    /**
     * Zone ids whose zone-changes partitions (Kafka's default partitioner on the zone id, as the service computes
     * them) differ, so each writer's replica holds exactly one working partition.
     */
    static Map<String, Integer> zoneIds(int writers) {
        Map<String, Integer> chosen = new LinkedHashMap<>();
        Set<Integer> taken = new TreeSet<>();
        for (int n = 1; chosen.size() < writers; n++) {
            if (n > 10_000 || writers > TOPIC_PARTITIONS) {
                throw new IllegalArgumentException("writers must be 1.." + TOPIC_PARTITIONS + ", was " + writers);
            }
            String id = "Z0BENCH" + n;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % TOPIC_PARTITIONS;
            if (taken.add(partition)) {
                chosen.put(id, partition);
            }
        }
        return chosen;
    }

    /** Notes when each request reached the account, to find the busiest one- and ten-second windows. */
    private static final class Stamped implements HostedZones {
        private final HostedZones account;
        private final long slotNanos;
        private final Stalls stalls;
        private final List<Long> at = new ArrayList<>();
        /** How far into its slot of the account's grid each request was sent (a late wake-up shows here). */
        private final List<Long> phase = new ArrayList<>();
        private final List<String> throttles = new ArrayList<>();
        volatile long origin = System.nanoTime();

        Stamped(HostedZones account, long slotNanos, Stalls stalls) {
            this.account = account;
            this.slotNanos = slotNanos;
            this.stalls = stalls;
        }

        private synchronized void stamp(int requests) {
            long now = System.nanoTime();
            Instant wall = Instant.now();
            long epochNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
            for (int i = 0; i < requests; i++) {
                at.add(now);
                phase.add(Math.floorMod(epochNanos, slotNanos));
            }
        }

        /** The requests sent in the second before {@code now} (this one included) and their phases in ms. */
        private String secondBefore(long now) {
            List<String> phases = new ArrayList<>();
            for (int i = at.size() - 1; i >= 0 && now - at.get(i) < 1_000_000_000L; i--) {
                phases.addFirst(Long.toString(phase.get(i) / 1_000_000));
            }
            return String.format(java.util.Locale.ROOT, "%d sent in the second up to it, at [%s] ms into their"
                    + " %d ms slots of the grid; longest stall of the bench's threads in the 2 s before: %d ms",
                    phases.size(), String.join(", ", phases), slotNanos / 1_000_000,
                    stalls.longest(now - 2_000_000_000L, now) / 1_000_000);
        }

        synchronized int maxWithin(long windowNanos) {
            List<Long> sorted = new ArrayList<>(at);
            sorted.sort(null);
            int best = 0;
            for (int i = 0, j = 0; i < sorted.size(); i++) {
                while (sorted.get(i) - sorted.get(j) >= windowNanos) {
                    j++;
                }
                best = Math.max(best, i - j + 1);
            }
            return best;
        }

        /** Each Throttling answer: the operation and when, from the start. */
        synchronized List<String> throttles() {
            return List.copyOf(throttles);
        }

        private <T> T send(String operation, int requests, java.util.function.Supplier<T> call) {
            stamp(requests);
            try {
                return call.get();
            } catch (DnsApiException e) {
                if ("Throttling".equals(e.code())) {
                    synchronized (this) {
                        long now = System.nanoTime();
                        throttles.add(String.format(java.util.Locale.ROOT, "%s at +%.2f s (%s)", operation,
                                (now - origin) / 1e9, secondBefore(now)));
                    }
                }
                throw e;
            }
        }

        @Override
        public String submit(String zoneId, ChangeBatch batch, String comment) {
            return send("ChangeResourceRecordSets", 1, () -> account.submit(zoneId, batch, comment));
        }

        @Override
        public ChangeStatus status(String changeId) {
            return send("GetChange", 1, () -> account.status(changeId));
        }

        @Override
        public RecordPage list(String zoneId, RecordKey start, int maxItems) {
            return send("ListResourceRecordSets", 1, () -> account.list(zoneId, start, maxItems));
        }

        @Override
        public ZoneCapacity capacity(String zoneId) {
            return send("GetHostedZoneLimit + GetHostedZone (" + zoneId + ")", 2, () -> account.capacity(zoneId));
        }

        @Override
        public long recordSetLimit(String zoneId) {
            return send("GetHostedZoneLimit (" + zoneId + ")", 1, () -> account.recordSetLimit(zoneId));
        }

        @Override
        public long recordSetCount(String zoneId) {
            return send("GetHostedZone (" + zoneId + ")", 1, () -> account.recordSetCount(zoneId));
        }
    }

    /**
     * How late a 5 ms sleep of a bench thread wakes up: the moments the process could not run (GC pause, CPU
     * starvation on a loaded machine), during which a writer cannot send in its slot either.
     */
    static final class Stalls implements Runnable {
        private final List<long[]> seen = new ArrayList<>();

        @Override
        public void run() {
            while (true) {
                long before = System.nanoTime();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long late = now - before - 5_000_000L;
                if (late > 20_000_000L) {
                    synchronized (this) {
                        seen.add(new long[] {now, late});
                    }
                }
            }
        }

        /** The longest stall that ended between {@code from} and {@code to} (nanoTime). */
        synchronized long longest(long from, long to) {
            long max = 0;
            for (long[] s : seen) {
                if (s[0] >= from && s[0] <= to) {
                    max = Math.max(max, s[1]);
                }
            }
            return max;
        }

        synchronized int over(long nanos) {
            return (int) seen.stream().filter(s -> s[1] > nanos).count();
        }
    }

    private SharedAccountReplay() {
    }
}
