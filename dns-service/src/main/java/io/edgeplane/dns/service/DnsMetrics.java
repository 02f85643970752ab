package io.edgeplane.dns.service;

import io.edgeplane.platform.messaging.MetricNames;
import io.edgeplane.dns.domain.ChangeAction;
import io.edgeplane.dns.domain.ZoneCapacity;
import io.edgeplane.events.DistributionStrategy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The dns-service's metrics ({@code edgeplane_dns_*}); tags stay low-cardinality (operation, outcome, strategy,
 * rule, kind; never a tenant; the hosted zone id only on the two per-zone capacity gauges).
 */
@ApplicationScoped
public class DnsMetrics {
    private static final String APP = "dns-service";

    @Inject
    MeterRegistry registry;

    @Inject
    WriterStats stats;

    @Inject
    QuotaTracker quota;

    @Inject
    io.edgeplane.dns.messaging.DesiredStateStore store;

    @Inject
    io.edgeplane.dns.config.DnsConfig config;

    /** Distribution tenants per state, counted from the desired state at most every 5 s (a scrape reads 4 gauges). */
    private volatile Map<String, Long> tenantStates = Map.of();
    private volatile long tenantStatesAt;
    public static final List<String> TENANT_STATES = List.of("active", "deploying", "waiting-customer-dns", "retiring");

    void bind(@Observes StartupEvent start) {
        counter("route53.requests", w -> w.changeRequests.get(), "operation", "ChangeResourceRecordSets");
        counter("route53.requests", w -> w.getChangeRequests.get(), "operation", "GetChange");
        counter("route53.requests", w -> w.listRequests.get(), "operation", "ListResourceRecordSets");
        counter("route53.requests", w -> w.zoneInfoRequests.get(), "operation", "GetHostedZone+Limit");
        counter("route53.errors", w -> w.throttled.get(), "code", "Throttling");
        counter("route53.errors", w -> w.priorRequestNotComplete.get(), "code", "PriorRequestNotComplete");
        counter("route53.errors", w -> w.invalidBatches.get(), "code", "InvalidChangeBatch");
        counter("route53.errors", w -> w.otherTransient.get(), "code", "other");
        counter("change.groups", w -> w.groupsSubmitted.get(), "outcome", "submitted");
        counter("change.groups", w -> w.groupsInSync.get(), "outcome", "insync");
        counter("change.groups", w -> w.groupsFailed.get(), "outcome", "failed");
        Gauge.builder(MetricNames.of(APP, "individual.distributions"), quota, q -> q.status().used())
                .description("individual distributions tagged as Edgeplane's").register(registry);
        Gauge.builder(MetricNames.of(APP, "individual.distributions.max"), quota, q -> q.status().max())
                .register(registry);
        for (String state : TENANT_STATES) {
            Gauge.builder(MetricNames.of(APP, "distribution.tenants"), this, m -> m.distributionTenants(state))
                    .tag("state", state).description("Edgeplane's CloudFront distribution tenants by state")
                    .register(registry);
        }
        Gauge.builder(MetricNames.of(APP, "distribution.tenants.max"), config, c -> c.saas().maxTenants())
                .description("edgeplane.dns.saas.max-tenants (CloudFront's quota per account)").register(registry);
        // Every meter from start-up, zero-valued, so dashboards and alerts see a series before the first tenant
        // (and an absent series means a broken scrape, not a quiet service).
        for (DistributionStrategy strategy : DistributionStrategy.values()) {
            ready(strategy.json()).counter();
            ready(strategy.json()).timer();
            migratedCounter(strategy.json());
        }
        for (String rule : STARTUP_RULES) {
            failedCounter(rule);
        }
        for (ChangeAction action : ChangeAction.values()) {
            driftFoundCounter(action.name().toLowerCase(Locale.ROOT));
        }
        driftFoundCounter("conflict");
        driftFoundCounter("skipped-by-policy");
        registry.counter(MetricNames.of(APP, "drift.fixed"));
        registry.timer(MetricNames.of(APP, "client.skew"));
    }

