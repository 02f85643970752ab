package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * A user uploaded a video (at most 50 GiB). Keyed by media id; an upload with a known media id replaces
 * that item, and the old outputs are purged from the edge.
 *
 * @param key         object key of the upload, e.g. {@code uploads/u1/2026/11/22/<uuid>}
 * @param sha256      hex digest of the upload, if the uploader knows it
 */
// The component "key" (the upload's object key) shares its accessor with EdgeplaneEvent.key() (the media id, which
// is @JsonIgnore'd there). JSON is therefore bound to the fields, never to accessors, and the ignoral is lifted below.
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public record VideoUploaded(String mediaId, String ownerId, String bucket, String key, String contentType,
        Long sizeBytes, String sha256, Instant uploadedAt, List<String> causedBy)
        implements EdgeplaneEvent, MediaUpload {

    public static final long MAX_BYTES = 50L * 1024 * 1024 * 1024;

    public VideoUploaded {
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    @JsonIgnore(false)
    public String key() {
        return mediaId;
    }

    /**
     * The object key of the upload. The component {@code key} shares its accessor with
     * {@link EdgeplaneEvent#key()}, which returns the media id (the record key), so read the object key here.
     */
    @Override
    public String objectKey() {
        return key;
    }

    @Override
    public void check(Constraints c) {
        checkUpload(c, "video/", MAX_BYTES);
        c.optionalMatches("sha256", sha256, Constraints.SHA256, "sha256-hex")
                .required("uploadedAt", uploadedAt).causedBy(causedBy);
    }
}
