package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A user uploaded a video (at most 50 GiB). Keyed by media id; an upload with a known media id replaces
 * that item, and the old outputs are purged from the edge.
 *
 * @param objectKey   object key of the upload (JSON field {@code key}), e.g. {@code uploads/u1/2026/11/22/<uuid>}
 * @param sha256      hex digest of the upload, if the uploader knows it
 */
public record VideoUploaded(String mediaId, String ownerId, String bucket, @JsonProperty("key") String objectKey,
        String contentType,
        Long sizeBytes, String sha256, Instant uploadedAt, List<String> causedBy)
        implements EdgeplaneEvent, MediaUpload {

    public static final long MAX_BYTES = 50L * 1024 * 1024 * 1024;

    public VideoUploaded {
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    public String key() {
        return mediaId;
    }

    @Override
    public void check(Constraints c) {
        checkUpload(c, "video/", MAX_BYTES);
        c.optionalMatches("sha256", sha256, Constraints.SHA256, "sha256-hex")
                .required("uploadedAt", uploadedAt).causedBy(causedBy);
    }
}
