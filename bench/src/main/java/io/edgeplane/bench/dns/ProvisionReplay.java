package io.edgeplane.bench.dns;

import io.edgeplane.dns.domain.BatchLimits;
import io.edgeplane.dns.domain.Change;
import io.edgeplane.dns.domain.ChangeAction;
import io.edgeplane.dns.domain.ChangeBatch;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.DistributionRef;
import io.edgeplane.dns.domain.DistributionSpec;
import io.edgeplane.dns.domain.DnsPlanner;
import io.edgeplane.dns.domain.DnsPolicy;
import io.edgeplane.dns.domain.QuotaStatus;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordStyle;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.domain.RuleViolation;
import io.edgeplane.dns.domain.StrategyDecision;
import io.edgeplane.dns.domain.TenantLabel;
import io.edgeplane.dns.domain.TenantStrategy;
import io.edgeplane.dns.service.Clock;
import io.edgeplane.dns.service.RateLimiter;
import io.edgeplane.dns.service.VirtualClock;
import io.edgeplane.dns.service.WriterStats;
import io.edgeplane.dns.service.ZoneWriter;
import io.edgeplane.dns.simulated.SimulatedCloudFront;
import io.edgeplane.dns.simulated.SimulatedRoute53;
import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TrafficTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * 100,000 TenantProvisioned through the dns-service's real decisions (label validation, strategy selection, record
 * design, per-tenant plans, change batch packing) and its zone writer, against the simulated Route 53 that enforces
 * 5 requests/s per account, the batch limits and PENDING -> INSYNC, on a simulated clock. Next to it, in the same
 * run: one ChangeResourceRecordSets per tenant (the seed's per-tenant CNAME call), and wildcard mode.
 * <p>
 * {@code bench/run dns.ProvisionReplay [--tenants 100000] [--insync 30s] [--rate 4] [--seed 1]}
 */
public final class ProvisionReplay {
    private static final String ZONE = "Z0BENCH";
    private static final String BASE = "tenants.example.com";
    private static final String SHARED = "d1shared0000001.cloudfront.net";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** The first GetChange of the rows measured before issue 16 (kept for comparison). */
    private static final Duration FIRST_POLL = Duration.ofSeconds(5);

    record Tenant(String id, String label, SubscriptionTier tier, TrafficTier traffic, long pageViews,
            List<String> compliance, String customDomain) {
    }

    /** One row of the table; {@code zoneInfo} counts GetHostedZoneLimit + GetHostedZone (the writer's capacity). */
    record Row(String mode, int tenants, int individual, long recordsWritten, long changeRequests, long getChanges,
            long lists, long zoneInfo, long throttled, Duration wall, Duration medianReady, int zoneRecords,
            String failed) {
        long requests() {
            return changeRequests + getChanges + lists + zoneInfo;
        }
    }

    public static void main(String[] args) throws Exception {
        int tenants = Integer.parseInt(arg(args, "--tenants", "100000"));
        Duration insync = duration(arg(args, "--insync", "30s"));
        double rate = Double.parseDouble(arg(args, "--rate", "4"));
        long seed = Long.parseLong(arg(args, "--seed", "1"));
        int writers = Integer.parseInt(arg(args, "--writers", "3"));
        Duration firstPoll = duration(arg(args, "--first-poll", "30s"));
        List<Tenant> population = population(tenants, seed);
        String loadBefore = loadAverage();

        long virtualStart = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        rows.add(oneRequestPerTenant(population, insync));
        rows.add(batched("batched (A+AAAA alias per tenant)", population, insync, rate, false, 0.0, FIRST_POLL));
        rows.add(batched("batched, 20 % injected throttling", population, insync, rate, false, 0.2, FIRST_POLL));
        rows.add(batched("wildcard mode (*." + BASE + ")", population, insync, rate, true, 0.0, FIRST_POLL));
        Duration serviceFirstPoll = Duration.ofSeconds(2);
        rows.add(batched("batched, the service's GetChange schedule (first after " + serviceFirstPoll.toSeconds()
                + " s)", population, insync, rate, false, 0.0, serviceFirstPoll));
        rows.add(batched("batched, first GetChange after " + firstPoll.toSeconds() + " s", population, insync, rate,
                false, 0.0, firstPoll));
        // Route 53 slower than the first wait: what a second poll per change costs.
        Duration slower = insync.plus(insync.dividedBy(2));
        rows.add(batched("batched, first GetChange after " + firstPoll.toSeconds() + " s, INSYNC after "
                + slower.toSeconds() + " s", population, slower, rate, false, 0.0, firstPoll));
        long virtualMillis = (System.nanoTime() - virtualStart) / 1_000_000;

        SharedAccountReplay.Result shared = SharedAccountReplay.run(population, writers, insync, rate, firstPoll);
        rows.add(shared.total());
        String loadAfter = loadAverage();

        String table = render(rows, shared, tenants, insync, rate, seed, virtualMillis, loadBefore, loadAfter, args);
        System.out.println(table);
        Path out = Path.of("bench/results/dns-provision-replay.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out);
    }

    /** A realistic mix: mostly standard tenants, a few hundred that qualify for an individual distribution. */
    static List<Tenant> population(int n, long seed) {
        Random random = new Random(seed);
        List<Tenant> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double r = random.nextDouble();
            SubscriptionTier tier = r < 0.003 ? SubscriptionTier.ENTERPRISE : r < 0.10 ? SubscriptionTier.PREMIUM
                    : SubscriptionTier.STANDARD;
            double t = random.nextDouble();
            TrafficTier traffic = t < 0.001 ? TrafficTier.HIGH : t < 0.30 ? TrafficTier.NORMAL : TrafficTier.LOW;
            List<String> compliance = random.nextDouble() < 0.0005 ? List.of("hipaa") : List.of();
            String custom = random.nextDouble() < 0.0005 ? "www.customer" + i + ".com" : null;
            list.add(new Tenant("t" + i, "site-" + Integer.toString(i, 36), tier, traffic,
                    (long) (random.nextDouble() * 2_000_000), compliance, custom));
        }
        return list;
    }

    /** The seed's per-tenant call: one UPSERT of a CNAME per tenant, paced at the account's full 5 requests/s. */
    static Row oneRequestPerTenant(List<Tenant> population, Duration insync) throws InterruptedException {
        VirtualClock clock = new VirtualClock(T0);
        SimulatedRoute53 route53 = route53(clock, insync, 0.0, population.size() * 2 + 10);
        RateLimiter limiter = new RateLimiter(clock, 5);
        long written = 0;
        for (Tenant t : population) {
            limiter.acquire();
            RecordSet cname = RecordSet.of(t.label() + "." + BASE, RecordType.CNAME, 300, SHARED);
            route53.submit(ZONE, new ChangeBatch(List.of(new ChangeGroup(t.id(), List.of(
                    new Change(ChangeAction.UPSERT, cname))))), "per tenant");
            written++;
        }
        Duration wall = Duration.between(T0, clock.now()).plus(insync);
        return new Row("one request per tenant (seed, CNAME UPSERT)", population.size(), 0, written,
                route53.changeRequests.get(), 0, 0, 0, route53.rateThrottled.get() + route53.injectedThrottles.get(),
                wall, wall.dividedBy(2), route53.records(ZONE).size(), "0");
    }

    static Row batched(String mode, List<Tenant> population, Duration insync, double rate, boolean wildcard,
            double throttle, Duration firstPoll) throws InterruptedException {
        VirtualClock clock = new VirtualClock(T0);
        int quota = wildcard ? 10_000 : population.size() * 2 + 10_000;
        SimulatedRoute53 route53 = route53(clock, insync, throttle, quota);
        SimulatedCloudFront cloudFront = new SimulatedCloudFront(clock, new SimulatedCloudFront.Settings(Duration.ZERO,
                500));
        Plan plan = plan(population, List.of(ZONE), List.of(BASE), wildcard, cloudFront, clock);
        Outcome outcome = plan.outcomes().getFirst();
        WriterStats stats = new WriterStats();
        ZoneWriter writer = new ZoneWriter(ZONE, route53, new RateLimiter(clock, rate), clock, settings(firstPoll),
                outcome, stats);
        outcome.start(T0);
        plan.byZone().getFirst().forEach(writer::offer);
        writer.drain();
        Duration wall = Duration.between(T0, clock.now());
        long records = route53.records(ZONE).size() - 2L;
        return new Row(mode, population.size(), plan.individual()[0], records, stats.changeRequests.get(),
                stats.getChangeRequests.get(), stats.listRequests.get(), stats.zoneInfoRequests.get(),
                stats.throttled.get(), wall, Outcome.median(List.of(outcome)), route53.records(ZONE).size(),
                outcome.failedText());
    }

    /** The writer's settings in every batched row; only the first GetChange's delay differs between rows. */
    static ZoneWriter.Settings settings(Duration firstPoll) {
        return new ZoneWriter.Settings(BatchLimits.ROUTE53, Duration.ofSeconds(1), Duration.ofSeconds(30), firstPoll,
                Duration.ofSeconds(15), ZoneWriter.Settings.DEFAULTS.backoff());
    }

    /** Every zone's change groups, in arrival order, and what happened to its tenants. */
    record Plan(List<List<ZoneWriter.PendingChange>> byZone, List<Outcome> outcomes, int[] individual) {
    }

    /**
     * The service's decisions for every tenant (label validation, strategy selection against the account's
     * individual-distribution quota, record design, per-tenant plan); tenant {@code i} goes to zone
     * {@code i mod zones}. Strategy refusals are counted in the zone's outcome.
     */
    static Plan plan(List<Tenant> population, List<String> zoneIds, List<String> bases, boolean wildcard,
            SimulatedCloudFront cloudFront, Clock clock) {
        RecordStyle style = new RecordStyle(RecordStyle.Mode.ALIAS, 300, true, wildcard);
        TenantLabel labels = TenantLabel.withDefaults();
        List<List<ZoneWriter.PendingChange>> byZone = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int z = 0; z < zoneIds.size(); z++) {
            List<ZoneWriter.PendingChange> changes = new ArrayList<>();
            if (wildcard) {
                List<Change> creates = style.wildcardFor(bases.get(z), SHARED).stream()
                        .map(r -> new Change(ChangeAction.CREATE, r)).toList();
                changes.add(new ZoneWriter.PendingChange(zoneIds.get(z), new ChangeGroup("*." + bases.get(z),
                        creates), Set.of(), null));
            }
            byZone.add(changes);
            outcomes.add(new Outcome(clock));
        }
        int[] individual = {0};
        for (int i = 0; i < population.size(); i++) {
            Tenant t = population.get(i);
            int z = i % zoneIds.size();
            Outcome outcome = outcomes.get(z);
            var hostname = labels.check(t.label(), bases.get(z)).hostname();
            StrategyDecision decision = TenantStrategy.select(new TenantStrategy.Profile(t.tier(), t.traffic(),
                    t.pageViews(), t.compliance(), t.customDomain(), null, null),
                    new QuotaStatus(individual[0], 400, 0.8, QuotaStatus.INDIVIDUAL),
                    new QuotaStatus(0, 10_000, 0.8, QuotaStatus.DISTRIBUTION_TENANT), TenantStrategy.Settings.DEFAULTS);
            if (!decision.ok()) {
                outcome.failed(decision.violation());
                continue;
            }
            String target = SHARED;
            if (decision.strategy() == DistributionStrategy.INDIVIDUAL) {
                DistributionRef ref = cloudFront.create(DistributionSpec.forTenant(t.id(), hostname, t.customDomain(),
                        "bench", new DistributionSpec.Settings("bucket.s3.amazonaws.com", "E1OAC",
                                "/tenants/{tenantId}/deployments/current", "arn:aws:acm:us-east-1:1:certificate/x",
                                null, null, null, null, null, null)));
                target = ref.domainName();
                individual[0]++;
            }
            List<RecordSet> desired = style.forTenant(hostname, decision.strategy(), target);
            ChangeGroup group = DnsPlanner.planOwner(t.id(), desired, List.of(), DnsPolicy.SYNC);
            if (group.changes().isEmpty()) {
                outcome.sharedWithoutWrite++; // served by the wildcard: no Route 53 write
                continue;
            }
            byZone.get(z).add(new ZoneWriter.PendingChange(zoneIds.get(z), group, Set.of(), t));
        }
        return new Plan(byZone, outcomes, individual);
    }

    /** One zone's tenants as its writer reports them: when each became ready, which failed and why. */
    static final class Outcome implements ZoneWriter.Listener {
        private final Clock clock;
        private Instant start;
        final List<Duration> readyAfter = new ArrayList<>();
        final Map<String, Integer> rules = new TreeMap<>();
        long failed;
        int sharedWithoutWrite;

        Outcome(Clock clock) {
            this.clock = clock;
        }

        void start(Instant at) {
            start = at;
        }

        @Override
        public void inSync(List<ZoneWriter.PendingChange> changes, String changeId) {
            Duration after = Duration.between(start, clock.now());
            for (int i = 0; i < changes.size(); i++) {
                readyAfter.add(after);
            }
        }

        @Override
        public void failed(ZoneWriter.PendingChange change, RuleViolation violation) {
            failed(violation);
        }

        void failed(RuleViolation violation) {
            failed++;
            rules.merge(violation.rule(), 1, Integer::sum);
        }

        String failedText() {
            return failed + (rules.isEmpty() ? "" : " " + rules);
        }

        /**
         * The median tenant's wait over these outcomes. Shared tenants in wildcard mode are ready as soon as their
         * zone's wildcard (its first write) is INSYNC.
         */
        static Duration median(List<Outcome> outcomes) {
            List<Duration> all = new ArrayList<>();
            for (Outcome o : outcomes) {
                all.addAll(o.readyAfter);
                Duration wildcardReady = o.readyAfter.isEmpty() ? Duration.ZERO : o.readyAfter.getFirst();
                for (int i = 0; i < o.sharedWithoutWrite; i++) {
                    all.add(wildcardReady);
                }
            }
            all.sort(null);
            return all.isEmpty() ? Duration.ZERO : all.get(all.size() / 2);
        }
    }

    private static SimulatedRoute53 route53(VirtualClock clock, Duration insync, double throttle, int maxRecords) {
        SimulatedRoute53 route53 = new SimulatedRoute53(clock, new SimulatedRoute53.Settings(5, insync, Duration.ZERO,
                maxRecords, BatchLimits.ROUTE53, throttle, 42L));
        route53.createZone(ZONE, BASE);
        return route53;
    }

    static String render(List<Row> rows, SharedAccountReplay.Result shared, int tenants, Duration insync, double rate,
            long seed, long virtualMillis, String loadBefore, String loadAfter, String[] args) {
        StringBuilder sb = new StringBuilder();
        sb.append("# dns.ProvisionReplay\n\n");
        sb.append("Command: `bench/run dns.ProvisionReplay").append(args.length == 0 ? "" : " " + String.join(" ", args))
                .append("` (defaults: --tenants 100000 --insync 30s --rate 4 --seed 1 --writers 3 --first-poll 30s)  \n");
        sb.append("Date: ").append(LocalDate.now()).append("; machine: 2 cores (shared); JDK ")
                .append(Runtime.version()).append("; elapsed time of the simulated-clock rows: ").append(virtualMillis)
                .append(" ms; load average (1, 5, 15 min) before the run ").append(loadBefore).append(", after ")
                .append(loadAfter).append("  \n");
        sb.append(String.format(Locale.ROOT, "Workload: %,d TenantProvisioned (seed %d), simulated Route 53 at 5"
                + " requests/s per account, PENDING -> INSYNC after %ds, batch limits 1,000 values / 32,000 characters"
                + " (UPSERT x2); the zone writer paces itself at %.1f requests/s; simulated clock except the last row"
                + " (real time).%n", tenants, seed, insync.toSeconds(), rate));
        sb.append(String.format(Locale.ROOT, "Quota assumed: the explicit-record rows raise the simulated zone's"
                + " record-set limit (MAX_RRSETS_BY_ZONE) to 2 x tenants + 10,000 = %,d (an AWS quota increase);"
                + " the %d-writer row raises each of its %d zones to 2 x its tenants + 10,000 = %,d; the wildcard row"
                + " keeps the default 10,000. With the default quota and explicit records a zone"
                + " takes 4,999 shared tenants, the rest fail with zone-capacity before any write: see"
                + " dns-service-replay.md (the packaged service, default quota).%n%n", tenants * 2 + 10_000,
                shared.writers().size(), shared.writers().size(), shared.quotaPerZone()));
        sb.append("| mode | tenants | individual | records written | ChangeResourceRecordSets | GetChange | "
                + "ListResourceRecordSets | GetHostedZone + Limit | Route 53 requests in all | throttled | wall time to"
                + " all INSYNC | median tenant ready | record sets in zone(s) | failed |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %s | %s"
                    + " | %,d | %s |%n", r.mode(), r.tenants(), r.individual(), r.recordsWritten(), r.changeRequests(),
                    r.getChanges(), r.lists(), r.zoneInfo(), r.requests(), r.throttled(), human(r.wall()),
                    human(r.medianReady()), r.zoneRecords(), r.failed()));
        }
        Row naive = rows.getFirst();
        Row batched = rows.get(1);
        Row wildcard = rows.get(3);
        sb.append(String.format(Locale.ROOT, "%nBatched: %.0fx fewer change requests and %.0fx less wall time than one"
                + " request per tenant. Wildcard mode: %,d change request(s) in all (the wildcard and the individual"
                + " tenants' records fit one batch), and the zone stays within the default 10,000 record sets (%,d), where one record set per"
                + " tenant needs a Route 53 quota increase to at least %,d. Failed tenants: custom domains that"
                + " arrived after the 400 individual distributions were in use (TenantDnsFailed, rule quota, retryable).%n",
                (double) naive.changeRequests() / batched.changeRequests(),
                (double) naive.wall().toMillis() / batched.wall().toMillis(), wildcard.changeRequests(),
                wildcard.zoneRecords(), batched.zoneRecords()));
        sb.append("\nThe per-tenant row is paced at exactly 5 requests/s without a single Throttling (the best such a"
                + " client can do) and its wall time adds one INSYNC delay at the end; it issues no GetChange. Batched"
                + " rows count every request the writer made, GetChange polls and the capacity reading (GetHostedZoneLimit"
                + " + GetHostedZone, 2 per zone) included. The first four rows poll GetChange first 5 s after a change"
                + " and then after 10 s and every 15 s, as measured before issue 16 (the 2026-11-22 file showed 200"
                + " GetChange for the second row; the zone writer now makes the polls that fall due between the"
                + " requests of a long backlog, so each change is polled on schedule: 3 polls at a 30 s INSYNC)."
                + " Individual distributions are created in the simulated CloudFront with no deployment delay here"
                + " (Route 53 is what is measured).\n");
        renderShared(sb, shared);
        return sb.toString();
    }

    private static void renderShared(StringBuilder sb, SharedAccountReplay.Result shared) {
        int n = shared.writers().size();
        sb.append(String.format(Locale.ROOT, "%n## %d zone writers sharing the account's Route 53 budget (issue 16)%n%n",
                n));
        sb.append(String.format(Locale.ROOT, "%d hosted zones, one writer each, standing for %d dns-service replicas"
                + " that each hold one zone's partition of `%s` (%d partitions; Kafka's default partitioner on the"
                + " zone id, as the service computes them). Each writer paces through `RateLimiter.shared` over its"
                + " own `AccountBudget(\"route53\", topic, %.1f/s)` reassigned `BudgetShare.of(topic, {its partition},"
                + " {the %d zones' partitions})`, i.e. 1 of %d working partitions: every replica sends only in its own"
                + " slots of the account's one grid (slot k of 1/%.1f s belongs to working partition k mod %d), %.2f"
                + " requests/s each. All write to ONE simulated Route 53 account (5 requests/s across all zones and"
                + " operations, Throttling counted; PENDING -> INSYNC %d s after each change). Tenant i goes to zone"
                + " i mod %d. The writers run on their own threads in real time (AccountBudget's public constructors"
                + " use the wall clock; its clock-taking constructor is package-private), started together with all"
                + " their tenants queued; wall time and readiness count from that start.%n%n", n, n,
                SharedAccountReplay.TOPIC, SharedAccountReplay.TOPIC_PARTITIONS, shared.rate(), n, n, shared.rate(), n,
                shared.rate() / n, shared.insync().toSeconds(), n));
        sb.append("| writer (replica) | zone | partition | tenants | pace | ChangeResourceRecordSets | GetChange |"
                + " ListResourceRecordSets | GetHostedZone + Limit | requests | throttled | wall time to all INSYNC |"
                + " median tenant ready | failed |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        int i = 1;
        for (SharedAccountReplay.Writer w : shared.writers()) {
            sb.append(String.format(Locale.ROOT, "| %d | %s (%s) | %d | %,d | %.2f/s | %,d | %,d | %,d | %,d | %,d | %,d"
                    + " | %s | %s | %s |%n", i++, w.zoneId(), w.base(), w.partition(), w.tenants(), w.pace(),
                    w.changes(), w.getChanges(), w.lists(), w.zoneInfo(), w.requests(), w.throttled(),
                    human(w.wall()), human(w.medianReady()), w.failed()));
        }
        Row t = shared.total();
        sb.append(String.format(Locale.ROOT, "| **all** | %d zones | | %,d | %.2f/s | %,d | %,d | %,d | %,d | **%,d** |"
                + " **%,d** | %s | %s | %s |%n", n, t.tenants(), shared.rate(), t.changeRequests(), t.getChanges(),
                t.lists(), t.zoneInfo(), t.requests(), t.throttled(), human(t.wall()), human(t.medianReady()),
                t.failed()));
        sb.append(String.format(Locale.ROOT, "%nThe account's side: %,d requests answered, %,d throttled (rate and"
                + " injected); at most %d requests sent (throttled ones included) in any one second and %d in any ten"
                + " seconds (%.1f/s) of the run, against Route 53's 5/s. The bench's threads stalled (a 5 ms sleep"
                + " woke more than 100 ms late) %d time(s), the longest %d ms. Goal: <= 420 requests in all and 0"
                + " throttled.%n%nThrottling answers:%n%s%n", shared.accepted(), shared.accountThrottled(),
                shared.maxPerSecond(), shared.maxPer10s(), shared.maxPer10s() / 10.0, shared.stallsOver100ms(),
                shared.longestStallNanos() / 1_000_000, shared.throttles().isEmpty() ? "- none\n"
                        : shared.throttles().stream().map(line -> "- " + line + "\n").collect(
                                java.util.stream.Collectors.joining())));
        sb.append(String.format(Locale.ROOT, "%n**GetChange polls.** The %d-writer row and the rows \"first GetChange"
                + " after %d s\" send the first GetChange of a change %d s after it was accepted (the simulated"
                + " INSYNC delay; Route 53's Developer Guide: changes \"generally propagate to all Route 53 name servers"
                + " within 60 seconds\"), then every 15 s: one poll per change when Route 53 is as fast as that,"
                + " against 3 (first after 5 s) or 5 (the service's default, first after 2 s, doubling to 15 s) at a"
                + " 30 s INSYNC. The price: a change that is INSYNC earlier is reported up to that long later, and"
                + " one that is slower costs one more poll per 15 s (the row with INSYNC after 45 s). The polls stay"
                + " one per change (each change id is confirmed by its own GetChange) because Route 53 does not"
                + " document any order between changes: the API Reference's GetChange returns the status of the one"
                + " change batch named (PENDING until its changes have propagated to all Route 53 DNS servers managing"
                + " the zone, then INSYNC), the Developer Guide says GetChange is the only way to verify that changes"
                + " have propagated, and PriorRequestNotComplete says only that a zone takes one request at a time."
                + " Nothing states that a later change of a zone is INSYNC only after the earlier ones, so one INSYNC"
                + " answer cannot confirm earlier changes; the writer does not assume it.%n", n,
                shared.firstPoll().toSeconds(), shared.firstPoll().toSeconds()));
    }

    /** The machine's load average (1, 5, 15 minutes), as /proc/loadavg gives it. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private ProvisionReplay() {
    }
}
