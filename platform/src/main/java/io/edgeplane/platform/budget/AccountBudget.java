package io.edgeplane.platform.budget;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * An AWS quota that holds per account (Route 53's 5 requests/s, CloudFront's control-plane rates), spent by
 * every replica of a service without any coordinator but Kafka: this replica may send
 * {@code accountLimit × share} requests per second, where the share follows its consumer-group assignment of the
 * topic that drives the calls ({@link BudgetShare}); a replica without partitions waits until it is given some.
 *
 * <p>Time is cut into one grid for the whole account: slot {@code k} starts at {@code k / accountLimit} seconds
 * since the epoch and belongs to the replica that holds working partition number {@code k mod total}. A replica
 * sends only in its own slots, at most one request per slot, so however the replicas' requests interleave the
 * account never sees more than one request per {@code 1 / accountLimit} seconds — evenly spaced pacing per replica
 * would not guarantee that (three replicas spaced 750 ms apart can put six requests in one second). The grid
 * relies on the replicas' clocks agreeing to well under a slot (NTP keeps pods within milliseconds).
 *
 * <p>Between a revocation and the next assignment a partition's share belongs to nobody, so the account is never
 * over-spent during a rebalance, only briefly under-spent. The exception is a member that lost its partitions
 * without being told in time (session expiry): for at most one session timeout both it and the new owner pace at
 * that partition's share, and Throttling answers are handled by {@link #penalise(Duration)} and the callers'
 * backoff.
 */
public final class AccountBudget {
    private final String name;
    private final String topic;
    private final double accountLimit;
    private final IntFunction<Set<Integer>> working;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition shareChanged = lock.newCondition();
    private final long slotNanos;
    private BudgetShare share = BudgetShare.NONE;
    /** The last slot this replica took, and the earliest time a slot may start (after a Throttling answer). */
    private long lastSlot = Long.MIN_VALUE;
    private long notBefore;
    private long acquired;
    private long waitedNanos;
    private long rebalances;
    /** Slots given up because the caller woke too late to send in them. */
    private long lateWakeups;

    public AccountBudget(String name, String topic, double accountLimit) {
        this(name, topic, accountLimit, null);
    }

    /**
     * @param working given the topic's partition count, the partitions that carry this budget's work (null: all
     *     of them); see {@link BudgetShare#of(String, java.util.Collection, Set)}
     */
    public AccountBudget(String name, String topic, double accountLimit, IntFunction<Set<Integer>> working) {
        this(name, topic, accountLimit, working, AccountBudget::epochNanos, TimeUnit.NANOSECONDS::sleep);
    }

    /** Sleeps the calling thread; tests pass one that advances their clock instead. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    AccountBudget(String name, String topic, double accountLimit, LongSupplier nanoTime, Sleeper sleeper) {
        this(name, topic, accountLimit, null, nanoTime, sleeper);
    }

    AccountBudget(String name, String topic, double accountLimit, IntFunction<Set<Integer>> working,
            LongSupplier nanoTime, Sleeper sleeper) {
        if (!(accountLimit > 0)) {
            throw new IllegalArgumentException("budget " + name + ": account limit must be > 0, was " + accountLimit);
        }
        this.name = name;
        this.topic = topic;
        this.accountLimit = accountLimit;
        this.working = working;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.slotNanos = (long) (1_000_000_000L / accountLimit);
    }

    /** Wall-clock time (the slot grid must be the same in every replica): nanoseconds since the epoch. */
    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public String name() {
        return name;
    }

    /** The topic whose partitions carry the work that spends this budget. */
    public String topic() {
        return topic;
    }

    /** This replica's share given its assignment and the topic's partition count. */
    public BudgetShare shareOf(java.util.Collection<org.apache.kafka.common.TopicPartition> held, int topicPartitions) {
        return working == null ? BudgetShare.of(topic, held, topicPartitions)
                : BudgetShare.of(topic, held, working.apply(topicPartitions));
    }

