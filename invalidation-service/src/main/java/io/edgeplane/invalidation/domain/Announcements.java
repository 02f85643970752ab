package io.edgeplane.invalidation.domain;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What this service has already announced, so that a duplicate or replayed input (same ce_id, or a
 * replay after a crash) publishes no second status event and counts nothing twice: the invalidations
 * announced as submitted and as completed (CloudFront answers a repeated CallerReference with the same
 * invalidation id), the changes already counted fresh, and the events whose refusals were reported.
 * Filled as events are published and, at start-up, from the service's own status topic read back, so
 * the memory survives a restart without a database. Bounded: the oldest keys are forgotten first.
 * Thread-safe.
 */
public final class Announcements {
    private final int capacity;
    private final Set<String> keys = new LinkedHashSet<>();

    public Announcements(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** True the first time invalidation {@code id} is announced as submitted; false for a repeat. */
    public boolean firstSubmitted(String invalidationId) {
        return first("submitted:" + invalidationId);
    }

    /** True the first time invalidation {@code id} is announced as completed. */
    public boolean firstCompleted(String invalidationId) {
        return first("completed:" + invalidationId);
    }

    /** True the first time the change {@code causeId} (a FilesDistributed ce_id) is counted fresh. */
    public boolean firstFresh(String causeId) {
        return first("fresh:" + causeId);
    }

    /** True the first time the change {@code causeId} is taken in (counted on the intake meters) by this instance. */
    public boolean firstTaken(String causeId) {
        return first("taken:" + causeId);
    }

    /** True the first time the refusals of the change {@code causeId} are reported. */
    public boolean firstRefusal(String causeId) {
        return first("refused:" + causeId);
    }

    /** A status event read back: InvalidationSubmitted. */
    public void rememberSubmitted(String invalidationId) {
        first("submitted:" + invalidationId);
    }

    /** InvalidationSubmitted read back: the invalidation and every change it took in. */
    public void rememberSubmitted(String invalidationId, Collection<String> causedBy) {
        rememberSubmitted(invalidationId);
        causedBy.forEach(id -> first("taken:" + id));
    }

    /** InvalidationCompleted read back: the invalidation and every change it made fresh. */
    public void rememberCompleted(String invalidationId, Collection<String> causedBy) {
        first("completed:" + invalidationId);
        causedBy.forEach(id -> first("fresh:" + id));
    }

    /** InvalidationFailed of refusals read back (no invalidation id): its causing event. */
    public void rememberRefusal(Collection<String> causedBy) {
        causedBy.forEach(id -> first("refused:" + id));
    }

    public synchronized int size() {
        return keys.size();
    }

    private synchronized boolean first(String key) {
        if (!keys.add(key)) {
            return false;
        }
        if (keys.size() > capacity) {
            var oldest = keys.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
