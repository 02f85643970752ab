package io.edgeplane.invalidation.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * When a distribution's pending changes should go out: after {@code quiet} without a new change
 * (a deployment's events arrive in a burst; wait for the burst to end), but never later than
 * {@code maxWait} after the oldest pending change arrived, however busy the stream.
 */
public record CoalescingWindow(Duration quiet, Duration maxWait) {

    public CoalescingWindow {
        if (quiet.isNegative() || maxWait.compareTo(quiet) < 0) {
            throw new IllegalArgumentException("need 0 <= quiet <= maxWait");
        }
    }

    /** Whether to flush now, given when the oldest and the newest pending change arrived. */
    public boolean due(Instant oldestArrival, Instant newestArrival, Instant now) {
        return !now.isBefore(newestArrival.plus(quiet)) || !now.isBefore(oldestArrival.plus(maxWait));
    }

    /** The earliest moment {@link #due} can become true. */
    public Instant dueAt(Instant oldestArrival, Instant newestArrival) {
        Instant a = newestArrival.plus(quiet);
        Instant b = oldestArrival.plus(maxWait);
        return a.isBefore(b) ? a : b;
    }
}
