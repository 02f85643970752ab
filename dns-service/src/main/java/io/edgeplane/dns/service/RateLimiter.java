package io.edgeplane.dns.service;

import java.time.Duration;
import java.time.Instant;

/**
 * Paces every Route 53 request of this service instance: Route 53 allows five requests per second per account
 * across all its APIs, so one limiter serves every zone writer, GetChange poll and zone listing. Requests are
 * spaced evenly (no bursts), which keeps a 1-second window below the limit when the rate is set below it.
 */
public final class RateLimiter {
    private final Clock clock;
    private final Duration interval;
    private Instant nextFree;
    private long acquired;
    private Duration waited = Duration.ZERO;

    public RateLimiter(Clock clock, double requestsPerSecond) {
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("requestsPerSecond must be > 0");
        }
        this.clock = clock;
        this.interval = Duration.ofNanos((long) (1_000_000_000L / requestsPerSecond));
        this.nextFree = clock.now();
    }

    /** Blocks until this caller may send one request. */
    public void acquire() throws InterruptedException {
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
        Instant until = clock.now().plus(pause);
        if (until.isAfter(nextFree)) {
            nextFree = until;
        }
    }

    public synchronized long acquired() {
        return acquired;
    }

    public synchronized Duration waited() {
        return waited;
    }

    public double requestsPerSecond() {
        return 1_000_000_000.0 / interval.toNanos();
    }
}
