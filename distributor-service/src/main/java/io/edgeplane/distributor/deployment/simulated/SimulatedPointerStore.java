package io.edgeplane.distributor.deployment.simulated;

import io.edgeplane.distributor.deployment.domain.PointerStore;
import io.edgeplane.distributor.deployment.domain.PointerStoreException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process KeyValueStore with the real rules: one ETag for the whole store that every write
 * bumps, PutKey refused (409 Conflict) unless If-Match names the current ETag, keys up to 512 bytes,
 * values up to 1 KB, 5 MB in total. Faults can be injected: {@code conflictRate} makes another writer
 * win between a read and a write; {@code throttleRate} answers a call with a throttling error.
 */
public final class SimulatedPointerStore implements PointerStore {
    static final int MAX_KEY_BYTES = 512;
    static final int MAX_VALUE_BYTES = 1024;
    static final long MAX_STORE_BYTES = 5L * 1024 * 1024;

    private final Map<String, String> entries = new ConcurrentHashMap<>();
    private final double conflictRate;
    private final double throttleRate;
    private final Random random;
    private final AtomicInteger writes = new AtomicInteger();
    private long version = 1;
    private long totalBytes;

    public SimulatedPointerStore() {
        this(0, 0, new Random());
    }

    public SimulatedPointerStore(double conflictRate, double throttleRate, Random random) {
        this.conflictRate = conflictRate;
        this.throttleRate = throttleRate;
        this.random = random;
    }

    @Override
    public synchronized String version() {
        maybeThrottle("DescribeKeyValueStore");
        return etag();
    }

    @Override
    public synchronized Optional<String> get(String key) {
        maybeThrottle("GetKey");
        return Optional.ofNullable(entries.get(key));
    }

    @Override
    public synchronized String put(String key, String value, String ifMatch) {
        maybeThrottle("PutKey");
        if (random.nextDouble() < conflictRate) {
            version++; // another writer got there first
        }
        if (!etag().equals(ifMatch)) {
            throw new PointerStoreException("ConflictException: If-Match " + ifMatch + " is not the current version "
                    + etag(), true, false);
        }
        int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        int valueBytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (keyBytes == 0 || keyBytes > MAX_KEY_BYTES || valueBytes > MAX_VALUE_BYTES) {
            throw new PointerStoreException("ValidationException: key must be 1-" + MAX_KEY_BYTES + " bytes and value at most "
                    + MAX_VALUE_BYTES + " bytes", false, false);
        }
        String old = entries.get(key);
        long size = totalBytes - (old == null ? 0 : keyBytes + old.getBytes(StandardCharsets.UTF_8).length)
                + keyBytes + valueBytes;
        if (size > MAX_STORE_BYTES) {
            throw new PointerStoreException("ServiceQuotaExceededException: the store would exceed 5 MB", false, false);
        }
        entries.put(key, value);
        totalBytes = size;
        version++;
        writes.incrementAndGet();
        return etag();
    }

    /** Successful writes so far. */
    public int writes() {
        return writes.get();
    }

    private String etag() {
        return "KV" + version;
    }

    private void maybeThrottle(String operation) {
        if (throttleRate > 0 && random.nextDouble() < throttleRate) {
            throw new PointerStoreException("ThrottlingException on " + operation, false, true);
        }
    }
}
