package io.edgeplane.dns.service;

import java.time.Duration;
import java.time.Instant;

/**
 * Time for the writer, the rate limiter and the simulators: the system clock in the service, a virtual clock in
 * benchmarks (so 100,000 tenants at 5 requests/s replay in seconds while every wait is still accounted for).
 */
public interface Clock {
    Instant now();

    void sleep(Duration duration) throws InterruptedException;

    /** True when sleeping only advances a counter (single-threaded replay). */
    default boolean isVirtual() {
        return false;
    }

    Clock SYSTEM = new Clock() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration);
            }
        }
    };
}
