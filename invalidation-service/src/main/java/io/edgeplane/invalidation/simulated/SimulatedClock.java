package io.edgeplane.invalidation.simulated;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when told to, so a day of CloudFront traffic replays in seconds. Thread-safe. */
public final class SimulatedClock implements InstantSource {
    private volatile Instant now;

    public SimulatedClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public synchronized void advance(Duration by) {
        now = now.plus(by);
    }

    public synchronized void set(Instant to) {
        if (to.isAfter(now)) {
            now = to;
        }
    }
}
