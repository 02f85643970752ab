package io.edgeplane.invalidation.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When to ask GetInvalidation whether an invalidation completed, for one distribution. The first
 * poll goes out at the expected completion time (create time + what this distribution's
 * invalidations have taken), then with a backoff of {@code firstStep}, doubling, up to {@code cap}:
 * a poll every few seconds from the start wastes calls, and one every {@code cap} after completion
 * adds up to {@code cap} to the time to fresh.
 *
 * <p>The expectation is learned: completed at the first poll, it may have completed earlier, so the
 * next first poll comes 10 % sooner; completed at a later poll, it was still in progress at the last
 * poll that missed, and the next first poll goes out at that age. It settles just before the
 * typical completion, so completion is seen within about one {@code firstStep}.
 */
public final class CompletionPolls {
    private final Duration firstStep;
    private final Duration cap;
    private Duration expected;

    public CompletionPolls(Duration expected, Duration firstStep, Duration cap) {
        if (expected.isNegative() || !firstStep.isPositive() || cap.compareTo(firstStep) < 0) {
            throw new IllegalArgumentException("need expected >= 0 and 0 < firstStep <= cap");
        }
        this.expected = expected;
        this.firstStep = firstStep;
        this.cap = cap;
    }

    /** The first poll of an invalidation created at {@code createTime}. */
    public Instant firstPoll(Instant createTime) {
        return createTime.plus(expected);
    }

    /** The next poll after the {@code misses}-th poll (1, 2, ...) found it still in progress at {@code now}. */
    public Instant afterMiss(Instant now, int misses) {
        long step = firstStep.toMillis() << Math.min(Math.max(0, misses - 1), 20);
        return now.plus(Duration.ofMillis(Math.min(step, cap.toMillis())));
    }

    /**
     * An invalidation created at {@code createTime} was seen completed.
     *
     * @param lastMiss the last poll that found it in progress, null if the first poll found it completed
     */
    public void completed(Instant createTime, Instant lastMiss) {
        if (lastMiss == null) {
            expected = max(firstStep, Duration.ofMillis(expected.toMillis() * 9 / 10));
        } else {
            expected = max(firstStep, Duration.between(createTime, lastMiss));
        }
    }

    public Duration expected() {
        return expected;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
