package io.edgeplane.dns.service;

import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when someone sleeps: simulated wall time for single-threaded replays. */
public final class VirtualClock implements Clock {
    private Instant now;

    public VirtualClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        if (!duration.isNegative()) {
            now = now.plus(duration);
        }
    }

    @Override
    public boolean isVirtual() {
        return true;
    }
}
