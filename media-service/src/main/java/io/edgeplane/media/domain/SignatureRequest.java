package io.edgeplane.media.domain;

import java.time.Instant;

/**
 * What to sign: the URL handed out and, for a custom policy, the resource pattern it grants.
 *
 * @param resourcePattern custom policy only: e.g. {@code https://cdn.example.com/media/m1/0a1b2c3d4e5f6a7b/*}
 * @param activeFrom      custom policy only, optional
 * @param ipRange         custom policy only, optional CIDR such as {@code 203.0.113.0/24}
 */
public record SignatureRequest(SigningPolicy policy, String resourceUrl, String resourcePattern, Instant expiresAt,
        Instant activeFrom, String ipRange) {
}
