package io.edgeplane.distributor.deployment.domain;

import java.util.Objects;

/**
 * One file of a build.
 *
 * @param path        relative to the build root, e.g. {@code assets/app.3f9a1c2e.js}
 * @param contentHash identity of the bytes (the source object's ETag: the MD5 of the bytes for a
 *                    single-part upload); equal hashes mean equal bytes, unequal hashes may still be
 *                    equal bytes (multipart or SSE-KMS), which costs a needless copy, never a missed one
 */
public record BuildFile(String path, String contentHash, long size) {
    public BuildFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
