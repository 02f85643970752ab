package io.edgeplane.dns.service;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.ChangeGroup;
import io.edgeplane.dns.domain.HostedZones;
import io.edgeplane.dns.domain.RecordKey;
import io.edgeplane.dns.domain.RuleViolation;
import io.edgeplane.dns.messaging.ZoneChangeRequest;
import io.edgeplane.platform.aws.Backoff;
import io.edgeplane.platform.budget.AccountBudgets;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * One {@link ZoneWriter} (and thread) per hosted zone this instance consumes: the zone-changes topic is keyed by
 * zone, so each zone's changes reach exactly one instance and one writer. Acknowledges a zone-change message
 * only after its changes are INSYNC and announced; a change that cannot be applied is announced as
 * TenantDnsFailed and the message is dead-lettered with the rule.
 */
@ApplicationScoped
public class ZoneWriters implements ZoneWriter.Listener {
    private static final Logger LOG = Logger.getLogger(ZoneWriters.class);

    @Inject
    HostedZones zones;

    @Inject
    RateLimiter limiter;

    @Inject
    Clock clock;

    @Inject
    WriterStats stats;

    @Inject
    DnsConfig config;

    @Inject
    TenantDnsService tenants;

    @Inject
    DnsMetrics metrics;

    private final Map<String, ZoneWriter> writers = new ConcurrentHashMap<>();

    @Inject
    AccountBudgets budgets;

    /**
     * A tenant's request with the message to settle once it is done, and the lease it was taken under. Holds one
     * of the {@code max-unsettled} places until it is settled, dropped or left to the partition's next owner.
     */
    private final class FromTopic {
        final ZoneChangeRequest request;
        final Message<byte[]> message;
        final PartitionLeases.Lease lease;
        private final AtomicBoolean released = new AtomicBoolean();

        FromTopic(ZoneChangeRequest request, Message<byte[]> message, PartitionLeases.Lease lease) {
            this.request = request;
            this.message = message;
            this.lease = lease;
        }

        /** Gives the place back, once whatever the path (settled, dropped, or given up). */
        void release() {
            if (released.compareAndSet(false, true)) {
                unsettled.release();
            }
        }
    }

    /**
     * Zone-change messages taken from the topic and not yet settled, across every zone: queued in a writer, in
     * flight at Route 53, or waiting for their answer (TenantDnsReady / TenantDnsFailed) to be on the log. The
     * consumer waits for a place ({@code edgeplane.dns.route53.max-unsettled}), so a backlog of 100,000 stays on the
     * broker and the heap holds at most that many requests, payloads and answers — whichever stage is slow
     * (Route 53 pacing, a full zone refusing tenants faster than the producer sends their answers).
     */
    private Semaphore unsettled;
    private int maxUnsettled;
    private final AtomicInteger unsettledPeak = new AtomicInteger();

    private PartitionLeases leases;
    /** The partition each zone's changes arrive on (the topic is keyed by zone id). */
    private final Map<String, TopicPartition> zonePartition = new ConcurrentHashMap<>();

    @PostConstruct
    void followAssignment() {
        maxUnsettled = config.route53().maxUnsettled();
        unsettled = new Semaphore(maxUnsettled);
        leases = new PartitionLeases(budgets::holds);
        budgets.onRelease(config.topics().zoneChanges(), this::released);
    }

    /** The wildcard record of a base domain. */
    private record Wildcard(CompletableFuture<Void> done) {
    }

