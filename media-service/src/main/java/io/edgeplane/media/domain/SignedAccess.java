package io.edgeplane.media.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A signed URL and, for custom policies, the equivalent signed cookies
 * ({@code CloudFront-Policy}, {@code CloudFront-Signature}, {@code CloudFront-Key-Pair-Id}).
 */
public record SignedAccess(String url, SigningPolicy policy, Instant expiresAt, String keyPairId, String resource,
        Map<String, String> cookies) {
}
