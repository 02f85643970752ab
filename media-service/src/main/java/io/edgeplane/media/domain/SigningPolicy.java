package io.edgeplane.media.domain;

import java.util.Locale;

/**
 * CloudFront signed-URL policies. Canned: one exact URL until an expiry (short URLs). Custom: a
 * wildcard resource (the whole version directory, so an HLS player's playlists and segments are
 * covered, usually as signed cookies), an optional start time and an optional client IP range.
 */
public enum SigningPolicy {
    CANNED, CUSTOM;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SigningPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return CANNED;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "canned" -> CANNED;
            case "custom" -> CUSTOM;
            default -> throw new IllegalArgumentException("policy '" + value + "' must be canned or custom");
        };
    }
}
