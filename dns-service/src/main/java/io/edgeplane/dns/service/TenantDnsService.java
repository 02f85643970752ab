package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.ConnectionGroupRef;
import io.edgeplane.dns.domain.CustomDomains;
import io.edgeplane.dns.domain.DistributionTenantProgress;
import io.edgeplane.dns.domain.DistributionTenantRef;
import io.edgeplane.dns.domain.DistributionRef;
import io.edgeplane.dns.domain.DistributionSpec;
import io.edgeplane.dns.domain.Distributions;
import io.edgeplane.dns.domain.DnsApiException;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.domain.DnsPlanner;
import io.edgeplane.dns.domain.Hostname;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RecordSet;
import io.edgeplane.dns.domain.RuleViolation;
import io.edgeplane.dns.domain.SaasPollSchedule;
import io.edgeplane.dns.domain.StrategyDecision;
import io.edgeplane.dns.domain.TenantDnsState;
import io.edgeplane.dns.domain.TenantDnsState.Status;
import io.edgeplane.dns.domain.TenantLabel;
import io.edgeplane.dns.domain.TenantStrategy;
import io.edgeplane.dns.messaging.DesiredStateStore;
import io.edgeplane.dns.messaging.InternalTopics;
import io.edgeplane.dns.messaging.ZoneChangeRequest;
import io.edgeplane.events.DistributionStrategy;
import io.edgeplane.events.TenantDeprovisioned;
import io.edgeplane.events.TenantDnsFailed;
import io.edgeplane.events.TenantDnsReady;
import io.edgeplane.events.TenantMigrated;
import io.edgeplane.events.TenantProfile;
import io.edgeplane.platform.aws.Backoff;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * A tenant's way to a working hostname: validate, pick the strategy, create an individual distribution when
 * needed, plan the tenant's record changes against what it holds, record the intent in the desired state and
 * hand the changes to the zone's writer (re-keyed by zone). When the writer reports INSYNC the tenant is
 * announced (TenantDnsReady; TenantMigrated after a switch, once the old distribution is cleaned up); a failure
 * becomes TenantDnsFailed naming the rule.
 */
@ApplicationScoped
public class TenantDnsService {
    private static final Logger LOG = Logger.getLogger(TenantDnsService.class);
    public static final String PROVISION = "provision";
    public static final String UPDATE = "update";
    public static final String MIGRATE = "migrate";
    public static final String DEPROVISION = "deprovision";
    public static final String REPAIR = "repair";

    @Inject
    DnsConfig config;

    @Inject
    DesiredStateStore store;

    @Inject
    InternalTopics topics;

    @Inject
    Distributions distributions;

    @Inject
    QuotaTracker quota;

    @Inject
    TenantRecordStyle settings;

    @Inject
    WildcardRecords wildcard;

    @Inject
    DnsMetrics metrics;

    @Inject
    DistributionTenantLifecycle saas;

    private final Object[] locks = new Object[64];
    private final ExecutorService janitor = Executors.newVirtualThreadPerTaskExecutor();
    /** Polls distribution tenants that are deploying or waiting for DNS / a certificate; never a lifecycle thread. */
    private final ScheduledExecutorService waiter = Executors.newScheduledThreadPool(1, Thread.ofVirtual().factory());
    /**
     * The waits and clean-ups under way, by tenant and generation, each with its own token: a loop whose token is no
     * longer the current one (its partition was given up, maybe given back and resumed since) stops.
     */
    private final Map<Run, Object> watched = new ConcurrentHashMap<>();
    private final Map<Run, Object> cleaning = new ConcurrentHashMap<>();
    /** The tenants whose waits and clean-ups are this replica's: its partitions of the tenant-lifecycle topic. */
    private final TenantPartitions partitions = new TenantPartitions();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public TenantDnsService() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private Object lock(String tenantId) {
        return locks[Math.floorMod(tenantId.hashCode(), locks.length)];
    }

    /**
     * TenantProvisioned or TenantUpdated (or a migration command with {@code forced}). Decides at once (the state
     * is applied locally, so the tenant's next event sees it) and sends without waiting: the future completes when
     * the intent and the zone changes, or the answer, are on the log; only then may the caller acknowledge.
     */
    public CompletableFuture<Void> apply(TenantProfile profile, Instant requestedAt, String eventId,
            DistributionStrategy forced, String forcedReason) {
        store.awaitLoaded();
        synchronized (lock(profile.tenantId())) {
            TenantDnsState previous = store.get(profile.tenantId());
            if (previous != null && forced == null && previous.answered(eventId)) {
                LOG.infof("Tenant %s: event %s was answered already (%s); not announced again", profile.tenantId(),
                        eventId, previous.status());
                return CompletableFuture.completedFuture(null);
            }
            try {
                return applyLocked(profile, requestedAt, eventId, forced, forcedReason, previous);
            } catch (ProvisionFailure f) {
                return reject(profile.tenantId(), guessHostname(profile), previous, f.violation(), eventId, profile,
                        requestedAt);
            }
        }
    }

