package io.edgeplane.events;

/** What VideoUploaded and ImageUploaded have in common: an owned object in the upload bucket. */
public interface MediaUpload {
    String mediaId();

    String ownerId();

    String bucket();

    /** The object key of the upload in {@link #bucket()}, e.g. {@code uploads/u1/2026/11/22/<uuid>}. */
    String objectKey();

    String contentType();

    Long sizeBytes();

    default void checkUpload(Constraints c, String contentTypePrefix, long maxBytes) {
        c.id("mediaId", mediaId()).id("ownerId", ownerId())
                .matches("bucket", bucket(), Constraints.BUCKET, "bucket-name")
                .objectKey("key", objectKey())
                .notBlank("contentType", contentType())
                .nonNegative("sizeBytes", sizeBytes());
        if (contentType() != null && !contentType().startsWith(contentTypePrefix)) {
            c.fail("contentType", "media-type", "'" + contentType() + "' is not " + contentTypePrefix + "*");
        }
        if (sizeBytes() != null && sizeBytes() > maxBytes) {
            c.fail("sizeBytes", "max-size", sizeBytes() + " bytes is over the limit of " + maxBytes);
        }
    }
}
