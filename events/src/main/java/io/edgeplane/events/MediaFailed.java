package io.edgeplane.events;

import java.time.Instant;
import java.util.List;

/**
 * A media item could not be processed. {@code reason} is machine-readable ({@code corrupt},
 * {@code unsupported-format}, {@code pixel-limit}, {@code timeout}, …); {@code message} says it in words.
 */
public record MediaFailed(String mediaId, String ownerId, MediaKind kind, String sourceKey, String reason,
        String message, Instant failedAt, List<String> causedBy) implements EdgeplaneEvent {

    public MediaFailed {
        causedBy = Lists.orEmpty(causedBy);
    }

    @Override
    public String key() {
        return mediaId;
    }

    @Override
    public void check(Constraints c) {
        c.id("mediaId", mediaId).required("kind", kind).notBlank("reason", reason).notBlank("message", message)
                .required("failedAt", failedAt).causedBy(causedBy);
    }
}