    private double distributionTenants(String state) {
        long now = System.currentTimeMillis();
        if (now - tenantStatesAt > 5_000) {
            Map<String, Long> counts = new java.util.HashMap<>();
            for (var s : store.all()) {
                String k = tenantState(s);
                if (k != null) {
                    counts.merge(k, 1L, Long::sum);
                }
            }
            tenantStates = counts;
            tenantStatesAt = now;
        }
        return tenantStates.getOrDefault(state, 0L);
    }

    private static String tenantState(io.edgeplane.dns.domain.TenantDnsState s) {
        if (s.retiringDistributionTenantId() != null) {
            return "retiring";
        }
        if (s.distributionTenantId() == null || s.status() == io.edgeplane.dns.domain.TenantDnsState.Status.FAILED) {
            return null;
        }
        if ("customer-dns".equals(s.waitingFor())) {
            return "waiting-customer-dns";
        }
        return s.status() == io.edgeplane.dns.domain.TenantDnsState.Status.INSYNC ? "active" : "deploying";
    }

    /** The failure rules shown from start-up; other rules appear when they first happen. */
    private static final List<String> STARTUP_RULES = List.of(ZoneCapacity.RULE, "invalid-change",
            "unknown-base-domain", "hostname-taken", "confusable", "label-syntax", "quota", "distribution",
            "distribution-tenant-quota", "cname-already-exists", "custom-domain-taken", "customer-dns-timeout");

    /** The two per-strategy meters of a ready tenant, looked up once (every tenant passes here). */
    private record Ready(Counter counter, Timer timer) {
    }

    private final Map<String, Ready> readyMeters = new ConcurrentHashMap<>();

    private Ready ready(String strategy) {
        return readyMeters.computeIfAbsent(strategy, s -> new Ready(
                registry.counter(MetricNames.of(APP, "tenants.ready"), "strategy", s),
                registry.timer(MetricNames.of(APP, "provisioning"), "strategy", s)));
    }

    /**
     * Per hosted zone (a handful, from configuration: the one bounded tag allowed): record sets and the
     * MAX_RRSETS_BY_ZONE limit ({@code -1} until read), for the 80 % alert.
     */
    public void zoneGauges(String zoneId, ZoneWriter writer) {
        Gauge.builder(MetricNames.of(APP, "zone.record.sets"), writer, ZoneWriter::recordSets).tag("zone", zoneId)
                .description("record sets in the hosted zone as its writer knows them").register(registry);
        Gauge.builder(MetricNames.of(APP, "zone.record.sets.limit"), writer, ZoneWriter::limit).tag("zone", zoneId)
                .description("MAX_RRSETS_BY_ZONE of the hosted zone").register(registry);
    }

    private void counter(String noun, ToDoubleFunction<WriterStats> f, String tag, String value) {
        FunctionCounter.builder(MetricNames.of(APP, noun), stats, f).tag(tag, value).register(registry);
    }

    /** How far an upstream system's event time was from when the event reached the log. */
    public void clientSkew(Duration skew) {
        registry.timer(MetricNames.of(APP, "client.skew")).record(skew);
    }

    public void ready(String strategy, Duration provisioning) {
        Ready meters = ready(strategy);
        meters.counter().increment();
        meters.timer().record(provisioning);
    }

    public void failed(String rule) {
        failedCounter(rule).increment();
    }

    private Counter failedCounter(String rule) {
        return registry.counter(MetricNames.of(APP, "tenants.failed"), "rule", rule);
    }

    public void migrated(String to) {
        migratedCounter(to).increment();
    }

    private Counter migratedCounter(String to) {
        return registry.counter(MetricNames.of(APP, "tenants.migrated"), "to", to);
    }

    public void driftFound(String kind, long count) {
        driftFoundCounter(kind).increment(count);
    }

    private Counter driftFoundCounter(String kind) {
        return registry.counter(MetricNames.of(APP, "drift.found"), "kind", kind);
    }

    public void driftFixed(long count) {
        registry.counter(MetricNames.of(APP, "drift.fixed")).increment(count);
    }

    public AtomicLong gauge(String noun, AtomicLong value) {
        return registry.gauge(MetricNames.of(APP, noun), value);
    }
}
