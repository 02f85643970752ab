package io.edgeplane.media.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Ask for a pre-signed upload URL on behalf of a user (seed 003).
 *
 * @param sizeBytes optional; when given it is signed too, so the upload must have exactly this length
 */
public record UploadUrlRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}") String userId,
        @NotBlank @Pattern(regexp = "(image|video)/[a-z0-9.+-]{1,64}") String contentType,
        @PositiveOrZero Long sizeBytes) {
}
