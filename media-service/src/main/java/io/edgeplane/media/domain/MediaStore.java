package io.edgeplane.media.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where uploads are read and outputs written (S3 in production and tests: never simulated). Every
 * write is idempotent (same key, same bytes); transient failures are retried inside.
 */
public interface MediaStore {
    /**
     * The upload's bytes, to be closed when the job is done with them.
     *
     * @throws MediaRejectedException SOURCE_MISSING when it does not exist, TOO_LARGE when it is over {@code maxBytes}
     */
    SourceBytes readUpload(String bucket, String key, long maxBytes);

    /** Streams the upload into {@code target} and returns its SHA-256 (hex). */
    String downloadUpload(String bucket, String key, Path target);

    void putOutput(String key, byte[] bytes, String contentType, String cacheControl);

    void putOutput(String key, Path file, String contentType, String cacheControl);

    /** Server-side copy of an upload into the distribution bucket with new headers. */
    void copyUpload(String bucket, String key, String targetKey, String contentType, String cacheControl);

    /** Deletes outputs; keys that are already gone are fine. */
    void deleteOutputs(List<String> keys);

    Optional<MediaManifest> manifest(String mediaId);

    void saveManifest(MediaManifest manifest);

    /**
     * Creates the item's manifest only if none exists (a create-only write, atomic in the store).
     * Returns empty when this claim was written, else the manifest another write put there first.
     */
    Optional<MediaManifest> claim(MediaManifest claim);
}