    public double accountLimit() {
        return accountLimit;
    }

    public BudgetShare share() {
        lock.lock();
        try {
            return share;
        } finally {
            lock.unlock();
        }
    }

    /** Requests per second this replica may send now. */
    public double rate() {
        return accountLimit * share().fraction();
    }

    /** Called on every rebalance with this replica's new part of the driving topic. */
    public void reassign(BudgetShare next) {
        lock.lock();
        try {
            if (!next.equals(share)) {
                share = next;
                rebalances++;
                // Slots already taken stay valid; later ones follow the new ownership.
                shareChanged.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until this replica may send one request. */
    public void acquire() throws InterruptedException {
        if (!acquire(Duration.ofNanos(Long.MAX_VALUE))) {
            throw new IllegalStateException("unreachable: unbounded acquire timed out");
        }
    }

    /**
     * Reserves the next slot of this replica's share if it comes within {@code maxWait}, and sleeps until it.
     * Returns false, reserving nothing, when the share is zero for all of {@code maxWait} or the next slot is
     * later than that. A caller that wakes more than half a slot late (a GC pause, a starved CPU) would send in
     * a slot that may be another replica's: it takes its next own slot instead.
     */
    public boolean acquire(Duration maxWait) throws InterruptedException {
        long start = nanoTime.getAsLong();
        long budget = maxWait.toNanos();
        while (true) {
            long elapsed = nanoTime.getAsLong() - start;
            long slot = reserve(budget == Long.MAX_VALUE ? Long.MAX_VALUE : budget - elapsed);
            if (slot == NO_SLOT) {
                return false;
            }
            long wait = slot - nanoTime.getAsLong();
            if (wait > 0) {
                sleeper.sleep(wait);
            }
            if (nanoTime.getAsLong() - slot <= slotNanos / 2) {
                return true;
            }
            lock.lock();
            try {
                acquired--;
                lateWakeups++;
            } finally {
                lock.unlock();
            }
        }
    }

    private static final long NO_SLOT = Long.MIN_VALUE;

    /** The start of the next slot of this replica's share within {@code remaining}, reserved; or NO_SLOT. */
    private long reserve(long remaining) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = nanoTime.getAsLong();
                double rate = accountLimit * share.fraction();
                if (rate > 0) {
                    long from = Math.max(now, notBefore);
                    long k = Math.max(Math.ceilDiv(from, slotNanos), lastSlot == Long.MIN_VALUE ? Long.MIN_VALUE : lastSlot + 1);
                    while (!share.ownsSlot(k)) {
                        k++;
                    }
                    long slot = k * slotNanos;
                    if (slot - now > remaining) {
                        return NO_SLOT;
                    }
                    lastSlot = k;
                    acquired++;
                    waitedNanos += Math.max(0, slot - now);
                    return slot;
                }
                if (remaining <= 0) {
                    return NO_SLOT;
                }
                remaining = shareChanged.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Someone else is using the account's budget (AWS answered Throttling): send nothing before {@code pause}. */
    public void penalise(Duration pause) {
        lock.lock();
        try {
            notBefore = Math.max(notBefore, saturatedAdd(nanoTime.getAsLong(), pause.toNanos()));
        } finally {
            lock.unlock();
        }
    }

    public long acquired() {
        lock.lock();
        try {
            return acquired;
        } finally {
            lock.unlock();
        }
    }

    public Duration waited() {
        lock.lock();
        try {
            return Duration.ofNanos(waitedNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Slots this replica gave up because the caller woke more than half a slot late. */
    public long lateWakeups() {
        lock.lock();
        try {
            return lateWakeups;
        } finally {
            lock.unlock();
        }
    }

    public long rebalances() {
        lock.lock();
        try {
            return rebalances;
        } finally {
            lock.unlock();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return name + "[" + accountLimit + "/s × " + share.assigned() + "/" + share.total() + " of " + topic + "]";
    }
}
