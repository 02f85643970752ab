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
 * <p>The manifest is also the item's ownership record: it is created ("claimed") for the first owner
 * with a create-only write before any output is written, so two owners racing for one media id (an
 * image and a video event, or two pods) cannot both write; the loser is refused.
 *
 * @param version       the version directory of the current outputs (see {@link OutputLayout}); null while
 *                      the item is only claimed and nothing has been published yet
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

    /** The ownership record written before the first outputs: owner and source, nothing published. */
    public static MediaManifest claim(String mediaId, String ownerId, MediaKind kind, String sourceBucket,
            String sourceKey, Instant at) {
        return new MediaManifest(mediaId, ownerId, kind, null, sourceBucket, sourceKey, null, List.of(), List.of(),
                List.of(), at, null, null);
    }

    /** Whether outputs have been published (otherwise the item is only claimed). */
    public boolean processed() {
        return version != null;
    }

    public MediaManifest withPendingPurge(List<String> keys) {
        return new MediaManifest(mediaId, ownerId, kind, version, sourceBucket, sourceKey, sourceSha256, outputs, objectKeys, keys,
                processedAt, replacedAt, durationMillis);
    }

    public boolean ownedBy(String userId) {
        return ownerId != null && ownerId.equals(userId);
    }
}
