package io.edgeplane.invalidation.messaging;

/** Incoming channels of the invalidation-service; tests reuse these names. */
public final class InvalidationChannels {
    /** FilesDistributed from the distributor- and media-service. */
    public static final String FILES_DISTRIBUTED = "files-distributed";

    private InvalidationChannels() {
    }
}
