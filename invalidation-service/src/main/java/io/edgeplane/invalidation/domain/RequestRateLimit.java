package io.edgeplane.invalidation.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket for CreateInvalidation calls (CloudFront throttles beyond about one call every two
 * seconds). Not thread-safe; the scheduler owns one per distribution.
 */
public final class RequestRateLimit {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private Instant updated;

    public RequestRateLimit(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("need a positive rate and burst >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
    }

    private void refill(Instant now) {
        if (updated == null) {
            updated = now;
            return;
        }
        double elapsed = Duration.between(updated, now).toNanos() / 1e9;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perSecond);
            updated = now;
        }
    }

    public boolean available(Instant now) {
        refill(now);
        return tokens >= 1;
    }

    public boolean tryAcquire(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** When the next token will be there. */
    public Instant nextAt(Instant now) {
        refill(now);
        if (tokens >= 1) {
            return now;
        }
        return now.plusNanos((long) ((1 - tokens) / perSecond * 1e9));
    }
}