    private CompletableFuture<Void> applyLocked(TenantProfile profile, Instant requestedAt, String eventId, DistributionStrategy forced,
            String forcedReason, TenantDnsState previous) {
        String tenantId = profile.tenantId();
        TenantLabel.Verdict verdict = settings.labels().check(profile.subdomain(), profile.baseDomain(),
                (base, skeleton, idnOnly) -> store.lookAlike(base, skeleton, idnOnly, tenantId));
        if (!verdict.ok()) {
            throw new ProvisionFailure(verdict.violation());
        }
        Hostname hostname = verdict.hostname();
        String zoneId = zoneOf(hostname.baseDomain());
        String taken = store.tenantOfHostname(hostname.fqdn());
        if (taken != null && !taken.equals(tenantId)) {
            throw new ProvisionFailure(RuleViolation.of("hostname-taken", "'" + hostname.fqdn()
                    + "' already belongs to tenant " + taken));
        }
        if (profile.customDomain() != null && !profile.customDomain().isBlank()) {
            // The claim is the payload's: another tenant's hostname or custom domain is refused before any call.
            RuleViolation refused = CustomDomains.check(tenantId, profile.customDomain(), config.zones().keySet(),
                    store::tenantOfHostname, store::tenantOfCustomDomain);
            if (refused != null) {
                throw new ProvisionFailure(refused);
            }
        }
        DistributionStrategy current = previous == null || previous.status() == Status.FAILED && previous.held().isEmpty()
                ? null : previous.strategy();
        DistributionStrategy requested = forced != null ? forced : profile.requestedStrategy();
        TenantStrategy.Profile strategyProfile = new TenantStrategy.Profile(profile.subscriptionTier(),
                profile.trafficTier(), profile.monthlyPageViews(), profile.complianceRequirements(),
                profile.customDomain(), requested, current);
        StrategyDecision decision = TenantStrategy.select(strategyProfile, quota.status(), quota.tenantStatus(),
                settings.strategySettings());
        if (!decision.ok()) {
            throw new ProvisionFailure(decision.violation());
        }
        DistributionStrategy strategy = decision.strategy();
        String distributionId;
        String target;
        String retiring = null;
        String distributionTenantId = null;
        String retiringTenant = null;
        DistributionTenantProgress progress = null;
        boolean keepsIndividual = previous != null && previous.strategy() == DistributionStrategy.INDIVIDUAL
                && previous.distributionId() != null && previous.status() != Status.FAILED;
        if (previous != null && previous.distributionTenantId() != null && strategy != DistributionStrategy.DISTRIBUTION_TENANT) {
            retiringTenant = previous.distributionTenantId();
        }
        if (strategy == DistributionStrategy.DISTRIBUTION_TENANT) {
            ConnectionGroupRef connectionGroup = saas.connectionGroup();
            DistributionTenantRef tenant = saas.ensure(saas.spec(tenantId, hostname, profile.customDomain()),
                    previous != null && previous.distributionTenantId() != null);
            distributionId = config.saas().distributionId();
            target = connectionGroup.routingEndpoint();
            distributionTenantId = tenant.id();
            if (keepsIndividual) {
                retiring = previous.distributionId();
            }
            progress = saas.progress(tenant, customerDomains(strategyProfile)); // ensure's answer: no second read
            if (progress.stage() == DistributionTenantProgress.Stage.FAILED) {
                throw new ProvisionFailure(RuleViolation.of(DistributionTenantLifecycle.CERTIFICATE, progress.detail()));
            }
        } else if (strategy == DistributionStrategy.INDIVIDUAL) {
            if (keepsIndividual) {
                distributionId = previous.distributionId();
                target = previous.target();
            } else {
                DistributionRef created = createIndividual(tenantId, hostname, profile.customDomain(),
                        eventId == null ? String.valueOf(System.currentTimeMillis()) : eventId);
                distributionId = created.id();
                target = created.domainName();
            }
        } else {
            distributionId = config.shared().distributionId();
            target = config.shared().domainName();
            if (keepsIndividual) {
                retiring = previous.distributionId();
            }
        }
        List<RecordSet> desired = settings.get().forTenant(hostname, strategy, target);
        List<RecordSet> held = previous == null ? List.of() : previous.held();
        ChangeGroup group = DnsPlanner.planOwner(tenantId, desired, held, settings.policy());
        String operation = previous == null || previous.status() == Status.FAILED && previous.held().isEmpty()
                ? PROVISION : current != null && current != strategy ? MIGRATE : UPDATE;
        Instant now = Instant.now();
        List<String> warnings = new ArrayList<>(decision.warnings());
        TenantDnsState state = new TenantDnsState.Builder(tenantId)
                .generation(previous == null ? 1 : previous.generation() + 1).status(Status.PENDING)
                .operation(operation).hostname(hostname.fqdn()).baseDomain(hostname.baseDomain()).zoneId(zoneId)
                .strategy(strategy).reason(forced != null ? "requested" : decision.reason().code())
                .explanation(forced != null && forcedReason != null ? forcedReason : decision.explanation())
                .warnings(warnings).recommendation(decision.recommendation()).profile(strategyProfile)
                .target(target).distributionId(distributionId).desired(desired).held(held)
                .previousStrategy(current).retiringDistributionId(retiring).requestedAt(requestedAt)
                .updatedAt(now).causedBy(eventId).distributionTenantId(distributionTenantId)
                .retiringDistributionTenantId(retiringTenant).build();
        LOG.debugf("Tenant %s: %s %s -> %s (%s), %d change(s)", tenantId, operation, hostname, strategy,
                decision.reason().code(), group.changes().size());
        if (progress != null && progress.stage() != DistributionTenantProgress.Stage.READY) {
            // Not deployed, or waiting for the customer's CNAME or the certificate: the records are not touched
            // yet (the hostname keeps its old target), a waiter polls and switches them once it is ready.
            Instant since = requestedAt == null ? now : requestedAt;
            TenantDnsState waiting = state.toBuilder().waitingFor(progress.stage().waitingFor())
                    .customerRecords(progress.customerRecords())
                    .polled(1, saas.schedule().nextLook(progress.stage(), 1, now, since)).build();
            return store.putAsync(waiting).thenRun(() -> watch(waiting));
        }
        if (!group.changes().isEmpty()) {
            return send(state, group);
        }
        if (previous != null && forced == null && profile instanceof io.edgeplane.events.TenantProvisioned
                && previous.announcesSameAs(state)) {
            LOG.infof("Tenant %s: provisioned again as it is (event %s); TenantDnsReady stands, not announced again",
                    tenantId, eventId);
            return CompletableFuture.completedFuture(null);
        }
        if (strategy == DistributionStrategy.SHARED && wildcard.enabled() && !wildcard.isReady(hostname.baseDomain())) {
            wildcard.await(hostname.baseDomain(), Duration.ofMinutes(5)); // once per base domain, at start-up
        }
        // Nothing to write in Route 53 (wildcard, or records already as wanted): no PENDING intent is needed, the
        // tenant is INSYNC now; a crash before the writes are on the log replays the event.
        return CompletableFuture.allOf(complete(state, null).toArray(CompletableFuture[]::new));
    }

