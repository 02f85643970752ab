package io.edgeplane.distributor.deployment;

import io.edgeplane.distributor.deployment.domain.PointerStore;
import io.edgeplane.distributor.deployment.domain.PointerStoreException;
import io.edgeplane.platform.aws.Backoff;
import java.util.Optional;

/**
 * Points a tenant at a build with one optimistic write: read the store version, read the old value,
 * put with If-Match on that version. Another writer in between makes the put fail with a conflict:
 * re-read and try again (with backoff), so the old value returned is the one really replaced.
 */
public final class PointerSwitch {
    /** The outcome: what the key held before, and how many conflicts were retried. */
    public record Switched(Optional<String> previous, boolean written, int conflicts) {
    }

    private final PointerStore store;
    private final Backoff backoff;

    public PointerSwitch(PointerStore store, Backoff backoff) {
        this.store = store;
        this.backoff = backoff;
    }

    public PointerStore store() {
        return store;
    }

    public Switched point(String key, String value) {
        int conflicts = 0;
        for (int attempt = 0; ; attempt++) {
            try {
                String version = store.version();
                Optional<String> previous = store.get(key);
                if (previous.isPresent() && previous.get().equals(value)) {
                    return new Switched(previous, false, conflicts);
                }
                store.put(key, value, version);
                return new Switched(previous, true, conflicts);
            } catch (PointerStoreException e) {
                if (!e.conflict() && !e.transientError()) {
                    throw e;
                }
                if (e.conflict()) {
                    conflicts++;
                }
                if (attempt + 1 >= backoff.maxAttempts()) {
                    throw new RetryLater("pointer " + key + " -> " + value + " not written after " + (attempt + 1)
                            + " attempts: " + e.getMessage(), e);
                }
                sleep(backoff.delay(attempt).toMillis());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryLater("interrupted while switching a pointer", e);
        }
    }
}
