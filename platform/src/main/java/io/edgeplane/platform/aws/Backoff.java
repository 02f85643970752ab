package io.edgeplane.platform.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter ("AWS Architecture Blog: Exponential Backoff And Jitter"):
 * the n-th wait is uniform in [0, min(cap, base * 2^n)], so retrying clients spread out.
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(20), 8);

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("need 0 < base <= cap and maxAttempts >= 1");
        }
    }

    /** The ceiling of the wait before retry number {@code attempt} (0-based). */
    public Duration ceiling(int attempt) {
        long millis = base.toMillis() << Math.min(attempt, 30);
        return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
    }

    public Duration delay(int attempt) {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling(attempt).toMillis() + 1));
    }
}