    /** Intent first (applied locally at once, so the writer's answer finds it), both sends in parallel. */
    private CompletableFuture<Void> send(TenantDnsState state, ChangeGroup group) {
        CompletableFuture<Void> intent = store.putAsync(state);
        var changes = topics.sendZoneChange(new ZoneChangeRequest(state.tenantId(), state.generation(), state.zoneId(),
                state.operation(), group.changes(), state.held().stream().map(RecordSet::key).toList(),
                state.requestedAt()));
        return CompletableFuture.allOf(intent, changes);
    }

    /** The custom domains whose DNS the customer runs (Edgeplane refuses custom domains in its own zones). */
    private static List<String> customerDomains(TenantStrategy.Profile profile) {
        return profile == null || !profile.hasCustomDomain() ? List.of()
                : List.of(DnsNames.normalize(profile.customDomain()));
    }

    /** A wait or clean-up: one per tenant and generation. */
    private record Run(String tenantId, long generation) {
        static Run of(TenantDnsState state) {
            return new Run(state.tenantId(), state.generation());
        }
    }

    /** Whether the wait or clean-up of {@code key} under {@code token} is still this replica's to run. */
    private boolean mine(Map<Run, Object> running, Run run, Object token) {
        return running.get(run) == token && partitions.holds(run.tenantId());
    }

    private void watch(TenantDnsState state) {
        if (!partitions.holds(state.tenantId())) {
            return; // the replica holding the tenant's partition waits for it
        }
        Run run = Run.of(state);
        Object token = new Object();
        if (watched.putIfAbsent(run, token) == null) {
            // At the persisted next look (also after a restart: the backoff resumes where it was, not from the start).
            Duration delay = state.nextPollAt() == null ? config.saas().poll()
                    : Duration.between(Instant.now(), state.nextPollAt());
            schedulePoll(run, token, delay);
        }
    }

