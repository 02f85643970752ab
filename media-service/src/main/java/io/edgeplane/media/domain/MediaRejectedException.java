package io.edgeplane.media.domain;

/**
 * The input cannot be turned into outputs, whatever we retry: becomes a MediaFailed event with
 * {@link #reason()} and the message, never a dead letter.
 */
public class MediaRejectedException extends RuntimeException {
    private final FailureReason reason;

    public MediaRejectedException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MediaRejectedException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
