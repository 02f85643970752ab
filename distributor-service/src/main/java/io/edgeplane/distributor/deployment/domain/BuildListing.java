package io.edgeplane.distributor.deployment.domain;

/** The files of one build as listed at its location ({@code bucket}/{@code prefix}), in key order. */
public record BuildListing(String bucket, String prefix, SortedEntries<BuildFile> files) implements AutoCloseable {
    public String sourceKey(BuildFile file) {
        return prefix + file.path();
    }

    @Override
    public void close() {
        files.close();
    }
}
