package io.edgeplane.bench.dns;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.BatchLimits;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.DistributionRef;
import io.edgeplane.dns.domain.DistributionSpec;
import io.edgeplane.dns.domain.DistributionTenantProgress;
import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.DistributionTenants;
import io.edgeplane.dns.domain.Distributions;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsPlanner;
import io.edgeplane.dns.domain.DnsPolicy;
import io.edgeplane.dns.domain.Hostname;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordStyle;
import io.edgeplane.dns.domain.RuleViolation;
import io.edgeplane.dns.domain.SaasPollSchedule;
import io.edgeplane.dns.domain.StrategyDecision;
import io.edgeplane.dns.domain.TenantLabel;
import io.edgeplane.dns.domain.TenantStrategy;
import io.edgeplane.dns.service.DistributionTenantLifecycle;
import io.edgeplane.dns.service.ProvisionFailure;
import io.edgeplane.dns.service.QuotaTracker;
import io.edgeplane.dns.service.RateLimiter;
import io.edgeplane.dns.service.VirtualClock;
import io.edgeplane.dns.service.WriterStats;
import io.edgeplane.dns.service.ZoneWriter;
import io.edgeplane.dns.simulated.SimulatedCloudFront;
import io.edgeplane.dns.simulated.SimulatedDistributionTenants;
import io.edgeplane.dns.simulated.SimulatedRoute53;
import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.SubscriptionTier;
import io.edgeplane.events.TrafficTier;
import io.edgeplane.platform.ownership.Ownership;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * N custom-domain tenants provisioned as CloudFront SaaS Manager distribution tenants vs. as individual
 * distributions, on the simulated CloudFront (distribution tenants: 10,000 per account; distributions: 500 per
 * account) and the simulated Route 53, on a virtual clock with parameterised deployment delays.
 * <p>
 * What runs is the dns-service's own code where it can be called from outside the container: the strategy selector
 * ({@link TenantStrategy#select}) against the {@link QuotaTracker}'s counts, {@link DistributionTenantLifecycle}
 * ({@code spec}, {@code ensure}, {@code progress}: the CloudFront calls, the refusal-to-rule mapping),
 * {@link DistributionSpec#forTenant}, the record design and the {@link ZoneWriter}. The Quarkus service around them
 * ({@code TenantDnsService}: Kafka consumer, state store, waiter thread) is replaced by an event loop that follows
 * its order: one tenant at a time on the lifecycle consumer (an individual distribution is awaited there, polled
 * every {@code individual.deploy-poll}), distribution tenants awaited by the waiter every {@code saas.poll}.
 * <p>
 * {@code bench/run dns.SaasTenantReplay [--tenants 10000] [--tenant-deploy 5m] [--individual-deploy 5m]
 * [--individual-deploy-slow 15m] [--call-latency 150ms] [--late-share 0.10] [--late-window 24h]
 * [--never-share 0.01] [--zone-records 10000] [--seed 1]}
 */
public final class SaasTenantReplay {
    private static final String ZONE = "Z0SAAS";
    private static final String BASE = "tenants.example.com";
    private static final String MULTI_TENANT = "E1MULTITENANT00";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ACCOUNT_DISTRIBUTIONS = 500;
    private static final int ACCOUNT_TENANTS = 10_000;
    private static final Duration POLL = Duration.ofSeconds(20); // individual.deploy-poll default
    // The waiter's defaults (application.properties edgeplane.dns.saas.*): per-stage looks, customer-DNS backoff,
    // one CloudFront read budget.
    private static final Duration SAAS_POLL = Duration.ofSeconds(30);
    private static final Duration CERTIFICATE_POLL = Duration.ofMinutes(2);
    private static final Duration CUSTOMER_DNS_POLL = Duration.ofMinutes(1);
    private static final Duration CUSTOMER_DNS_POLL_MAX = Duration.ofMinutes(30);
    private static final Duration CUSTOMER_DNS_TIMEOUT = Duration.ofDays(7); // saas.customer-dns-timeout
    private static double readRate = 5; // saas.read-rate, --read-rate
    private static final Duration INSYNC = Duration.ofSeconds(30);

    /** One scenario's settings. */
    record Scenario(String name, DistributionStrategy strategy, int tenants, int serviceMax, Duration deploy,
            Duration callLatency, double lateShare, double neverShare, Duration lateWindow, int zoneRecords) {
    }

    /** What one scenario measured. */
    record Row(Scenario s, int created, int cloudFrontReady, int ready, Map<String, Integer> failed,
            Map<String, Long> calls, Map<String, Long> errors, long r53Change, long r53GetChange, long r53Other,
            Duration consumerOccupied, Duration lastCloudFrontReady, Duration allReady, Duration medianReady) {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(arg(args, "--tenants", "10000"));
        Duration tenantDeploy = duration(arg(args, "--tenant-deploy", "5m"));
        Duration individualDeploy = duration(arg(args, "--individual-deploy", "5m"));
        Duration individualSlow = duration(arg(args, "--individual-deploy-slow", "15m"));
        Duration latency = duration(arg(args, "--call-latency", "150ms"));
        double lateShare = Double.parseDouble(arg(args, "--late-share", "0.10"));
        double neverShare = Double.parseDouble(arg(args, "--never-share", "0.01"));
        Duration lateWindow = duration(arg(args, "--late-window", "24h"));
        int zoneRecords = Integer.parseInt(arg(args, "--zone-records", "10000"));
        long seed = Long.parseLong(arg(args, "--seed", "1"));
        readRate = Double.parseDouble(arg(args, "--read-rate", "5"));
        int raised = 2 * (n + 1) + 10;

        DistributionStrategy dt = DistributionStrategy.DISTRIBUTION_TENANT;
        DistributionStrategy ind = DistributionStrategy.INDIVIDUAL;
        List<Scenario> scenarios = List.of(
                new Scenario("distribution tenants, " + n + " at the account quota, CNAMEs in place, zone quota raised",
                        dt, n, ACCOUNT_TENANTS, tenantDeploy, Duration.ZERO, 0, 0, lateWindow, raised),
                new Scenario("same, Route 53 zone at its default quota (" + zoneRecords + " record sets)", dt, n,
                        ACCOUNT_TENANTS, tenantDeploy, Duration.ZERO, 0, 0, lateWindow, zoneRecords),
                new Scenario("distribution tenants, " + (n + 1) + " (one past the quota, service knows it)", dt, n + 1,
                        ACCOUNT_TENANTS, tenantDeploy, Duration.ZERO, 0, 0, lateWindow, raised),
                new Scenario("distribution tenants, " + (n + 1) + ", saas.max-tenants=20000 (CloudFront refuses)", dt,
                        n + 1, 20_000, tenantDeploy, Duration.ZERO, 0, 0, lateWindow, raised),
                new Scenario("distribution tenants, " + n + ", " + fmt(latency) + " per CloudFront call", dt, n,
                        ACCOUNT_TENANTS, tenantDeploy, latency, 0, 0, lateWindow, raised),
                new Scenario(String.format(Locale.ROOT, "distribution tenants, %d, %.0f %% CNAMEs late (0-%s), %.0f %%"
                        + " never", n, lateShare * 100, fmt(lateWindow), neverShare * 100), dt, n, ACCOUNT_TENANTS,
                        tenantDeploy, Duration.ZERO, lateShare, neverShare, lateWindow, raised),
                new Scenario("individual distributions, service defaults (individual.max-distributions=400)", ind, n,
                        400, individualDeploy, Duration.ZERO, 0, 0, lateWindow, raised),
                new Scenario("individual, individual.max-distributions=" + n + " (account's 500 bites)", ind, n, n,
                        individualDeploy, Duration.ZERO, 0, 0, lateWindow, raised),
                new Scenario("individual, max " + n + ", deploy " + fmt(individualSlow), ind, n, n, individualSlow,
                        Duration.ZERO, 0, 0, lateWindow, raised),
                new Scenario("individual, max " + n + ", " + fmt(latency) + " per CloudFront call", ind, n, n,
                        individualDeploy, latency, 0, 0, lateWindow, raised));

        String loadBefore = loadAverage();
        long started = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        for (Scenario s : scenarios) {
            Row r = run(s, seed);
            rows.add(r);
            System.out.println(s.name() + ": ready " + r.ready() + ", failed " + r.failed() + ", all ready after "
                    + human(r.allReady()));
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        String table = render(rows, args, n, tenantDeploy, individualDeploy, elapsedMs, loadBefore,
                loadAverage());
        System.out.println(table);
        Path out = Path.of(System.getProperty("bench.out", "bench/results/dns-saas-tenant-replay.md"));
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.println("written to " + out);
    }

    // ---- one scenario

    private enum Kind { CONSUME, POLL_TENANT, POLL_DISTRIBUTION, CUSTOMER_CNAME }

    private record Event(Instant at, long seq, Kind kind, int tenant) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    static Row run(Scenario s, long seed) throws Exception {
        VirtualClock clock = new VirtualClock(T0);
        SimulatedDistributionTenants saas = new SimulatedDistributionTenants(clock,
                new SimulatedDistributionTenants.Settings(s.deploy(), ACCOUNT_TENANTS, 100, List.of(BASE)));
        SimulatedCloudFront cloudFront = new SimulatedCloudFront(clock,
                new SimulatedCloudFront.Settings(s.deploy(), ACCOUNT_DISTRIBUTIONS));
        Map<String, Long> distributionCalls = new TreeMap<>();
        Distributions distributions = counted(cloudFront, distributionCalls);
        boolean useSaas = s.strategy() == DistributionStrategy.DISTRIBUTION_TENANT;
        DnsConfig config = config(s.serviceMax(), useSaas);
        QuotaTracker quota = inject(new QuotaTracker(), Map.of("distributions", distributions,
                "distributionTenants", saas, "config", config));
        RateLimiter reads = new RateLimiter(clock, readRate); // the waiter's one budget, on the virtual clock
        DistributionTenantLifecycle lifecycle = inject(new DistributionTenantLifecycle(), Map.of("tenants", saas,
                "config", config, "ownership", Ownership.DEFAULTS, "quota", quota, "reads", reads, "clock", clock));
        SaasPollSchedule schedule = lifecycle.schedule();
        int[] looks = new int[s.tenants()];
        String[] stage = new String[s.tenants()];
        TenantStrategy.Settings strategySettings = new TenantStrategy.Settings(true, 10_000_000L, useSaas);
        TenantLabel labels = TenantLabel.withDefaults();

        int n = s.tenants();
        Hostname[] hostnames = new Hostname[n];
        String[] custom = new String[n];
        String[] dtIds = new String[n];
        DistributionRef[] dists = new DistributionRef[n];
        Instant[] requested = new Instant[n];
        Instant[] cloudFrontReady = new Instant[n];
        Map<String, Integer> failed = new TreeMap<>();
        Random random = new Random(seed);
        Duration[] cnameAfter = new Duration[n]; // null: in place before the tenant is provisioned
        boolean[] never = new boolean[n];
        for (int i = 0; i < n; i++) {
            hostnames[i] = labels.check("site-" + Integer.toString(i, 36), BASE).hostname();
            custom[i] = "www.customer" + i + ".example.org";
            double r = random.nextDouble();
            if (r < s.neverShare()) {
                never[i] = true;
            } else if (r < s.neverShare() + s.lateShare()) {
                cnameAfter[i] = Duration.ofMillis((long) (random.nextDouble() * s.lateWindow().toMillis()));
            }
        }

        PriorityQueue<Event> queue = new PriorityQueue<>();
        long[] seq = {0};
        queue.add(new Event(T0, seq[0]++, Kind.CONSUME, 0));
        Instant consumerIdle = T0;
        int created = 0;
        String endpoint = useSaas ? lifecycle.connectionGroup().routingEndpoint() : null;
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            if (e.at().isAfter(clock.now())) {
                clock.sleep(Duration.between(clock.now(), e.at()));
            }
            int i = e.tenant();
            switch (e.kind()) {
                case CONSUME -> {
                    requested[i] = clock.now();
                    if (useSaas && cnameAfter[i] == null && !never[i]) {
                        saas.pointDomain(custom[i], endpoint); // the customer created it from the docs beforehand
                    } else if (useSaas && cnameAfter[i] != null) {
                        queue.add(new Event(clock.now().plus(cnameAfter[i]), seq[0]++, Kind.CUSTOMER_CNAME, i));
                    }
                    long before = totalCalls(saas, distributionCalls);
                    Instant next = clock.now();
                    StrategyDecision d = TenantStrategy.select(new TenantStrategy.Profile(SubscriptionTier.STANDARD,
                            TrafficTier.NORMAL, 100_000L, List.of(), custom[i], null, null), quota.status(),
                            quota.tenantStatus(), strategySettings);
                    if (!d.ok()) {
                        failed.merge(d.violation().rule(), 1, Integer::sum);
                    } else if (d.strategy() == DistributionStrategy.DISTRIBUTION_TENANT) {
                        try {
                            DistributionTenantRef t = lifecycle.ensure(lifecycle.spec("t" + i, hostnames[i], custom[i]), false);
                            dtIds[i] = t.id();
                            created++;
                            DistributionTenantProgress p = lifecycle.progress(t, List.of(custom[i]));
                            // the read budget's waits moved the clock; each call also costs its latency
                            next = clock.now().plus(s.callLatency().multipliedBy(totalCalls(saas, distributionCalls)
                                    - before));
                            if (p.stage() == DistributionTenantProgress.Stage.READY) {
                                cloudFrontReady[i] = next;
                            } else {
                                looks[i] = 1;
                                stage[i] = p.stage().waitingFor();
                                queue.add(new Event(schedule.nextLook(p.stage(), 1, next, requested[i]), seq[0]++,
                                        Kind.POLL_TENANT, i));
                            }
                        } catch (ProvisionFailure f) {
                            failed.merge(f.violation().rule(), 1, Integer::sum);
                        }
                    } else if (d.strategy() == DistributionStrategy.INDIVIDUAL) {
                        try {
                            dists[i] = distributions.create(DistributionSpec.forTenant("t" + i, hostnames[i], custom[i],
                                    "bench", new DistributionSpec.Settings("bucket.s3.us-east-1.amazonaws.com",
                                            "E1OAC", "/tenants/{tenantId}/deployments/current",
                                            "arn:aws:acm:us-east-1:000000000000:certificate/one", "PriceClass_All",
                                            "none", List.of(), null, null, null)));
                            quota.created();
                            created++;
                            next = next.plus(s.callLatency());
                            // TenantDnsService.createIndividual waits on the consumer thread until Deployed.
                            queue.add(new Event(next.plus(POLL), seq[0]++, Kind.POLL_DISTRIBUTION, i));
                            continue; // the consumer resumes once this distribution is deployed
                        } catch (DnsApiException x) {
                            // createIndividual: TooManyDistributions is not transient -> rule "distribution"
                            failed.merge("distribution (" + x.code() + ")", 1, Integer::sum);
                            next = next.plus(s.callLatency());
                        }
                    } else {
                        failed.merge("fell back to " + d.strategy().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
                    }
                    consumerIdle = next;
                    if (i + 1 < n) {
                        queue.add(new Event(next, seq[0]++, Kind.CONSUME, i + 1));
                    }
                }
                case POLL_DISTRIBUTION -> {
                    DistributionRef ref = distributions.get(dists[i].id());
                    Instant after = clock.now().plus(s.callLatency());
                    if (ref.deployed()) {
                        cloudFrontReady[i] = after;
                        consumerIdle = after;
                        if (i + 1 < n) {
                            queue.add(new Event(after, seq[0]++, Kind.CONSUME, i + 1));
                        }
                    } else {
                        queue.add(new Event(after.plus(POLL), seq[0]++, Kind.POLL_DISTRIBUTION, i));
                    }
                }
                case POLL_TENANT -> {
                    DistributionTenantProgress p = lifecycle.progress(dtIds[i], List.of(custom[i]), stage[i]);
                    switch (p.stage()) {
                        case READY -> cloudFrontReady[i] = clock.now();
                        case FAILED -> failed.merge(DistributionTenantLifecycle.CERTIFICATE, 1, Integer::sum);
                        default -> {
                            // TenantDnsService.poll: fail at the deadline, else the next look by stage and step
                            if (schedule.expired(requested[i], clock.now())) {
                                failed.merge(DistributionTenantLifecycle.CUSTOMER_DNS_TIMEOUT, 1, Integer::sum);
                            } else {
                                looks[i] = SaasPollSchedule.looks(stage[i], looks[i], p.stage());
                                stage[i] = p.stage().waitingFor();
                                queue.add(new Event(schedule.nextLook(p.stage(), looks[i], clock.now(), requested[i]),
                                        seq[0]++, Kind.POLL_TENANT, i));
                            }
                        }
                    }
                }
                case CUSTOMER_CNAME -> saas.pointDomain(custom[i], endpoint);
            }
        }

        // Route 53: the hostname's ALIAS A/AAAA to the routing endpoint or the distribution, written as tenants
        // become ready (waves of the same poll tick together), through the service's zone writer.
        VirtualClock r53Clock = new VirtualClock(T0);
        SimulatedRoute53 route53 = new SimulatedRoute53(r53Clock, new SimulatedRoute53.Settings(5, INSYNC,
                Duration.ZERO, s.zoneRecords(), BatchLimits.ROUTE53, 0.0, 42L));
        route53.createZone(ZONE, BASE);
        WriterStats stats = new WriterStats();
        Instant[] insync = new Instant[n];
        ZoneWriter.Listener listener = new ZoneWriter.Listener() {
            @Override
            public void inSync(List<ZoneWriter.PendingChange> changes, String changeId) {
                for (ZoneWriter.PendingChange c : changes) {
                    insync[(Integer) c.context()] = r53Clock.now();
                }
            }

            @Override
            public void failed(ZoneWriter.PendingChange change, RuleViolation violation) {
                failed.merge("route53 " + violation.rule(), 1, Integer::sum);
            }
        };
        ZoneWriter writer = new ZoneWriter(ZONE, route53, new RateLimiter(r53Clock, 4), r53Clock,
                new ZoneWriter.Settings(BatchLimits.ROUTE53, Duration.ofSeconds(1), Duration.ofSeconds(30),
                        Duration.ofSeconds(2), Duration.ofSeconds(15), ZoneWriter.Settings.DEFAULTS.backoff()),
                listener, stats);
        RecordStyle style = new RecordStyle(RecordStyle.Mode.ALIAS, 300, true, true);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> cloudFrontReady[a] == null ? (cloudFrontReady[b] == null ? 0 : 1)
                : cloudFrontReady[b] == null ? -1 : cloudFrontReady[a].compareTo(cloudFrontReady[b]));
        int cfReady = 0;
        int k = 0;
        while (k < n && cloudFrontReady[order[k]] != null) {
            // Everything ready by the time the writer is free goes into the next drain (the service's writer keeps
            // batching while earlier changes are pending, so this over-states the wait of late arrivals a little).
            if (cloudFrontReady[order[k]].isAfter(r53Clock.now())) {
                r53Clock.sleep(Duration.between(r53Clock.now(), cloudFrontReady[order[k]]));
            }
            Instant wave = r53Clock.now();
            while (k < n && cloudFrontReady[order[k]] != null && !cloudFrontReady[order[k]].isAfter(wave)) {
                int i = order[k++];
                cfReady++;
                String target = useSaas ? endpoint : dists[i].domainName();
                List<RecordSet> desired = style.forTenant(hostnames[i], s.strategy(), target);
                ChangeGroup group = DnsPlanner.planOwner("t" + i, desired, List.of(), DnsPolicy.SYNC);
                writer.offer(new ZoneWriter.PendingChange(ZONE, group, Set.of(), i));
            }
            writer.drain();
        }
        List<Duration> waits = new ArrayList<>();
        Instant last = T0;
        Instant lastCf = T0;
        for (int i = 0; i < n; i++) {
            if (cloudFrontReady[i] != null && cloudFrontReady[i].isAfter(lastCf)) {
                lastCf = cloudFrontReady[i];
            }
            if (insync[i] != null) {
                waits.add(Duration.between(requested[i], insync[i]));
                if (insync[i].isAfter(last)) {
                    last = insync[i];
                }
            }
        }
        waits.sort(null);
        Map<String, Long> calls = useSaas ? withoutZeros(saas.calls()) : withoutZeros(distributionCalls);
        if (useSaas) {
            calls.putAll(withoutZeros(distributionCalls)); // the quota tracker's ListDistributions
        }
        Map<String, Long> errors = new TreeMap<>();
        for (String code : List.of("EntityLimitExceeded", "CNAMEAlreadyExists", "InvalidArgument",
                "EntityAlreadyExists", "PreconditionFailed")) {
            if (saas.errors(code) > 0) {
                errors.put(code, saas.errors(code));
            }
        }
        distributionCalls.forEach((op, c) -> {
            if (op.startsWith("error ")) {
                errors.put(op.substring(6), c);
            }
        });
        calls.keySet().removeIf(op -> op.startsWith("error "));
        return new Row(s, created, cfReady, waits.size(), failed, calls, errors, stats.changeRequests.get(),
                stats.getChangeRequests.get(), stats.listRequests.get() + stats.zoneInfoRequests.get(), Duration.between(T0, consumerIdle),
                Duration.between(T0, lastCf), Duration.between(T0, last),
                waits.isEmpty() ? Duration.ZERO : waits.get(waits.size() / 2));
    }

    // ---- wiring the service's beans without the container

    private static long totalCalls(SimulatedDistributionTenants saas, Map<String, Long> distributionCalls) {
        long sum = 0;
        for (long c : saas.calls().values()) {
            sum += c;
        }
        for (Map.Entry<String, Long> e : distributionCalls.entrySet()) {
            if (!e.getKey().startsWith("error ")) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The port with each call counted under its CloudFront operation name (SimulatedCloudFront counts none). */
    private static Distributions counted(Distributions target, Map<String, Long> calls) {
        Map<String, String> names = Map.of("create", "CreateDistributionWithTags", "get", "GetDistribution",
                "listOurs", "ListDistributions", "retire", "UpdateDistribution", "delete", "DeleteDistribution");
        return (Distributions) Proxy.newProxyInstance(Distributions.class.getClassLoader(),
                new Class<?>[] {Distributions.class}, (proxy, method, args) -> {
                    calls.merge(names.getOrDefault(method.getName(), method.getName()), 1L, Long::sum);
                    try {
                        return method.invoke(target, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        if (e.getCause() instanceof DnsApiException x) {
                            calls.merge("error " + x.code(), 1L, Long::sum);
                        }
                        throw e.getCause();
                    }
                });
    }

    /** The settings the bench varies; every other value is the service's default (DnsConfig's @WithDefault). */
    private static DnsConfig config(int serviceMax, boolean saasEnabled) {
        Object individual = stub(DnsConfig.Individual.class, Map.of("maxDistributions", serviceMax, "warnAt", 0.8,
                "originPath", "/tenants/{tenantId}/deployments/current", "deployPoll", POLL,
                "deployTimeout", Duration.ofMinutes(25)));
        Map<String, Object> saasValues = new java.util.HashMap<>(Map.of("enabled", saasEnabled, "distributionId",
                MULTI_TENANT, "connectionGroup", "edgeplane-tenants", "maxTenants", serviceMax, "maxDomainsPerTenant",
                100, "certificateValidation", "cloudfront", "poll", SAAS_POLL, "customerDnsTimeout",
                CUSTOMER_DNS_TIMEOUT));
        saasValues.putAll(Map.of("certificatePoll", CERTIFICATE_POLL, "customerDnsPoll", CUSTOMER_DNS_POLL,
                "customerDnsPollMax", CUSTOMER_DNS_POLL_MAX, "readRate", readRate));
        Object saas = stub(DnsConfig.Saas.class, saasValues);
        return stub(DnsConfig.class, Map.of("individual", individual, "saas", saas));
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return type.getSimpleName() + values;
            }
            Object v = values.get(method.getName());
            if (v == null && method.getReturnType() == Optional.class) {
                return Optional.empty();
            }
            if (v == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
                        + " is not set by the bench");
            }
            return v;
        });
    }

    /** Sets the bean's @Inject fields (package-private) as CDI would. */
    private static <T> T inject(T bean, Map<String, Object> fields) throws ReflectiveOperationException {
        for (Map.Entry<String, Object> f : fields.entrySet()) {
            Field field = bean.getClass().getDeclaredField(f.getKey());
            field.setAccessible(true);
            field.set(bean, f.getValue());
        }
        return bean;
    }

    private static Map<String, Long> withoutZeros(Map<String, Long> in) {
        Map<String, Long> out = new TreeMap<>();
        in.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    // ---- output

    static String render(List<Row> rows, String[] args, int n, Duration tenantDeploy, Duration individualDeploy,
            long elapsedMs, String loadBefore, String loadAfter) {
        StringBuilder sb = new StringBuilder();
        sb.append("# dns.SaasTenantReplay\n\n");
        sb.append("Command: `bench/run dns.SaasTenantReplay").append(args.length == 0 ? "" : " " + String.join(" ", args))
                .append("` (defaults: --tenants 10000 --tenant-deploy 5m --individual-deploy 5m"
                        + " --individual-deploy-slow 15m --call-latency 150ms --late-share 0.10 --late-window 24h"
                        + " --never-share 0.01 --zone-records 10000 --seed 1)  \n");
        sb.append("Date: ").append(LocalDate.now()).append("; JDK ").append(Runtime.version())
                .append("; elapsed time of all rows (virtual clock): ").append(elapsedMs)
                .append(" ms; load average before ").append(loadBefore).append(", after ").append(loadAfter)
                .append("  \n\n");
        sb.append("| scenario | tenants | created in CloudFront | CloudFront ready | records INSYNC (ready) | failed by rule"
                + " | CloudFront calls by operation | CloudFront errors | Route 53 ChangeRRSets / GetChange / other |"
                + " lifecycle consumer occupied (calls + waits) | last CloudFront-ready | wall time to all ready | median tenant ready |\n");
        sb.append("|---|---:|---:|---:|---:|---|---|---|---|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %s | %s | %s | %,d / %,d / %,d | %s"
                    + " | %s | %s | %s |%n", r.s().name(), r.s().tenants(), r.created(), r.cloudFrontReady(),
                    r.ready(), r.failed().isEmpty() ? "0" : r.failed(), r.calls(),
                    r.errors().isEmpty() ? "0" : r.errors(), r.r53Change(), r.r53GetChange(), r.r53Other(),
                    human(r.consumerOccupied()), human(r.lastCloudFrontReady()), human(r.allReady()),
                    human(r.medianReady())));
        }
        sb.append(NOTES.replace("{tenantDeploy}", fmt(tenantDeploy)).replace("{individualDeploy}",
                fmt(individualDeploy)));
        return sb.toString();
    }

    /** What the rows mean, what is and is not the production path, and the prices (looked up on the date given). */
    private static final String NOTES = """

            ## How it runs, and where it is not the service

            - **Production code driven directly** (no Quarkus, no Kafka): `TenantStrategy.select` with the
              `QuotaTracker`'s counts (its start-up ListDistributions / ListDistributionTenants included),
              `DistributionTenantLifecycle.spec/ensure/progress` (the CloudFront calls and the mapping of
              `EntityLimitExceeded` to `distribution-tenant-quota`), `DistributionSpec.forTenant`, `RecordStyle` +
              `DnsPlanner.planOwner` and the `ZoneWriter` (4 requests/s, batches, GetChange polls) on
              `SimulatedDistributionTenants` (10,000 tenants per account), `SimulatedCloudFront` (500 distributions
              per account) and `SimulatedRoute53` (5 requests/s, INSYNC after 30 s), all on a virtual clock. The beans'
              `@Inject` fields are set by reflection and `DnsConfig` is a stub returning the service's defaults
              (saas.poll and individual.deploy-poll 20 s, customer-dns-timeout 7 d, individual.max-distributions 400).
            - **Replaced by an event loop** (`TenantDnsService` cannot run outside the container): it follows the
              service's order — tenants one at a time on the lifecycle consumer (`@Blocking(ordered = true)`);
              an individual distribution is awaited **on that consumer** (`createIndividual` polls GetDistribution
              every 20 s until Deployed) before the next tenant is taken; a distribution tenant is created, looked at
              once, and then polled by the waiter every `saas.poll` (`progress`: GetDistributionTenant,
              GetManagedCertificateDetails, VerifyDnsConfiguration once deployed) until ready or the customer-DNS
              timeout. `createIndividual` is private, so its loop is re-stated here (create, then `get` every 20 s).
              The records are written by one zone writer fed with every tenant ready when it is free (the service's
              writer batches while earlier changes are pending, so late arrivals' waits are slightly over-stated).
            - **Deployment delays** are parameters, not measurements: distribution tenant {tenantDeploy} (no
              published figure found; an assumption), individual distribution {individualDeploy} and 15 min. The
              CloudFront Developer Guide (API version 2013-05-12, "Listing, Viewing, and Updating CloudFront
              Distributions") said "propagation to all edge locations can take 15 minutes"; AWS's blog "Slashing
              CloudFront change propagation times in 2020" reports a large reduction without a figure in the part
              read. The simulators model deployment, not CloudFront's API request rate: **no throttling** of any
              CloudFront operation, so the call counts below are what the service would send, not what CloudFront
              would accept. `--call-latency` (150 ms, an assumption) charges each call made on the lifecycle consumer
              with virtual time; the waiter's calls are not charged.
            - The customer's CNAME is simulated with `pointDomain` (the simulator does not resolve DNS): in place
              before the tenant is provisioned, or (late row) at a uniformly random time in the window, or never.
              Individual distributions use one configured ACM certificate (`individual.certificate-arn`): the service
              requests no per-tenant certificate for them, so a real custom domain would also need its own
              ACM certificate validated outside Edgeplane — not modelled.

            ## What the rows show

            - **Distribution tenants**: all 10,000 are created without one refusal and all are ready ~1 min after
              the deployment delay (deployment + the 20 s poll + Route 53 INSYNC). Tenant 10,001 is refused by the
              selector (`distribution-tenant-quota`, retryable) **with zero CloudFront calls**; with the service's own
              maximum set above CloudFront's, CloudFront's `EntityLimitExceeded` (one GetDistributionTenant + one
              CreateDistributionTenant) becomes the same rule.
            - **The waiter's polling dominates the call count**: 34 calls per tenant for a 5-minute deployment
              (17 GetDistributionTenant, 16 GetManagedCertificateDetails, 1 VerifyDnsConfiguration), i.e. with 10,000
              tenants in flight **~1,000 CloudFront requests per second** at `saas.poll` = 20 s. With 10 % of customers
              creating their CNAME within a day and 1 % never, the 7-day wait costs **~15.5 million calls**. Real
              CloudFront would throttle long before that (its control-plane request rates are not in the quotas
              excerpts found). Worth changing in the service: back off per stage (e.g. customer-dns every 5-15 min),
              or read states with ListDistributionTenants pages (100 per call) instead of a Get per tenant.
            - **Route 53 is the quota that bites first for distribution tenants**: each tenant's hostname needs its
              own ALIAS A + AAAA to the routing endpoint (the `*.<base>` wildcard points at the shared
              distribution), 20,000 record sets for 10,000 tenants; at the default 10,000 record sets per hosted zone
              4,999 tenants are written and 5,001 fail `zone-capacity`. The other rows assume a quota increase
              (`--zone-records`).
            - **Individual distributions**: at the service's default (400) 9,600 tenants are refused `quota` with no
              CloudFront call; with the service's maximum raised, CloudFront's 500 distributions per account bite and
              9,500 tenants fail `distribution` (TooManyDistributions, one CreateDistributionWithTags each). Because
              the lifecycle consumer waits for each distribution, 500 take 500 x the deployment delay (1.7 d at
              5 min, 5.2 d at 15 min), and every other tenant event on that consumer waits behind them.
            - **150 ms per call**: distribution tenants occupy the consumer 1.7 h for 10,000 (4 calls each on the
              consumer); each tenant is still ready ~6 min after its own request.

            ## Monthly cost per tenant (AWS's published prices; looked up 2026-12-07 through stored copies)

            | item | distribution tenant | individual distribution |
            |---|---|---|
            | CloudFront resource itself | **not found**: the SaaS Manager charge per distribution tenant (if any) was not in any stored copy of the CloudFront pricing page searched; not invented here | **$0** pay-as-you-go: CloudFront bills data transfer out and requests, no per-distribution fee ("Cost Model", AWS Storage Services Overview whitepaper; api-evangelist/cloudfront `plans/cloudfront-plans-pricing.yml`, read from aws.amazon.com/cloudfront/pricing, generated 2026-09-05) |
            | flat-rate plan (optional, since 2025-11-18) | not available: multi-tenant distributions are listed as unsupported by flat-rate plans (finops.com.py "Flat-Rate Pricing Plans", third-party) | per distribution per month: Free $0 (3 per account), Pro $15, Business $200, Premium $1,000 (same yml; bybowu.com, duckbillhq.com); at most 100 plans per account (bybowu.com) — so at most 100 of the 500 distributions could have one |
            | TLS certificate | $0: CloudFront-managed ACM certificate (ACM charges only exportable public certificates) | $0 for a non-exportable ACM public certificate; an exportable one is $15 per FQDN in us-east-1 (AWS price list, `ACM.csv`, effective 2025-02-01, via labofsahil/aws-pricing-dataset); the ACK ACM controller README states the exportable-only charge |
            | Route 53 | 2 record sets per tenant in the zone (hosted-zone and query prices not looked up; ALIAS to CloudFront is the same for both) | same |
            | data transfer and requests | same per GB and per 10,000 requests for both strategies (usage, not per tenant) | same |

            **Per tenant per month, fixed part:** individual distribution $0 (pay-as-you-go) or $15-$1,000 with a
            flat-rate plan; distribution tenant **unknown** (price not found). The difference that the bench can
            state with certainty is capacity, not price: 500 individual distributions per account at most (CloudFront
            quotas page: "Distributions per AWS account 500", adjustable), 10,000 distribution tenants (the
            simulator's figure from issue 17; the stored quotas page excerpts did not show the SaaS Manager section,
            so it was not re-checked).
            """;

    /** /proc/loadavg's 1, 5 and 15 minute figures (own copy: this class compiles alone while ProvisionReplay lags). */
    static String loadAverage() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return p[0] + " / " + p[1] + " / " + p[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static String fmt(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + " ms";
        }
        return d.toSeconds() % 3600 == 0 ? d.toHours() + " h" : d.toSeconds() % 60 == 0 ? d.toMinutes() + " min"
                : d.toSeconds() + " s";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 86_400) {
            return String.format(Locale.ROOT, "%.1f d", s / 86_400.0);
        }
        if (s >= 3_600) {
            return String.format(Locale.ROOT, "%.1f h", s / 3_600.0);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%.1f min", s / 60.0);
        }
        return s + " s";
    }

    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        return Duration.parse((text.endsWith("d") ? "P" : "PT") + text.toUpperCase(Locale.ROOT));
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
