package io.edgeplane.invalidation.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The CallerReference of a batch: a hash of the distribution and its sorted items. CloudFront
 * answers a repeated CreateInvalidation with the same reference and the same items with the
 * invalidation it already made (billed once); a retry after a timeout is therefore free.
 */
public final class CallerReference {
    private CallerReference() {
    }

    public static String of(String distributionId, List<String> items) {
        return of(distributionId, items, "");
    }

    /** {@code salt} separates deliberate repeats, e.g. "deployment v1.2.3" of the same paths. */
    public static String of(String distributionId, List<String> items, String salt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(distributionId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            for (String item : items.stream().sorted().toList()) {
                sha.update((byte) 0);
                sha.update(item.getBytes(StandardCharsets.UTF_8));
            }
            return "edgeplane-" + HexFormat.of().formatHex(sha.digest(), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
