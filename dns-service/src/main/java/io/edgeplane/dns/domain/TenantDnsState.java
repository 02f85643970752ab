package io.edgeplane.dns.domain;

import io.edgeplane.events.DistributionStrategy;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What Edgeplane wants and holds for one tenant; the value of the compacted desired-state topic (keyed by tenant
 * id, a tombstone once a deprovisioned tenant is cleaned up). It is also the ownership registry: Edgeplane owns
 * exactly the keys of {@link #held} (written and confirmed INSYNC) and, while PENDING, the keys of
 * {@link #desired} it is writing.
 *
 * @param generation one more for every lifecycle event or command of the tenant; later generations win
 * @param operation  provision, update, migrate, deprovision or repair
 * @param desired    the records the tenant should have (empty for a shared tenant in wildcard mode)
 * @param held       the records Edgeplane wrote and saw INSYNC
 * @param retiringDistributionId an individual distribution to clean up after the switch (migration, deprovision)
 * @param requestedAt when tenant management asked (TenantProvisioned/Updated time), for provisioning time
 * @param distributionTenantId the CloudFront distribution tenant serving the tenant (strategy distribution-tenant)
 * @param retiringDistributionTenantId a distribution tenant to disable and delete after the switch
 * @param waitingFor   what a PENDING distribution tenant waits for before its records are written (deployment,
 *                     certificate, customer-dns); null once its records are on their way
 * @param customerRecords the records the customer must create at their own DNS (custom domains Edgeplane does
 *                     not manage), e.g. {@code shop.acme.com CNAME d111.cloudfront.net}
 * @param pollAttempts consecutive looks at a waiting distribution tenant in its current {@code waitingFor} stage
 *                     (the backoff's step; kept across restarts); 0 when nothing is awaited
 * @param nextPollAt   when the waiter looks again (see {@link SaasPollSchedule}); null when nothing is awaited
 */
public record TenantDnsState(String tenantId, long generation, Status status, String operation, String hostname,
        String baseDomain, String zoneId, DistributionStrategy strategy, String reason, String explanation,
        List<String> warnings, String recommendation, TenantStrategy.Profile profile, String target,
        String distributionId, List<RecordSet> desired, List<RecordSet> held, DistributionStrategy previousStrategy,
        String retiringDistributionId, String failureRule, String failureReason, Instant requestedAt,
        Instant readyAt, String changeId, Instant updatedAt, String causedBy, String distributionTenantId,
        String retiringDistributionTenantId, String waitingFor, List<String> customerRecords, int pollAttempts,
        Instant nextPollAt) {

    public enum Status {
        /** Changes submitted or queued, not yet INSYNC. */
        PENDING,
        /** Route 53 reported INSYNC; the hostname resolves to {@link #target}. */
        INSYNC,
        /** Could not be served; see failure rule and reason. Held records are unchanged. */
        FAILED,
        /** Deleting the tenant's records. */
        DEPROVISIONING,
        /** Records switched; an old individual distribution is being disabled and deleted. */
        CLEANUP
    }

    public TenantDnsState {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        desired = desired == null ? List.of() : List.copyOf(desired);
        held = held == null ? List.of() : List.copyOf(held);
        customerRecords = customerRecords == null ? List.of() : List.copyOf(customerRecords);
    }

    /** Keys Edgeplane owns for this tenant now: held, plus desired while a write is in flight. */
    public Set<RecordKey> ownedKeys() {
        Set<RecordKey> keys = new HashSet<>();
        held.forEach(r -> keys.add(r.key()));
        if (status == Status.PENDING || status == Status.DEPROVISIONING) {
            desired.forEach(r -> keys.add(r.key()));
        }
        return keys;
    }

    /**
     * Whether this state already answers {@code eventId}: it names the event as its cause and is a final answer
     * (INSYNC, FAILED, or CLEANUP after a switch). The service writes such a state only once the answer
     * (TenantDnsReady/Failed) is on the log, so a redelivery of the event (same ce_id, also after a restart: the
     * state is read back from the desired-state topic) is not answered again. A PENDING state is not an answer:
     * its changes may not have reached the writer before a crash, so the event is planned again.
     */
    public boolean answered(String eventId) {
        return eventId != null && eventId.equals(causedBy)
                && (status == Status.INSYNC || status == Status.FAILED || status == Status.CLEANUP);
    }

    /**
     * Whether {@code next} (planned for a new event of the tenant) would announce exactly what this INSYNC state
     * announced: same hostname, strategy, target, distribution, records and requested profile; a repeated TenantProvisioned
     * (e.g. republished by tenant management after its own crash) then needs no second TenantDnsReady.
     */
    public boolean announcesSameAs(TenantDnsState next) {
        return status == Status.INSYNC && retiringDistributionId == null && retiringDistributionTenantId == null
                && java.util.Objects.equals(hostname, next.hostname) && strategy == next.strategy
                && java.util.Objects.equals(target, next.target)
                && java.util.Objects.equals(distributionId, next.distributionId)
                && java.util.Objects.equals(distributionTenantId, next.distributionTenantId) && held.equals(next.desired)
                && profile != null && next.profile != null && profile.sameRequestAs(next.profile);
    }

    /**
     * This state with its repeated values (base domain, zone, strategy texts, target, distribution, failure, profile,
     * alias targets) shared through {@code interner}, its records naming the hostname through the hostname's own
     * instance and {@code held} sharing {@code desired} when they are equal: an equal state, a fraction of the
     * memory when 100,000 are held (each read back from the topic brings its own copy of every string). The
     * tenant's own strings (id, hostname, causing event) are {@code previous}'s instances when equal, so the
     * indexes keyed by them hold one copy.
     */
    public TenantDnsState compact(Interner interner, TenantDnsState previous) {
        String id = previous != null && previous.tenantId.equals(tenantId) ? previous.tenantId : tenantId;
        String name = previous != null && hostname != null && hostname.equals(previous.hostname) ? previous.hostname
                : hostname;
        String cause = previous != null && causedBy != null && causedBy.equals(previous.causedBy) ? previous.causedBy
                : causedBy;
        List<RecordSet> d = compact(desired, name, interner);
        List<RecordSet> h = held.equals(desired) ? d : compact(held, name, interner);
        List<String> w = warnings.isEmpty() ? List.of()
                : interner.of(List.copyOf(warnings.stream().map(interner::of).toList()));
        // A profile naming a custom domain is the tenant's own; the others repeat across tenants.
        TenantStrategy.Profile p = profile == null || profile.customDomain() != null ? profile
                : interner.of(profile);
        Instant ready = readyAt != null && readyAt.equals(updatedAt) ? updatedAt : readyAt;
        return new TenantDnsState(id, generation, status, interner.of(operation), name,
                interner.of(baseDomain), interner.of(zoneId), strategy, interner.of(reason), interner.of(explanation), w,
                interner.of(recommendation), p, interner.of(target), interner.of(distributionId), d, h,
                previousStrategy, interner.of(retiringDistributionId), interner.of(failureRule),
                interner.of(failureReason), requestedAt, ready, interner.of(changeId), updatedAt, cause,
                distributionTenantId, retiringDistributionTenantId, interner.of(waitingFor), customerRecords, pollAttempts,
                nextPollAt);
    }

    private static List<RecordSet> compact(List<RecordSet> records, String hostname, Interner interner) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<RecordSet> shared = new java.util.ArrayList<>(records.size());
        for (RecordSet r : records) {
            shared.add(r.sharing(hostname, interner));
        }
        return List.copyOf(shared);
    }

    public boolean inFlight() {
        return status == Status.PENDING || status == Status.DEPROVISIONING || status == Status.CLEANUP;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-and-change for the many small state transitions. */
    public static final class Builder {
        private String tenantId;
        private long generation;
        private Status status;
        private String operation;
        private String hostname;
        private String baseDomain;
        private String zoneId;
        private DistributionStrategy strategy;
        private String reason;
        private String explanation;
        private List<String> warnings;
        private String recommendation;
        private TenantStrategy.Profile profile;
        private String target;
        private String distributionId;
        private List<RecordSet> desired;
        private List<RecordSet> held;
        private DistributionStrategy previousStrategy;
        private String retiringDistributionId;
        private String failureRule;
        private String failureReason;
        private Instant requestedAt;
        private Instant readyAt;
        private String changeId;
        private Instant updatedAt;
        private String causedBy;
        private String distributionTenantId;
        private String retiringDistributionTenantId;
        private String waitingFor;
        private List<String> customerRecords;
        private int pollAttempts;
        private Instant nextPollAt;

        public Builder(String tenantId) {
            this.tenantId = tenantId;
        }

        Builder(TenantDnsState s) {
            tenantId = s.tenantId;
            generation = s.generation;
            status = s.status;
            operation = s.operation;
            hostname = s.hostname;
            baseDomain = s.baseDomain;
            zoneId = s.zoneId;
            strategy = s.strategy;
            reason = s.reason;
            explanation = s.explanation;
            warnings = s.warnings;
            recommendation = s.recommendation;
            profile = s.profile;
            target = s.target;
            distributionId = s.distributionId;
            desired = s.desired;
            held = s.held;
            previousStrategy = s.previousStrategy;
            retiringDistributionId = s.retiringDistributionId;
            failureRule = s.failureRule;
            failureReason = s.failureReason;
            requestedAt = s.requestedAt;
            readyAt = s.readyAt;
            changeId = s.changeId;
            updatedAt = s.updatedAt;
            causedBy = s.causedBy;
            distributionTenantId = s.distributionTenantId;
            retiringDistributionTenantId = s.retiringDistributionTenantId;
            waitingFor = s.waitingFor;
            customerRecords = s.customerRecords;
            pollAttempts = s.pollAttempts;
            nextPollAt = s.nextPollAt;
        }

        public Builder generation(long v) { generation = v; return this; }
        public Builder status(Status v) { status = v; return this; }
        public Builder operation(String v) { operation = v; return this; }
        public Builder hostname(String v) { hostname = v; return this; }
        public Builder baseDomain(String v) { baseDomain = v; return this; }
        public Builder zoneId(String v) { zoneId = v; return this; }
        public Builder strategy(DistributionStrategy v) { strategy = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder explanation(String v) { explanation = v; return this; }
        public Builder warnings(List<String> v) { warnings = v; return this; }
        public Builder recommendation(String v) { recommendation = v; return this; }
        public Builder profile(TenantStrategy.Profile v) { profile = v; return this; }
        public Builder target(String v) { target = v; return this; }
        public Builder distributionId(String v) { distributionId = v; return this; }
        public Builder desired(List<RecordSet> v) { desired = v; return this; }
        public Builder held(List<RecordSet> v) { held = v; return this; }
        public Builder previousStrategy(DistributionStrategy v) { previousStrategy = v; return this; }
        public Builder retiringDistributionId(String v) { retiringDistributionId = v; return this; }
        public Builder failure(String rule, String why) { failureRule = rule; failureReason = why; return this; }
        public Builder requestedAt(Instant v) { requestedAt = v; return this; }
        public Builder readyAt(Instant v) { readyAt = v; return this; }
        public Builder changeId(String v) { changeId = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder causedBy(String v) { causedBy = v; return this; }
        public Builder distributionTenantId(String v) { distributionTenantId = v; return this; }
        public Builder retiringDistributionTenantId(String v) { retiringDistributionTenantId = v; return this; }
        public Builder waitingFor(String v) { waitingFor = v; return this; }
        public Builder customerRecords(List<String> v) { customerRecords = v; return this; }
        /** The waiter's schedule: consecutive looks in the current stage and the next one (0/null: none). */
        public Builder polled(int attempts, Instant next) { pollAttempts = attempts; nextPollAt = next; return this; }

        public TenantDnsState build() {
            return new TenantDnsState(tenantId, generation, status, operation, hostname, baseDomain, zoneId, strategy,
                    reason, explanation, warnings, recommendation, profile, target, distributionId, desired, held,
                    previousStrategy, retiringDistributionId, failureRule, failureReason, requestedAt, readyAt,
                    changeId, updatedAt, causedBy, distributionTenantId, retiringDistributionTenantId, waitingFor,
                    customerRecords, pollAttempts, nextPollAt);
        }
    }
}
