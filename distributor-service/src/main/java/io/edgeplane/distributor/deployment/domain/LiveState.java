package io.edgeplane.distributor.deployment.domain;

/**
 * A served prefix's manifest as read for one sync: the header fields of {@link LiveManifest} and its files
 * in key order, read as often as the sync needs without being held.
 */
public record LiveState(String buildId, boolean dirty, SortedEntries<LiveFile> files) implements AutoCloseable {
    public static LiveState of(LiveManifest manifest) {
        return new LiveState(manifest.buildId(), manifest.dirty(), SortedEntries.of(manifest.files(), LiveFile::path));
    }

    @Override
    public void close() {
        files.close();
    }
}
