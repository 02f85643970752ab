package io.edgeplane.fetcher.domain;

import java.time.Instant;
import java.util.List;

/**
 * What the latest files in the source bucket hold, as far as deciding "changed?" needs: the run that
 * wrote them, their content hash and per-file checksums. Read back from S3 after a restart.
 */
public record StoredDataset(String runId, Instant generatedAt, String contentHash, List<StoredFile> files) {
    public StoredDataset {
        files = List.copyOf(files);
    }

    /** One stored file: full object key, hex SHA-256, size in bytes, content type. */
    public record StoredFile(String key, String sha256, long size, String contentType) {
    }
}
