package io.edgeplane.dns.simulated;

import io.edgeplane.dns.domain.BatchLimits;
import io.edgeplane.dns.domain.Change;
import io.edgeplane.dns.domain.ChangeAction;
import io.edgeplane.dns.domain.ChangeBatch;
import io.edgeplane.dns.domain.ChangeStatus;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.domain.HostedZones;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordPage;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RecordType;
import io.edgeplane.dns.domain.ZoneCapacity;
import io.edgeplane.dns.service.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process Route 53 that behaves like the real one where the dns-service depends on it: at most
 * {@code requestsPerSecond} requests in any second across all operations (Throttling, "Rate exceeded"),
 * PriorRequestNotComplete while a zone is still processing the previous change, the batch limits (1,000 values,
 * 32,000 characters, UPSERT counted twice) and all-or-nothing validation with Route 53's InvalidChangeBatch
 * messages, a record-set quota per zone (10,000 by default, SOA and NS included), PENDING until
 * {@code insyncDelay} after submission, paged listings of at most 300 in Route 53's order, and injected
 * throttling of a configurable share of requests (every fifth at 0.2, deterministic).
 */
public final class SimulatedRoute53 implements HostedZones {

    /**
     * @param processing how long a zone answers PriorRequestNotComplete after accepting a change
     */
    public record Settings(double requestsPerSecond, Duration insyncDelay, Duration processing, int maxRecordsPerZone,
            BatchLimits limits, double throttleRate, long seed) {
        public static final Settings DEFAULTS = new Settings(5, Duration.ofSeconds(30), Duration.ZERO, 10_000,
                BatchLimits.ROUTE53, 0.0, 42L);

        public Settings withThrottleRate(double rate) {
            return new Settings(requestsPerSecond, insyncDelay, processing, maxRecordsPerZone, limits, rate, seed);
        }

        public Settings withMaxRecordsPerZone(int max) {
            return new Settings(requestsPerSecond, insyncDelay, processing, max, limits, throttleRate, seed);
        }

        public Settings withInsyncDelay(Duration delay) {
            return new Settings(requestsPerSecond, delay, processing, maxRecordsPerZone, limits, throttleRate, seed);
        }
    }

    private static final class Zone {
        final String id;
        final String apex;
        final NavigableMap<RecordKey, RecordSet> records = new TreeMap<>(Route53Order.KEYS);
        Instant busyUntil = Instant.EPOCH;

        Zone(String id, String apex) {
            this.id = id;
            this.apex = apex;
        }
    }

    private final Clock clock;
    private volatile Settings settings;
    private final Map<String, Zone> zones = new HashMap<>();
    private final Map<String, Instant> changes = new HashMap<>();
    private final Deque<Instant> window = new ArrayDeque<>();
    private long nextChange = 1;
    private double injectionDebt;

    public final AtomicLong changeRequests = new AtomicLong();
    public final AtomicLong getChangeRequests = new AtomicLong();
    public final AtomicLong listRequests = new AtomicLong();
    public final AtomicLong getHostedZoneRequests = new AtomicLong();
    public final AtomicLong getHostedZoneLimitRequests = new AtomicLong();
    public final AtomicLong rateThrottled = new AtomicLong();
    public final AtomicLong injectedThrottles = new AtomicLong();
    public final AtomicLong priorRequestNotComplete = new AtomicLong();
    public final AtomicLong invalidBatches = new AtomicLong();

