package io.edgeplane.media.domain;

import io.edgeplane.platform.ownership.Owner;
import io.edgeplane.platform.ownership.Ownership;
import io.edgeplane.platform.ownership.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Whose upload an event may turn into media: only an object in the uploads bucket under the owner's
 * own upload root ({@code uploads/{ownerId}/}), exactly where the pre-signed upload endpoint puts it.
 * Anything else would let one owner publish another owner's private upload under their own media id.
 * Decided before any object is read or written.
 */
public final class UploadSource {
    /** The setting naming the uploads bucket (platform ownership model). */
    public static final String UPLOADS_BUCKET_SETTING = "edgeplane.ownership.uploads-bucket";

    private UploadSource() {
    }

    /** Why {@code ownerId} may not use {@code bucket}/{@code key}, or empty when it may. */
    public static Optional<MediaRejectedException> refusal(Ownership ownership, String ownerId, String bucket,
            String key) {
        Optional<Refusal> refusal;
        try {
            refusal = ownership.checkUpload(Owner.uploader(ownerId), bucket, key);
        } catch (IllegalArgumentException e) {
            // Not an id: it cannot own an upload root at all.
            refusal = Optional.of(new Refusal(Ownership.FOREIGN_SOURCE, ownerId, "ownerId '" + ownerId
                    + "' is not an id, so it owns no upload root"));
        }
        return refusal.map(r -> new MediaRejectedException(FailureReason.ofRule(r.rule()), "upload s3://" + bucket + "/"
                + key + " refused for owner '" + ownerId + "': " + r.reason() + " [" + r.rule() + "]"));
    }

    /** The key an upload of {@code ownerId} gets: under the owner's upload root, so {@link #refusal} accepts it. */
    public static String keyFor(Ownership ownership, String ownerId, Instant now, UUID id) {
        return UploadKey.of(ownership.uploadRoot(Owner.uploader(ownerId)), now, id);
    }

    /**
     * Configuration problems that would refuse every upload: the uploads bucket unset, or another bucket
     * than the one the pre-signed upload endpoint writes to. Empty when consistent.
     */
    public static List<String> settingProblems(Optional<String> uploadsBucket, String presignedBucket,
            String presignedSetting) {
        List<String> problems = new ArrayList<>();
        if (uploadsBucket.filter(b -> !b.isBlank()).isEmpty()) {
            problems.add(UPLOADS_BUCKET_SETTING + " is not set: every ImageUploaded/VideoUploaded would be refused "
                    + "(set it to the uploads bucket, e.g. " + presignedBucket + ")");
        } else if (!uploadsBucket.get().equals(presignedBucket)) {
            problems.add(UPLOADS_BUCKET_SETTING + " '" + uploadsBucket.get() + "' differs from " + presignedSetting + " '"
                    + presignedBucket + "': every upload the pre-signed URLs make would be refused as foreign-source");
        }
        return problems;
    }
}
