package io.edgeplane.media.domain;

import io.edgeplane.events.MediaKind;
import io.edgeplane.events.MediaProcessed;
import java.time.Instant;
import java.util.List;

/**
 * What exists for one media item, kept durably (one small JSON object per item) so that a
 * replacement can find and purge the previous outputs even after a restart, and so that signed URLs
 * are only handed to the owner.
 *
 * @param version       the version directory of the current outputs (see {@link OutputLayout})
 * @param outputs       the current outputs (URLs are rebuilt from keys when published)
 * @param objectKeys    every object of the current version, outputs and what they reference (HLS segments)
 * @param pendingPurge  keys of replaced outputs whose deletion and purge are not yet confirmed
 * @param replacedAt    when the last replacement happened, or null
 */
public record MediaManifest(String mediaId, String ownerId, MediaKind kind, String version, String sourceBucket,
        String sourceKey, String sourceSha256, List<MediaProcessed.Output> outputs, List<String> objectKeys,
        List<String> pendingPurge,
        Instant processedAt, Instant replacedAt, Long durationMillis) {

    public MediaManifest {
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        objectKeys = objectKeys == null ? List.of() : List.copyOf(objectKeys);
        pendingPurge = pendingPurge == null ? List.of() : List.copyOf(pendingPurge);
    }

    public MediaManifest withPendingPurge(List<String> keys) {
        return new MediaManifest(mediaId, ownerId, kind, version, sourceBucket, sourceKey, sourceSha256, outputs, objectKeys, keys,
                processedAt, replacedAt, durationMillis);
    }

    public boolean ownedBy(String userId) {
        return ownerId != null && ownerId.equals(userId);
    }
}
