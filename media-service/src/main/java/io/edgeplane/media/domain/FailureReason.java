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
    /** The upload is not in the uploads bucket under its owner's upload root ({@code Ownership.FOREIGN_SOURCE}). */
    FOREIGN_SOURCE("foreign-source"),
    /** The upload key has a {@code .}/{@code ..}/empty segment or an encoded separator ({@code Ownership.PATH_TRAVERSAL}). */
    PATH_TRAVERSAL("path-traversal"),
    /** The upload key is malformed or doubly percent-encoded ({@code Ownership.ENCODING}). */
    ENCODING("encoding"),
    /** The transcoder failed on input it had accepted. */
    TRANSCODE_FAILED("transcode-failed");

    private final String code;

    FailureReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The reason for an ownership rule of the platform's model (same words, so events and REST agree). */
    public static FailureReason ofRule(String rule) {
        for (FailureReason reason : values()) {
            if (reason.code.equals(rule)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("no media failure reason for ownership rule '" + rule + "'");
    }
}
