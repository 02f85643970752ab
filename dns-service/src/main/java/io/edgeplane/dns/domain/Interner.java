package io.edgeplane.dns.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared instance for equal values that repeat across tenants (base domains, zone ids, targets, strategy
 * texts, failure reasons, profiles, alias targets). Every state read back from the desired-state topic brings
 * its own copy of each; at 100,000 tenants the copies alone took tens of megabytes.
 * <p>
 * Bounded: when more than {@code capacity} distinct values were seen the pool starts again, so values that do not
 * repeat (a count in a text, a change id per batch) cost nothing for long; instances already shared stay shared.
 */
public final class Interner {
    private final int capacity;
    private final Map<Object, Object> pool = new ConcurrentHashMap<>();

    public Interner(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** The shared instance equal to {@code value} (itself the first time), or null for null. */
    @SuppressWarnings("unchecked")
    public <T> T of(T value) {
        if (value == null) {
            return null;
        }
        Object shared = pool.putIfAbsent(value, value);
        if (shared != null) {
            return (T) shared;
        }
        if (pool.size() > capacity) {
            pool.clear();
        }
        return value;
    }

    public int size() {
        return pool.size();
    }
}
