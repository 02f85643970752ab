package io.edgeplane.distributor.deployment.domain;

import java.util.Optional;

/**
 * The store the tenant routing function reads (a CloudFront KeyValueStore): tenant id → the folder
 * under {@code tenants/{id}/deployments/} to serve. Writes are optimistic: every put names the
 * store version it was based on and fails with {@link PointerStoreException#conflict()} if another
 * writer came first.
 */
public interface PointerStore {
    /** The store's current version (DescribeKeyValueStore's ETag). */
    String version();

    Optional<String> get(String key);

    /** Writes the key if the store is still at {@code ifMatch}; returns the new version. */
    String put(String key, String value, String ifMatch);

    /** A store that is not configured: pointer mode is unavailable, copy mode needs no pointer. */
    PointerStore NONE = new PointerStore() {
        @Override
        public String version() {
            throw new PointerStoreException("no KeyValueStore configured", false, false);
        }

        @Override
        public Optional<String> get(String key) {
            return Optional.empty();
        }

        @Override
        public String put(String key, String value, String ifMatch) {
            throw new PointerStoreException("no KeyValueStore configured", false, false);
        }
    };
}