    public SimulatedRoute53(Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Fault injection and quota changes while running (tests turn throttling on and off). */
    public void reconfigure(Settings next) {
        this.settings = next;
    }

    /** A hosted zone with its SOA and NS records, as Route 53 creates it. */
    public synchronized void createZone(String zoneId, String apex) {
        String name = DnsNames.normalize(apex);
        Zone zone = new Zone(zoneId, name);
        RecordSet soa = RecordSet.of(name, RecordType.SOA, 900,
                "ns-1.awsdns-00.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400");
        RecordSet ns = new RecordSet(name, RecordType.NS, 172_800L, List.of("ns-1.awsdns-00.com.",
                "ns-2.awsdns-01.net.", "ns-3.awsdns-02.org.", "ns-4.awsdns-03.co.uk."), null);
        zone.records.put(soa.key(), soa);
        zone.records.put(ns.key(), ns);
        zones.put(zoneId, zone);
    }

    /** Puts a record directly, as another team or tool would (no request counted). */
    public synchronized void putRecord(String zoneId, RecordSet record) {
        zone(zoneId).records.put(record.key(), record);
    }

    public synchronized void removeRecord(String zoneId, RecordKey key) {
        zone(zoneId).records.remove(key);
    }

    public synchronized List<RecordSet> records(String zoneId) {
        return List.copyOf(zone(zoneId).records.values());
    }

    public synchronized RecordSet record(String zoneId, RecordKey key) {
        return zone(zoneId).records.get(key);
    }

    public long requests() {
        return changeRequests.get() + getChangeRequests.get() + listRequests.get() + getHostedZoneRequests.get()
                + getHostedZoneLimitRequests.get();
    }

    @Override
    public synchronized String submit(String zoneId, ChangeBatch batch, String comment) {
        admit();
        changeRequests.incrementAndGet();
        Zone zone = zone(zoneId);
        Instant now = clock.now();
        if (now.isBefore(zone.busyUntil)) {
            priorRequestNotComplete.incrementAndGet();
            throw new DnsApiException("PriorRequestNotComplete",
                    "The request was rejected because Route 53 was still processing a prior request.", true);
        }
        BatchLimits limits = settings.limits();
        if (batch.changes().size() > limits.maxChanges()) {
            throw invalid("Number of changes limit of " + limits.maxChanges() + " exceeded.");
        }
        if (batch.weightedValues() > limits.maxValues()) {
            throw invalid("Number of records limit of " + limits.maxValues() + " exceeded.");
        }
        if (batch.weightedChars() > limits.maxValueChars()) {
            throw invalid("RDATA character limit of " + limits.maxValueChars() + " exceeded.");
        }
        // Validate against the zone plus this batch's own earlier changes (an overlay: no copy of the zone).
        Map<RecordKey, RecordSet> overlay = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Change change : batch.changes()) {
            String problem = apply(zone, overlay, change);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            invalidBatches.incrementAndGet();
            throw new DnsApiException("InvalidChangeBatch", problems, false, null);
        }
        long size = zone.records.size();
        for (Map.Entry<RecordKey, RecordSet> e : overlay.entrySet()) {
            boolean existed = zone.records.containsKey(e.getKey());
            size += (e.getValue() != null ? 1 : 0) - (existed ? 1 : 0);
        }
        if (size > settings.maxRecordsPerZone()) {
            throw invalid("Exceeded limit MAX_RRSETS_BY_ZONE for zone: " + zone.id + " (" + settings.maxRecordsPerZone()
                    + " record sets)");
        }
        for (Map.Entry<RecordKey, RecordSet> e : overlay.entrySet()) {
            if (e.getValue() == null) {
                zone.records.remove(e.getKey());
            } else {
                zone.records.put(e.getKey(), e.getValue());
            }
        }
        zone.busyUntil = now.plus(settings.processing());
        String id = String.format("C%012d", nextChange++);
        changes.put(id, now.plus(settings.insyncDelay()));
        return "/change/" + id;
    }

    private static RecordSet current(Zone zone, Map<RecordKey, RecordSet> overlay, RecordKey key) {
        return overlay.containsKey(key) ? overlay.get(key) : zone.records.get(key);
    }

    private String apply(Zone zone, Map<RecordKey, RecordSet> overlay, Change change) {
        RecordSet r = change.record();
        String dotted = r.name() + ".";
        if (!DnsNames.isWithin(r.name(), zone.apex)) {
            return "RRSet with DNS name " + dotted + " is not permitted in zone " + zone.apex + ".";
        }
        RecordSet existing = current(zone, overlay, r.key());
        switch (change.action()) {
            case CREATE, UPSERT -> {
                if (change.action() == ChangeAction.CREATE && existing != null) {
                    return "Tried to create resource record set [name='" + dotted + "', type='" + r.type()
                            + "'] but it already exists";
                }
                String cnameConflict = cnameConflict(zone, overlay, r);
                if (cnameConflict != null) {
                    return cnameConflict;
                }
                overlay.put(r.key(), r);
            }
            case DELETE -> {
                if (existing == null) {
                    return "Tried to delete resource record set [name='" + dotted + "', type='" + r.type()
                            + "'] but it was not found";
                }
                if (!existing.sameAs(r)) {
                    return "Tried to delete resource record set [name='" + dotted + "', type='" + r.type()
                            + "'] but the values provided do not match the current values";
                }
                overlay.put(r.key(), null);
            }
        }
        return null;
    }

