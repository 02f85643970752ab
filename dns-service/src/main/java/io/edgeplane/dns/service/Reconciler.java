package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.ChangeAction;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.domain.DnsPlanner;
import io.edgeplane.dns.domain.HostedZones;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordPage;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.TenantDnsState;
import io.edgeplane.dns.messaging.DesiredStateStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The periodic pass: lists a zone (paged, 300 per request, through the account's rate limiter, cached for
 * {@code reconcile.cache-ttl} so dry runs do not reread the zone), compares it with the desired records of every
 * tenant not in flight, counts drift, and hands repairs to the zone's writer through the zone-changes topic as the
 * policy allows. Tenants with changes in flight are left out, so the pass never fights the writer.
 */
@ApplicationScoped
public class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    @Inject
    HostedZones zones;

    @Inject
    RateLimiter limiter;

    @Inject
    WriterStats stats;

    @Inject
    DesiredStateStore store;

    @Inject
    TenantDnsService tenants;

    @Inject
    WildcardRecords wildcard;

    @Inject
    TenantRecordStyle settings;

    @Inject
    DnsConfig config;

    @Inject
    DnsMetrics metrics;

    @Inject
    ZoneWriters writers;

    private record Listing(List<RecordSet> records, Instant at, int requests) {
    }

    private final Map<String, Listing> cache = new ConcurrentHashMap<>();
    /** Passes skipped in a row per zone because its writer was busy; after this many the pass runs anyway. */
    static final int MAX_DEFERRED = 6;
    private final Map<String, Integer> deferred = new ConcurrentHashMap<>();

    /** A dry run or a pass: the plan and how it was made. */
    public record ZonePlan(String zoneId, Instant listedAt, int recordsInZone, int listRequests, DnsPlanner.Plan plan,
            Set<String> skippedInFlight) {
    }

    /** What a pass found and asked the writer to fix. */
    public record Outcome(ZonePlan zonePlan, int repairsRequested) {
    }

    public boolean knows(String zoneId) {
        return config.zones().containsValue(zoneId);
    }

    public ZonePlan plan(String zoneId, boolean refresh) {
        store.awaitLoaded();
        Listing listing = listing(zoneId, refresh);
        Set<String> inFlight = new HashSet<>();
        Set<String> inFlightNames = new HashSet<>();
        List<DnsPlanner.Desired> desired = new ArrayList<>();
        Map<RecordKey, String> owned = new HashMap<>();
        for (TenantDnsState s : store.all()) {
            if (!zoneId.equals(s.zoneId())) {
                continue;
            }
            if (s.inFlight()) {
                inFlight.add(s.tenantId());
                s.held().forEach(r -> inFlightNames.add(r.name()));
                s.desired().forEach(r -> inFlightNames.add(r.name()));
                continue;
            }
            List<RecordSet> want = s.status() == TenantDnsState.Status.FAILED ? s.held() : s.desired();
            want.forEach(r -> desired.add(new DnsPlanner.Desired(s.tenantId(), r)));
            s.ownedKeys().forEach(k -> owned.put(k, s.tenantId()));
        }
        if (wildcard.enabled()) {
            config.zones().forEach((base, id) -> {
                if (id.equals(zoneId)) {
                    String owner = "*." + DnsNames.normalize(base);
                    for (RecordSet r : wildcard.records(base)) {
                        desired.add(new DnsPlanner.Desired(owner, r));
                        owned.put(r.key(), owner);
                    }
                }
            });
        }
        List<RecordSet> current = listing.records().stream().filter(r -> !inFlightNames.contains(r.name())).toList();
        DnsPlanner.Plan plan = DnsPlanner.plan(desired, current, owned, settings.policy());
        return new ZonePlan(zoneId, listing.at(), listing.records().size(), listing.requests(), plan, inFlight);
    }

    public Outcome reconcile(String zoneId) {
        ZonePlan zonePlan = plan(zoneId, true);
        DnsPlanner.Plan plan = zonePlan.plan();
        for (ChangeAction action : ChangeAction.values()) {
            long n = plan.count(action);
            if (n > 0) {
                metrics.driftFound(action.name().toLowerCase(java.util.Locale.ROOT), n);
            }
        }
        if (!plan.conflicts().isEmpty()) {
            metrics.driftFound("conflict", plan.conflicts().size());
        }
        if (!plan.skipped().isEmpty()) {
            metrics.driftFound("skipped-by-policy", plan.skipped().size());
        }
        int requested = 0;
        for (ChangeGroup group : plan.groups()) {
            if (group.owner().startsWith("*.")) {
                writers.offerWildcard(zoneId, group, new CompletableFuture<>());
                requested++;
                continue;
            }
            TenantDnsState state = store.get(group.owner());
            if (state != null) {
                tenants.repair(state, group);
                requested++;
            }
        }
        if (requested > 0 || !plan.conflicts().isEmpty()) {
            LOG.infof("Reconciled %s: %d create, %d update, %d delete requested for %d owner(s); %d conflict(s)",
                    zoneId, plan.count(ChangeAction.CREATE), plan.count(ChangeAction.UPSERT),
                    plan.count(ChangeAction.DELETE), requested, plan.conflicts().size());
        }
        cache.remove(zoneId); // the repairs change the zone
        return new Outcome(zonePlan, requested);
    }

    @Scheduled(every = "${edgeplane.dns.reconcile.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void periodic() {
        if (!config.reconcile().enabled() || !store.isLoaded()) {
            return;
        }
        for (String zoneId : config.zones().values()) {
            if (!writers.zone(zoneId).idle() && deferred.merge(zoneId, 1, Integer::sum) <= MAX_DEFERRED) {
                // The zone is being written: its listing would chase a growing zone (at 100,000 explicit tenants the
                // pass never caught up and its listing ran the heap out) while spending the account's Route 53
                // budget the writer needs, and every tenant in flight is left out of the comparison anyway.
                LOG.debugf("Reconciling %s deferred: its writer is busy", zoneId);
                continue;
            }
            deferred.remove(zoneId);
            try {
                reconcile(zoneId);
            } catch (RuntimeException e) {
                LOG.warnf("Reconciling %s failed: %s", zoneId, e.getMessage());
            }
        }
    }

    private Listing listing(String zoneId, boolean refresh) {
        Listing cached = cache.get(zoneId);
        Duration ttl = config.reconcile().cacheTtl();
        if (!refresh && cached != null && cached.at().plus(ttl).isAfter(Instant.now())) {
            return cached;
        }
        List<RecordSet> records = new ArrayList<>();
        RecordKey start = null;
        int requests = 0;
        int attempt = 0;
        do {
            try {
                limiter.acquire();
                stats.listRequests.incrementAndGet();
                requests++;
                RecordPage page = zones.list(zoneId, start, 300);
                records.addAll(page.records());
                start = page.next();
                attempt = 0;
            } catch (DnsApiException e) {
                if (!e.isTransient() || attempt > 12) {
                    throw e;
                }
                sleep(io.edgeplane.platform.aws.Backoff.DEFAULT.delay(attempt++));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (start != null);
        Listing listing = new Listing(List.copyOf(records), Instant.now(), requests);
        writers.observeCount(zoneId, records.size());
        cache.put(zoneId, listing);
        return listing;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
