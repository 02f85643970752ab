package io.edgeplane.media.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Instant;

/**
 * Ask for a signed URL on behalf of a user. The calling backend authenticates the user and passes
 * their id; the service checks it against the item's owner.
 *
 * @param role              output role ({@code large}, {@code thumbnail}, {@code hls-master}, ...); default: the
 *                          largest JPEG of an image, the HLS master of a video
 * @param policy            {@code canned} (default) or {@code custom}
 * @param expiresInSeconds  default and maximum come from configuration
 * @param ipRange           custom policy: IPv4 CIDR the viewer must come from
 */
public record SignedUrlRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}") String userId,
        @Pattern(regexp = "[a-z0-9-]{1,40}") String role,
        @Pattern(regexp = "[a-z0-9]{1,10}") String format,
        @Pattern(regexp = "canned|custom") String policy,
        @Positive @Max(31_536_000) Long expiresInSeconds,
        Instant activeFrom,
        String ipRange) {
}