    public void offer(ZoneChangeRequest request, Message<byte[]> message) throws InterruptedException {
        Set<RecordKey> held = new HashSet<>(request.held());
        ZoneWriter writer = writer(request.zoneId());
        TopicPartition partition = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> new TopicPartition(m.getTopic(), m.getPartition())).orElse(null);
        PartitionLeases.Lease lease = null;
        if (partition != null) {
            lease = leases.take(partition);
            if (lease == null) {
                // Polled before the partition was given up: its next owner receives it again.
                LOG.debugf("Zone change of %s from %s arrived after the partition was given up", request.tenantId(),
                        partition);
                return;
            }
            zonePartition.put(request.zoneId(), partition);
        }
        while (!unsettled.tryAcquire(20, TimeUnit.MILLISECONDS)) {
            if (lease != null && lease.ended()) {
                return; // given up while waiting: the next owner takes it
            }
        }
        unsettledPeak.accumulateAndGet(unsettled(), Math::max);
        writer.offer(new ZoneWriter.PendingChange(request.zoneId(),
                new ChangeGroup(request.tenantId(), request.changes()), held, new FromTopic(request, message, lease)));
    }

    /** Messages taken and not yet settled. */
    public int unsettled() {
        return maxUnsettled - unsettled.availablePermits();
    }

    /** The most messages ever unsettled at once (never above {@code max-unsettled}). */
    public int unsettledPeak() {
        return unsettledPeak.get();
    }

    /**
     * The consumer gave these partitions up: the changes queued from them are dropped, those in flight finish
     * unannounced and unacknowledged, and the zones' capacity is read again before their next write here.
     */
    void released(Set<TopicPartition> partitions) {
        int dropped = 0;
        leases.release(partitions);
        for (ZoneWriter writer : writers.values()) {
            TopicPartition tp = zonePartition.get(writer.zoneId());
            if (tp == null || !partitions.contains(tp)) {
                continue;
            }
            dropped += writer.discard(change -> {
                if (wanted(change)) {
                    return false;
                }
                if (change.context() instanceof FromTopic t) {
                    t.release();
                }
                return true;
            });
            writer.forgetCapacity();
        }
        if (!partitions.isEmpty()) {
            LOG.infof("Gave up %s: %d queued zone change(s) dropped; what is in flight is left to the next owner",
                    partitions, dropped);
        }
    }

    @Override
    public boolean wanted(ZoneWriter.PendingChange change) {
        return !(change.context() instanceof FromTopic t && t.lease != null && t.lease.ended());
    }

    public void offerWildcard(String zoneId, ChangeGroup group, CompletableFuture<Void> done) {
        writer(zoneId).offer(new ZoneWriter.PendingChange(zoneId, group, Set.of(), new Wildcard(done)));
    }

    /** A full listing of the zone counted its record sets (reconciliation). */
    public void observeCount(String zoneId, long recordSets) {
        writer(zoneId).observeCount(recordSets);
    }

    /** The zone's writer (created on first use), e.g. for its capacity. */
    public ZoneWriter zone(String zoneId) {
        return writer(zoneId);
    }

    public Map<String, Integer> queued() {
        Map<String, Integer> sizes = new java.util.TreeMap<>();
        writers.forEach((zone, w) -> sizes.put(zone, w.queued() + w.inFlight()));
        return sizes;
    }

    private ZoneWriter writer(String zoneId) {
        return writers.computeIfAbsent(zoneId, id -> {
            DnsConfig.Route53 r = config.route53();
            ZoneWriter.Settings settings = new ZoneWriter.Settings(DnsAdapters.limits(config), r.batchQuiet(),
                    r.batchMaxLinger(), r.insyncPollInitial(), r.insyncPollMax(),
                    new Backoff(r.backoffBase(), r.backoffCap(), 12));
            ZoneWriter writer = new ZoneWriter(id, zones, limiter, clock, settings, this, stats);
            metrics.zoneGauges(id, writer);
            Thread.ofPlatform().daemon().name("zone-writer-" + id).start(writer);
            LOG.infof("Zone writer started for %s", id);
            return writer;
        });
    }

    @Override
    public void inSync(List<ZoneWriter.PendingChange> changes, String changeId) {
        List<CompletableFuture<?>> announced = new ArrayList<>();
        List<FromTopic> taken = new ArrayList<>();
        for (ZoneWriter.PendingChange change : changes) {
            if (!wanted(change)) {
                if (change.context() instanceof FromTopic t) {
                    t.release(); // the partition's next owner replays it and announces it once
                }
                continue;
            }
            switch (change.context()) {
                case FromTopic t -> {
                    announced.addAll(tenants.inSync(t.request, changeId));
                    taken.add(t);
                }
                case Wildcard w -> {
                    LOG.infof("Wildcard %s INSYNC (%s)", change.group().owner(), changeId);
                    w.done().complete(null);
                }
                default -> LOG.warnf("Unknown change context %s", change.context());
            }
        }
        // Not awaited on the writer's thread: it goes on with the next batch and its polls while the producer puts
        // these answers on the log; each message is settled once its batch's answers are there.
        CompletableFuture.allOf(announced.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            try {
                if (error != null) {
                    // Announcements not on the log: leave the messages unacknowledged; a restart replays them.
                    LOG.errorf(error, "Announcing %d INSYNC change(s) failed; messages stay unacknowledged",
                            taken.size());
                } else {
                    taken.forEach(t -> t.message.ack());
                }
            } finally {
                taken.forEach(FromTopic::release);
            }
        });
    }

    @Override
    public void failed(ZoneWriter.PendingChange change, RuleViolation violation) {
        if (!wanted(change)) {
            if (change.context() instanceof FromTopic t) {
                t.release();
            }
            return;
        }
        switch (change.context()) {
            case FromTopic t -> {
                // Not awaited here: a full zone refuses thousands of tenants in a row, each answer is sent while the
                // writer goes on; the message is settled once the answer is on the log, and holds its place among
                // the unsettled until then.
                CompletableFuture<?> answered;
                try {
                    answered = tenants.failed(t.request, violation);
                } catch (RuntimeException e) {
                    answered = CompletableFuture.failedFuture(e);
                }
                String tenantId = t.request.tenantId();
                String zoneId = t.request.zoneId();
                answered.whenComplete((ok, error) -> {
                    try {
                        if (error != null) {
                            LOG.errorf(error, "Announcing the failure of %s failed; message stays unacknowledged",
                                    tenantId);
                        } else if (violation.retryable()) {
                            // Answered with a retryable rule (zone-capacity): the TenantDnsFailed on the log is the
                            // outcome; sending the tenant again later retries. Nothing for an operator to replay.
                            t.message.ack();
                        } else {
                            t.message.nack(new ZoneChangeFailedException(tenantId, zoneId, violation));
                        }
                    } finally {
                        t.release();
                    }
                });
            }
            case Wildcard w -> {
                LOG.errorf("Wildcard %s cannot be written: %s", change.group().owner(), violation);
                w.done().completeExceptionally(new ProvisionFailure(violation));
            }
            default -> LOG.warnf("Unknown change context %s", change.context());
        }
    }

    /** The dead-letter reason of a zone change that still failed after isolation. */
    public static class ZoneChangeFailedException extends RuntimeException {
        public ZoneChangeFailedException(String tenantId, String zoneId, RuleViolation violation) {
            // No stack trace: the reason is the rule, and thousands may be on their way to the dead-letter topic.
            super("tenant " + tenantId + " in zone " + zoneId + ": [" + violation.rule() + "] " + violation.reason(),
                    null, false, false);
        }
    }

    @PreDestroy
    void stop() {
        writers.values().forEach(ZoneWriter::stop);
    }
}
