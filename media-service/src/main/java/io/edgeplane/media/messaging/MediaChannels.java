package io.edgeplane.media.messaging;

/** Incoming channels of the media-service; tests reuse these names. */
public final class MediaChannels {
    /** ImageUploaded from the upload service. */
    public static final String IMAGE_UPLOADS = "image-uploads";
    /** VideoUploaded from the upload service. */
    public static final String VIDEO_UPLOADS = "video-uploads";

    private MediaChannels() {
    }
}