    private void schedulePoll(Run run, Object token, Duration delay) {
        waiter.schedule(() -> poll(run, token), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    }

    /**
     * One look at a waiting distribution tenant: once deployed, its customer's CNAME verified and its certificate
     * issued, its records are switched to the routing endpoint (the usual writer path: TenantDnsReady at INSYNC).
     * A later event of the tenant (new generation) ends the wait; other tenants never wait for it. The next look
     * follows {@link io.edgeplane.dns.domain.SaasPollSchedule} (per stage; the customer-DNS wait backs off) and
     * every look's CloudFront calls wait for the replica's one read budget ({@code saas.read-rate}); past
     * {@code saas.customer-dns-timeout} from the request the tenant fails {@code customer-dns-timeout} (retryable)
     * naming what it still waits for, e.g. the record to create.
     */
    private void poll(Run run, Object token) {
        String tenantId = run.tenantId();
        long generation = run.generation();
        Duration retry = config.saas().poll();
        try {
            TenantDnsState seen = store.get(tenantId);
            if (!mine(watched, run, token) || !stillWaiting(seen, generation)) {
                watched.remove(run, token);
                return;
            }
            DistributionTenantProgress progress = saas.progress(seen.distributionTenantId(),
                    customerDomains(seen.profile()), seen.waitingFor());
            synchronized (lock(tenantId)) {
                TenantDnsState state = store.get(tenantId);
                if (!mine(watched, run, token) || !stillWaiting(state, generation)) {
                    watched.remove(run, token); // its partition left during the look: the next owner looks again
                    return;
                }
                Instant now = Instant.now();
                switch (progress.stage()) {
                    case READY -> {
                        watched.remove(run, token);
                        TenantDnsState ready = state.toBuilder().waitingFor(null).customerRecords(List.of())
                                .polled(0, null).updatedAt(now).build();
                        ChangeGroup group = DnsPlanner.planOwner(tenantId, ready.desired(), ready.held(),
                                settings.policy());
                        (group.changes().isEmpty() ? CompletableFuture.allOf(complete(ready, null)
                                .toArray(CompletableFuture[]::new)) : send(ready, group)).join();
                        return;
                    }
                    case FAILED -> {
                        watched.remove(run, token);
                        fail(state, RuleViolation.of(DistributionTenantLifecycle.CERTIFICATE, progress.detail())).join();
                        return;
                    }
                    default -> {
                        SaasPollSchedule schedule = saas.schedule();
                        Instant since = state.requestedAt() == null ? state.updatedAt() : state.requestedAt();
                        if (since == null) {
                            since = now;
                        }
                        if (schedule.expired(since, now)) {
                            watched.remove(run, token);
                            fail(state, new RuleViolation(DistributionTenantLifecycle.CUSTOMER_DNS_TIMEOUT,
                                    progress.detail() + " for longer than " + config.saas().customerDnsTimeout()
                                            + "; send the tenant again once the record exists", true)).join();
                            return;
                        }
                        int looks = SaasPollSchedule.looks(state.waitingFor(), state.pollAttempts(), progress.stage());
                        Instant next = schedule.nextLook(progress.stage(), looks, now, since);
                        // Written at every look (one small record): the API shows the backoff and a restart resumes it.
                        store.putAsync(state.toBuilder().waitingFor(progress.stage().waitingFor())
                                .customerRecords(progress.customerRecords()).polled(looks, next).updatedAt(now).build())
                                .whenComplete((ok, e) -> {
                                    if (e != null) {
                                        LOG.warnf("Tenant %s: its wait could not be written (%s)", tenantId,
                                                e.getMessage());
                                    }
                                });
                        retry = Duration.between(Instant.now(), next);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Tenant %s: looking at its distribution tenant failed (%s); trying again", tenantId,
                    e.getMessage());
        }
        schedulePoll(run, token, retry);
    }

    private static boolean stillWaiting(TenantDnsState state, long generation) {
        return state != null && state.generation() == generation && state.status() == Status.PENDING
                && state.waitingFor() != null;
    }

    /** TenantDeprovisioned: remove exactly the records Edgeplane holds for the tenant, then its distribution. */
    public void deprovision(TenantDeprovisioned event, String eventId) {
        store.awaitLoaded();
        synchronized (lock(event.tenantId())) {
            TenantDnsState previous = store.get(event.tenantId());
            if (previous == null) {
                LOG.infof("Tenant %s deprovisioned: Edgeplane holds nothing for it", event.tenantId());
                return;
            }
            Map<RecordKey, RecordSet> owned = new LinkedHashMap<>();
            previous.held().forEach(r -> owned.put(r.key(), r));
            if (previous.status() == Status.PENDING && previous.waitingFor() == null) {
                previous.desired().forEach(r -> owned.putIfAbsent(r.key(), r));
            }
            List<RecordSet> toRemove = List.copyOf(owned.values());
            ChangeGroup group = DnsPlanner.planOwner(event.tenantId(), List.of(), toRemove, settings.policy());
            Instant now = Instant.now();
            TenantDnsState state = previous.toBuilder().generation(previous.generation() + 1)
                    .status(Status.DEPROVISIONING).operation(DEPROVISION).desired(List.of()).held(toRemove)
                    .updatedAt(now).causedBy(eventId).requestedAt(event.deprovisionedAt()).build();
            store.put(state);
            if (group.changes().isEmpty()) {
                if (!toRemove.isEmpty()) {
                    LOG.infof("Tenant %s deprovisioned; policy %s keeps its records %s", event.tenantId(),
                            settings.policy(), toRemove.stream().map(RecordSet::describe).toList());
                }
                CompletableFuture.allOf(complete(state, null).toArray(CompletableFuture[]::new)).join();
                return;
            }
            InternalTopics.await(topics.sendZoneChange(new ZoneChangeRequest(event.tenantId(), state.generation(),
                    state.zoneId(), DEPROVISION, group.changes(), toRemove.stream().map(RecordSet::key).toList(),
                    event.deprovisionedAt())));
        }
    }

    /** A migration asked for through the API: the tenant's last profile with the strategy forced. */
    public TenantDnsState migrate(String tenantId, DistributionStrategy to, String reason) {
        store.awaitLoaded();
        TenantDnsState state = store.get(tenantId);
        if (state == null || state.profile() == null) {
            return null;
        }
        TenantStrategy.Profile p = state.profile();
        String label = state.hostname().substring(0, state.hostname().length() - state.baseDomain().length() - 1);
        TenantProfile profile = new StoredProfile(tenantId, label, state.baseDomain(), p);
        InternalTopics.await(apply(profile, Instant.now(), null, to,
                reason == null ? "migration requested through the API" : reason));
        return store.get(tenantId);
    }

    /** Changes of a reconciliation pass: same generation, marked as a repair. */
    public void repair(TenantDnsState state, ChangeGroup group) {
        synchronized (lock(state.tenantId())) {
            TenantDnsState current = store.get(state.tenantId());
            if (current == null || current.generation() != state.generation() || current.inFlight()) {
                return;
            }
            InternalTopics.await(topics.sendZoneChange(new ZoneChangeRequest(state.tenantId(), state.generation(),
                    state.zoneId(), REPAIR, group.changes(), state.held().stream().map(RecordSet::key).toList(),
                    Instant.now())));
        }
    }

    /** The writer saw the tenant's changes INSYNC. Futures complete once the announcements are on the log. */
    public List<CompletableFuture<?>> inSync(ZoneChangeRequest request, String changeId) {
        store.awaitLoaded();
        synchronized (lock(request.tenantId())) {
            TenantDnsState state = store.get(request.tenantId());
            if (state == null || state.generation() != request.generation()) {
                if (REPAIR.equals(request.operation())) {
                    metrics.driftFixed(request.changes().size());
                }
                return List.of(); // superseded by a later event; that one announces
            }
            if (REPAIR.equals(request.operation())) {
                metrics.driftFixed(request.changes().size());
                return List.of(store.putAsync(state.toBuilder().changeId(changeId).updatedAt(Instant.now()).build()));
            }
            if (state.status() == TenantDnsState.Status.INSYNC && !DEPROVISION.equals(state.operation())) {
                // Announced already: the state is written only once TenantDnsReady is on the log. A replayed zone
                // change (its offset not committed before a crash, or its partition moved to this replica) gets
                // no second announcement; the desired state is followed by every replica.
                return List.of();
            }
            return complete(state, changeId);
        }
    }

    /** The writer could not apply the tenant's changes; its held records are as they were. */
    public CompletableFuture<?> failed(ZoneChangeRequest request, RuleViolation violation) {
        store.awaitLoaded();
        synchronized (lock(request.tenantId())) {
            TenantDnsState state = store.get(request.tenantId());
            if (state == null || state.generation() != request.generation()) {
                return CompletableFuture.completedFuture(null);
            }
            return fail(state, violation);
        }
    }

    private CompletableFuture<?> fail(TenantDnsState state, RuleViolation violation) {
        metrics.failed(violation.rule());
        TenantDnsState failed = state.toBuilder().status(Status.FAILED).waitingFor(null).polled(0, null)
                .failure(violation.rule(), violation.reason()).updatedAt(Instant.now()).build();
        return store.putAfter(topics.announce(new TenantDnsFailed(state.tenantId(), state.hostname(),
                violation.rule(), violation.reason(), violation.retryable(), Instant.now(), causedBy(state))), failed);
    }

    private List<CompletableFuture<?>> complete(TenantDnsState state, String changeId) {
        Instant now = Instant.now();
        List<CompletableFuture<?>> done = new ArrayList<>();
        if (DEPROVISION.equals(state.operation())) {
            if (state.strategy() == DistributionStrategy.INDIVIDUAL && state.distributionId() != null
                    && !state.distributionId().equals(config.shared().distributionId())) {
                TenantDnsState cleanup = state.toBuilder().status(Status.CLEANUP).held(List.of()).changeId(changeId)
                        .retiringDistributionId(state.distributionId()).updatedAt(now).build();
                done.add(store.putAsync(cleanup).thenRun(() -> cleanUp(cleanup)));
            } else if (state.distributionTenantId() != null) {
                TenantDnsState cleanup = state.toBuilder().status(Status.CLEANUP).held(List.of()).changeId(changeId)
                        .retiringDistributionTenantId(state.distributionTenantId()).updatedAt(now).build();
                done.add(store.putAsync(cleanup).thenRun(() -> cleanUp(cleanup)));
            } else {
                store.delete(state.tenantId());
            }
            return done;
        }
        boolean retires = state.retiringDistributionId() != null || state.retiringDistributionTenantId() != null;
        TenantDnsState ready = state.toBuilder().status(retires ? Status.CLEANUP : Status.INSYNC).held(state.desired()).changeId(changeId).readyAt(now).failure(null, null)
                .updatedAt(now).build();
        Duration provisioning = state.requestedAt() == null ? Duration.ZERO
                : Duration.between(state.requestedAt(), now);
        if (provisioning.isNegative()) {
            provisioning = Duration.ZERO;
        }
        metrics.ready(state.strategy().json(), provisioning);
        CompletableFuture<?> announced = topics.announce(new TenantDnsReady(state.tenantId(), state.hostname(),
                state.target(), state.strategy(), state.distributionId(), announcedRecords(ready),
                provisioning.toMillis(), now, causedBy(state),
                state.strategy() == DistributionStrategy.DISTRIBUTION_TENANT ? state.distributionTenantId() : null));
        if (ready.status() != Status.CLEANUP && MIGRATE.equals(state.operation())) {
            announced = CompletableFuture.allOf(announced, announceMigration(ready));
        }
        // The state is written after the announcement: on the topic, it proves the answer was published.
        CompletableFuture<Void> written = store.putAfter(announced, ready);
        if (ready.status() == Status.CLEANUP) {
            written = written.thenRun(() -> cleanUp(ready));
        }
        done.add(written);
        return done;
    }

    private List<String> announcedRecords(TenantDnsState state) {
        List<RecordSet> records = state.held();
        if (records.isEmpty() && state.strategy() == DistributionStrategy.SHARED && wildcard.enabled()) {
            records = wildcard.records(state.baseDomain());
        }
        return records.stream().limit(100).map(RecordSet::describe).toList();
    }

    private CompletableFuture<?> announceMigration(TenantDnsState state) {
        metrics.migrated(state.strategy().json());
        String from = state.retiringDistributionId() != null ? state.retiringDistributionId()
                : state.previousStrategy() == DistributionStrategy.SHARED ? config.shared().distributionId()
                : state.previousStrategy() == DistributionStrategy.DISTRIBUTION_TENANT ? config.saas().distributionId()
                : null;
        return topics.announce(new TenantMigrated(state.tenantId(), state.hostname(), state.previousStrategy(),
                state.strategy(), from, state.distributionId(), state.explanation(), Instant.now(), causedBy(state),
                state.retiringDistributionTenantId(),
                state.strategy() == DistributionStrategy.DISTRIBUTION_TENANT ? state.distributionTenantId() : null));
    }

    /**
     * Disable, wait, delete the old individual distribution and/or distribution tenant; then forget the tenant or
     * announce the migration. Only on the replica holding the tenant's partition (the zone's writer that saw the
     * switch INSYNC may be another one: the holder's sweep takes it up); it stops when the partition leaves.
     */
    public void cleanUp(TenantDnsState state) {
        if (!partitions.holds(state.tenantId())) {
            LOG.debugf("Tenant %s: its clean-up is left to the replica holding its partition", state.tenantId());
            return;
        }
        Run run = Run.of(state);
        Object token = new Object();
        if (cleaning.putIfAbsent(run, token) != null) {
            return; // under way, or failed: retried when the partition is next assigned (or at the next start)
        }
        String id = state.retiringDistributionId();
        String tenantId = state.retiringDistributionTenantId();
        BooleanSupplier stillMine = () -> mine(cleaning, run, token);
        janitor.submit(() -> {
            try {
                if (id != null && !retireAndDelete(id, stillMine)) {
                    return;
                }
                if (tenantId != null && !saas.retire(tenantId, stillMine)) {
                    return;
                }
                synchronized (lock(state.tenantId())) {
                    TenantDnsState current = store.get(state.tenantId());
                    if (!stillMine.getAsBoolean() || current == null || current.generation() != state.generation()
                            || current.status() != Status.CLEANUP) {
                        cleaning.remove(run, token);
                        return;
                    }
                    if (DEPROVISION.equals(current.operation())) {
                        store.delete(state.tenantId());
                    } else {
                        TenantDnsState done = current.toBuilder().status(Status.INSYNC).retiringDistributionId(null)
                                .retiringDistributionTenantId(null).updatedAt(Instant.now()).build();
                        store.put(done);
                        announceMigration(current).join();
                    }
                    cleaning.remove(run, token);
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "Cleaning up distribution %s / distribution tenant %s of tenant %s failed; retried when"
                        + " its partition is next assigned or at the next start", id, tenantId, state.tenantId());
            }
        });
    }

    /** Disables and deletes the distribution; false when the tenant stopped being this replica's before. */
    private boolean retireAndDelete(String id, BooleanSupplier stillMine) {
        Duration poll = config.individual().deployPoll();
        Instant deadline = Instant.now().plus(config.individual().deployTimeout().multipliedBy(2));
        boolean retired = false;
        int attempt = 0;
        while (Instant.now().isBefore(deadline)) {
            if (!stillMine.getAsBoolean()) {
                return false;
            }
            try {
                if (!retired) {
                    distributions.retire(id);
                    retired = true;
                }
                if (distributions.delete(id)) {
                    quota.deleted();
                    LOG.infof("Deleted individual distribution %s", id);
                    return true;
                }
                sleep(poll);
            } catch (DnsApiException e) {
                if ("NoSuchDistribution".equals(e.code())) {
                    return true;
                }
                if (!e.isTransient() && !"DistributionNotDisabled".equals(e.code())
                        && !"PreconditionFailed".equals(e.code())) {
                    throw e;
                }
                sleep(Backoff.DEFAULT.delay(attempt++));
            }
        }
        throw new IllegalStateException("distribution " + id + " not deletable before the deadline");
    }

    private DistributionRef createIndividual(String tenantId, Hostname hostname, String customDomain, String revision) {
        DnsConfig.Individual s = config.individual();
        DistributionSpec spec = DistributionSpec.forTenant(tenantId, hostname, customDomain, shortRevision(revision),
                new DistributionSpec.Settings(s.originDomain(), s.originAccessControlId(), s.originPath(),
                        s.certificateArn(), s.priceClass(), s.geoRestriction(), s.geoLocations().orElse(List.of()),
                        s.apiOriginDomain().orElse(null), s.viewerRequestFunctionArn().orElse(null),
                        s.viewerResponseFunctionArn().orElse(null)));
        DistributionRef created = null;
        for (int attempt = 0; created == null; attempt++) {
            try {
                created = distributions.create(spec);
            } catch (DnsApiException e) {
                if (!e.isTransient() || attempt >= Backoff.DEFAULT.maxAttempts()) {
                    throw new ProvisionFailure(new RuleViolation("distribution", "CloudFront refused the individual"
                            + " distribution: " + e.getMessage(), e.isTransient() || "TooManyDistributions".equals(e.code())));
                }
                sleep(Backoff.DEFAULT.delay(attempt));
            }
        }
        quota.created();
        Instant deadline = Instant.now().plus(s.deployTimeout());
        while (!created.deployed()) {
            if (Instant.now().isAfter(deadline)) {
                throw new ProvisionFailure(new RuleViolation("distribution-timeout", "distribution " + created.id()
                        + " was not Deployed within " + s.deployTimeout(), true));
            }
            sleep(s.deployPoll());
            try {
                created = distributions.get(created.id());
            } catch (DnsApiException e) {
                if (!e.isTransient()) {
                    throw new ProvisionFailure(RuleViolation.of("distribution", e.getMessage()));
                }
            }
        }
        return created;
    }

    private static String shortRevision(String revision) {
        return revision.length() <= 40 ? revision : revision.substring(0, 40);
    }

    private CompletableFuture<Void> reject(String tenantId, String hostname, TenantDnsState previous,
            RuleViolation violation, String eventId, TenantProfile profile, Instant requestedAt) {
        metrics.failed(violation.rule());
        LOG.infof("Tenant %s: %s", tenantId, violation);
        TenantDnsState.Builder failed = previous == null ? new TenantDnsState.Builder(tenantId).generation(1)
                .operation(PROVISION) : previous.toBuilder().generation(previous.generation() + 1);
        return store.putAfter(topics.announce(new TenantDnsFailed(tenantId, hostname, violation.rule(),
                violation.reason(), violation.retryable(), Instant.now(), eventId == null ? List.of() : List.of(eventId))),
                failed.status(Status.FAILED).hostname(previous == null ? null : previous.hostname())
                        .failure(violation.rule(), violation.reason()).requestedAt(requestedAt).updatedAt(Instant.now())
                        .causedBy(eventId).build());
    }

    private static String guessHostname(TenantProfile profile) {
        if (profile.subdomain() == null || profile.baseDomain() == null) {
            return null;
        }
        String name = profile.subdomain() + "." + profile.baseDomain();
        return name.length() > 253 ? name.substring(0, 253) : name;
    }

    private String zoneOf(String baseDomain) {
        for (Map.Entry<String, String> e : config.zones().entrySet()) {
            if (DnsNames.normalize(e.getKey()).equals(baseDomain)) {
                return e.getValue();
            }
        }
        throw new ProvisionFailure(RuleViolation.of("unknown-base-domain", "no hosted zone is configured for '"
                + baseDomain + "' (configured: " + config.zones().keySet().stream().sorted()
                        .collect(Collectors.joining(", ")) + ")"));
    }

    private static List<String> causedBy(TenantDnsState state) {
        return state.causedBy() == null ? List.of() : List.of(state.causedBy());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The tenant-lifecycle consumer was given these partitions: their tenants' clean-ups and waits are this
     * replica's now. Resumed at once when the desired state is loaded (else by {@link DnsStartup} once it is), then
     * swept periodically for clean-ups another replica's zone writer left to this one.
     */
    public void partitionsAssigned(Set<Integer> assigned, int partitionCount) {
        partitions.assigned(assigned, partitionCount);
        LOG.infof("Waits and clean-ups of the tenants in lifecycle partitions %s (of %d) are this replica's",
                assigned, partitionCount);
        waiter.execute(this::resumeHeld);
        if (sweeping.compareAndSet(false, true)) {
            long every = Math.max(SWEEP_MIN.toMillis(), config.saas().poll().toMillis());
            waiter.scheduleWithFixedDelay(this::resumeHeld, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private static final Duration SWEEP_MIN = Duration.ofSeconds(1);

    /**
     * The consumer gave these partitions up: their tenants' waits and clean-ups stop at their next step (their
     * tokens are forgotten), so a later assignment of the same partitions resumes them.
     */
    public void partitionsRevoked(Set<Integer> revoked) {
        watched.keySet().removeIf(run -> partitions.in(run.tenantId(), revoked));
        cleaning.keySet().removeIf(run -> partitions.in(run.tenantId(), revoked));
        partitions.revoked(revoked);
    }

    /** Resumes the clean-ups and distribution-tenant waits of the tenants in the partitions held now. */
    public void resumeHeld() {
        try {
            if (!store.isLoaded()) {
                return; // DnsStartup resumes once it is
            }
            for (TenantDnsState s : store.all()) {
                if (s.status() == Status.CLEANUP && (s.retiringDistributionId() != null
                        || s.retiringDistributionTenantId() != null)) {
                    cleanUp(s);
                } else if (s.status() == Status.PENDING && s.waitingFor() != null) {
                    watch(s);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Resuming waits and clean-ups failed; the next sweep tries again");
        }
    }

    @PreDestroy
    void stop() {
        janitor.shutdownNow();
        waiter.shutdownNow();
    }

    /** A stored tenant profile as the TenantProfile the selector reads (for API-driven migrations). */
    private record StoredProfile(String tenantId, String subdomain, String baseDomain, TenantStrategy.Profile p)
            implements TenantProfile {
        @Override
        public io.edgeplane.events.SubscriptionTier subscriptionTier() {
            return p.tier();
        }

        @Override
        public io.edgeplane.events.TrafficTier trafficTier() {
            return p.traffic();
        }

        @Override
        public Long monthlyPageViews() {
            return p.monthlyPageViews();
        }

        @Override
        public List<String> complianceRequirements() {
            return p.compliance();
        }

        @Override
        public String customDomain() {
            return p.customDomain();
        }

        @Override
        public DistributionStrategy requestedStrategy() {
            return p.requested();
        }
    }

    /** The tenants a zone's reconciliation may touch (nothing in flight) and their desired records. */
    public Set<String> tenantsInFlight(String zoneId) {
        return store.all().stream().filter(s -> zoneId.equals(s.zoneId()) && s.inFlight())
                .map(TenantDnsState::tenantId).collect(Collectors.toSet());
    }
}