    /** Records of one name are adjacent in Route 53's order: look only there, and at this batch's changes. */
    private static String cnameConflict(Zone zone, Map<RecordKey, RecordSet> overlay, RecordSet r) {
        Map<RecordKey, RecordSet> atName = new HashMap<>(zone.records.subMap(new RecordKey(r.name(), RecordType.A),
                true, new RecordKey(r.name(), RecordType.TXT), true));
        overlay.forEach((k, v) -> {
            if (k.name().equals(r.name())) {
                atName.put(k, v);
            }
        });
        for (RecordSet other : atName.values()) {
            if (other == null || other.type() == r.type()) {
                continue;
            }
            if (other.type() == RecordType.CNAME || r.type() == RecordType.CNAME) {
                return "RRSet of type " + r.type() + " with DNS name " + r.name() + ". is not permitted because a"
                        + " conflicting RRSet of type " + other.type() + " with the same DNS name already exists in zone "
                        + zone.apex + ".";
            }
        }
        return null;
    }

    @Override
    public synchronized ChangeStatus status(String changeId) {
        admit();
        getChangeRequests.incrementAndGet();
        String id = changeId.startsWith("/change/") ? changeId.substring("/change/".length()) : changeId;
        Instant insyncAt = changes.get(id);
        if (insyncAt == null) {
            throw new DnsApiException("NoSuchChange", "A change with the specified change ID does not exist.", false);
        }
        return clock.now().isBefore(insyncAt) ? ChangeStatus.PENDING : ChangeStatus.INSYNC;
    }

    @Override
    public synchronized RecordPage list(String zoneId, RecordKey start, int maxItems) {
        admit();
        listRequests.incrementAndGet();
        Zone zone = zone(zoneId);
        int max = Math.max(1, Math.min(maxItems, 300));
        NavigableMap<RecordKey, RecordSet> tail = start == null ? zone.records : zone.records.tailMap(start, true);
        List<RecordSet> page = new ArrayList<>(max);
        RecordKey next = null;
        for (Map.Entry<RecordKey, RecordSet> e : tail.entrySet()) {
            if (page.size() == max) {
                next = e.getKey();
                break;
            }
            page.add(e.getValue());
        }
        return new RecordPage(page, next);
    }

    /** As Route 53: GetHostedZoneLimit(MAX_RRSETS_BY_ZONE) then GetHostedZone, each one request. */
    @Override
    public synchronized ZoneCapacity capacity(String zoneId) {
        return new ZoneCapacity(recordSetLimit(zoneId), recordSetCount(zoneId));
    }

    @Override
    public synchronized long recordSetLimit(String zoneId) {
        admit();
        getHostedZoneLimitRequests.incrementAndGet();
        zone(zoneId);
        return settings.maxRecordsPerZone();
    }

    @Override
    public synchronized long recordSetCount(String zoneId) {
        admit();
        getHostedZoneRequests.incrementAndGet();
        return zone(zoneId).records.size();
    }

    /** Every request counts against the account's per-second budget; over it, or by injection, Throttling. */
    private void admit() {
        Instant now = clock.now();
        Instant windowStart = now.minusSeconds(1);
        while (!window.isEmpty() && !window.peekFirst().isAfter(windowStart)) {
            window.removeFirst();
        }
        if (window.size() >= settings.requestsPerSecond()) {
            rateThrottled.incrementAndGet();
            throw new DnsApiException("Throttling", "Rate exceeded", true);
        }
        window.addLast(now);
        // Deterministic injection: exactly the configured share of requests, spread evenly (reproducible runs).
        injectionDebt += settings.throttleRate();
        if (injectionDebt >= 1.0) {
            injectionDebt -= 1.0;
            injectedThrottles.incrementAndGet();
            throw new DnsApiException("Throttling", "Rate exceeded", true);
        }
    }

    private Zone zone(String zoneId) {
        Zone zone = zones.get(zoneId);
        if (zone == null) {
            throw new DnsApiException("NoSuchHostedZone", "No hosted zone found with ID: " + zoneId, false);
        }
        return zone;
    }

    private DnsApiException invalid(String message) {
        invalidBatches.incrementAndGet();
        return new DnsApiException("InvalidChangeBatch", List.of(message), false, null);
    }
}
