package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.Change;
import io.edgeplane.dns.domain.ChangeAction;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Wildcard mode: one {@code *.<base>} record set per base domain serves every shared tenant, so a shared tenant
 * needs no Route 53 write at all. The wildcard is created (or confirmed) through the zone's writer at start-up;
 * shared tenants are announced once it is INSYNC.
 */
@ApplicationScoped
public class WildcardRecords {
    @Inject
    DnsConfig config;

    @Inject
    ZoneWriters writers;

    @Inject
    TenantRecordStyle style;

    private final Map<String, CompletableFuture<Void>> ready = new ConcurrentHashMap<>();

    public boolean enabled() {
        return config.records().wildcard();
    }

    public synchronized void ensure() {
        if (!enabled()) {
            return;
        }
        config.zones().forEach((base, zoneId) -> ready.computeIfAbsent(DnsNames.normalize(base), b -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            List<Change> creates = records(b).stream().map(r -> new Change(ChangeAction.CREATE, r)).toList();
            writers.offerWildcard(zoneId, new ChangeGroup("*." + b, creates), done);
            return done;
        }));
    }

    public List<RecordSet> records(String baseDomain) {
        return style.get().wildcardFor(baseDomain, config.shared().domainName());
    }

    /** Waits until the base domain's wildcard is INSYNC. */
    public void await(String baseDomain, Duration timeout) {
        ensure();
        CompletableFuture<Void> done = ready.get(DnsNames.normalize(baseDomain));
        if (done == null) {
            throw new ProvisionFailure(RuleViolation.of("unknown-base-domain", "no hosted zone is configured for '"
                    + baseDomain + "'"));
        }
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new ProvisionFailure(new RuleViolation("wildcard-not-ready", "the wildcard record *." + baseDomain
                    + " is not INSYNC: " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), true));
        }
    }

    public boolean isReady(String baseDomain) {
        CompletableFuture<Void> done = ready.get(DnsNames.normalize(baseDomain));
        return done != null && done.isDone() && !done.isCompletedExceptionally();
    }
}
