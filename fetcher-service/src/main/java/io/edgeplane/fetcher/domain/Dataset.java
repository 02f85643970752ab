package io.edgeplane.fetcher.domain;

import java.util.List;

/**
 * The three documents of one run and the hash of their non-volatile content.
 *
 * @param contentHash SHA-256 over every document with its volatile metadata (generation time, run id)
 *                    removed: equal hashes mean nothing a reader cares about changed
 */
public record Dataset(List<DatasetFile> files, String contentHash, int regionCount, int serviceCount,
        String source) {
    public Dataset {
        files = List.copyOf(files);
    }

    public DatasetFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no file " + name));
    }
}
