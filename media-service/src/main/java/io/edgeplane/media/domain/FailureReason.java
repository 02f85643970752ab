package io.edgeplane.media.domain;

/** Machine-readable reasons carried by MediaFailed ({@code reason}); the words go in {@code message}. */
public enum FailureReason {
    /** The bytes are damaged: truncated, bad markers, a decoder error. */
    CORRUPT("corrupt"),
    /** Not a format this service renders (e.g. GIF, HEIC, a video without a video stream). */
    UNSUPPORTED_FORMAT("unsupported-format"),
    /** The header claims more pixels than the limit (decompression-bomb guard); nothing was decoded. */
    PIXEL_LIMIT("pixel-limit"),
    /** The upload is larger than the service accepts for its kind. */
    TOO_LARGE("too-large"),
    /** The video is longer than the configured maximum. */
    DURATION_LIMIT("duration-limit"),
    /** Processing took longer than the configured timeout and was stopped. */
    TIMEOUT("timeout"),
    /** The uploaded object does not exist (any more) in the upload bucket. */
    SOURCE_MISSING("source-missing"),
    /** The media id is taken by another user's item: a user may only replace their own media. */
    OWNER_MISMATCH("owner-mismatch"),
    /** The transcoder failed on input it had accepted. */
    TRANSCODE_FAILED("transcode-failed");

    private final String code;

    FailureReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
