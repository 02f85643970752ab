package io.edgeplane.dns.service;

import io.edgeplane.platform.messaging.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
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
        registry.counter(MetricNames.of(APP, "tenants.ready"), "strategy", strategy).increment();
        registry.timer(MetricNames.of(APP, "provisioning"), "strategy", strategy).record(provisioning);
    }

    public void failed(String rule) {
        registry.counter(MetricNames.of(APP, "tenants.failed"), "rule", rule).increment();
    }

    public void migrated(String to) {
        registry.counter(MetricNames.of(APP, "tenants.migrated"), "to", to).increment();
    }

    public void driftFound(String kind, long count) {
        registry.counter(MetricNames.of(APP, "drift.found"), "kind", kind).increment(count);
    }

    public void driftFixed(long count) {
        registry.counter(MetricNames.of(APP, "drift.fixed")).increment(count);
    }

    public AtomicLong gauge(String noun, AtomicLong value) {
        return registry.gauge(MetricNames.of(APP, noun), value);
    }
}
