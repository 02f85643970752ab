package io.edgeplane.dns.service;

import java.time.Duration;
import java.time.Instant;
import io.edgeplane.platform.budget.AccountBudget;

/**
 * Paces every Route 53 request of this service instance: Route 53 allows five requests per second per account
 * across all its APIs, so one limiter serves every zone writer, GetChange poll and zone listing. Requests are
 * spaced evenly (no bursts), which keeps a 1-second window below the limit when the rate is set below it.
 *
 * <p>In the service the limiter spends this replica's share of the account's budget ({@link #shared}): the
 * replicas' shares follow their assignment of the zone-changes topic and sum to the account's rate. Benchmarks
 * on a virtual clock pace one writer at a fixed rate.
 */
public final class RateLimiter {
    private final AccountBudget shared;
    private final Clock clock;
    private final Duration interval;
    private Instant nextFree;
    private long acquired;
    private Duration waited = Duration.ZERO;

    public RateLimiter(Clock clock, double requestsPerSecond) {
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("requestsPerSecond must be > 0");
        }
        this.shared = null;
        this.clock = clock;
        this.interval = Duration.ofNanos((long) (1_000_000_000L / requestsPerSecond));
        this.nextFree = clock.now();
    }

    private RateLimiter(AccountBudget shared) {
        this.shared = shared;
        this.clock = Clock.SYSTEM;
        this.interval = Duration.ofNanos((long) (1_000_000_000L / shared.accountLimit()));
        this.nextFree = Instant.MIN;
    }

    /** Paces at this replica's share of an account-wide budget, on the system clock. */
    public static RateLimiter shared(AccountBudget budget) {
        return new RateLimiter(budget);
    }

    /** Blocks until this caller may send one request. */
    public void acquire() throws InterruptedException {
        if (shared != null) {
            shared.acquire();
            return;
        }
        Duration wait;
        synchronized (this) {
            Instant now = clock.now();
            Instant slot = nextFree.isAfter(now) ? nextFree : now;
            nextFree = slot.plus(interval);
            wait = Duration.between(now, slot);
            acquired++;
            waited = waited.plus(wait);
        }
        clock.sleep(wait);
    }

    /** Moves the next slot back, e.g. after Route 53 answered Throttling: someone else is using the budget. */
    public synchronized void penalise(Duration pause) {
        if (shared != null) {
            shared.penalise(pause);
            return;
        }
        Instant until = clock.now().plus(pause);
        if (until.isAfter(nextFree)) {
            nextFree = until;
        }
    }

    public synchronized long acquired() {
        if (shared != null) {
            return shared.acquired();
        }
        return acquired;
    }

    public synchronized Duration waited() {
        if (shared != null) {
            return shared.waited();
        }
        return waited;
    }

    /** The pace now: this replica's share of the account's rate when shared. */
    public double requestsPerSecond() {
        if (shared != null) {
            return shared.rate();
        }
        return 1_000_000_000.0 / interval.toNanos();
    }
}
