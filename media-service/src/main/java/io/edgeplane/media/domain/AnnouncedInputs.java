package io.edgeplane.media.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The uploads (input ce_ids) whose outcome, MediaProcessed or MediaFailed, this service has published:
 * a duplicate delivery or a replay after a crash of the same event is then neither processed, nor
 * announced, nor counted again. Filled as outcomes are published and, at start-up, from the service's
 * own status topic, so the memory survives a restart without a database. Bounded: when full, the
 * longest-known id is forgotten first (an old input is the least likely to be redelivered). Thread-safe.
 */
public final class AnnouncedInputs {
    private final Map<String, Boolean> ids;

    public AnnouncedInputs(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("announced memory must hold at least 1 id, was " + capacity);
        }
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when the outcome of input {@code ceId} was already published. */
    public synchronized boolean contains(String ceId) {
        return ceId != null && ids.containsKey(ceId);
    }

    /** Records that the outcome of input {@code ceId} was published. */
    public synchronized void remember(String ceId) {
        if (ceId != null) {
            ids.putIfAbsent(ceId, Boolean.TRUE);
        }
    }

    public synchronized int size() {
        return ids.size();
    }
}
