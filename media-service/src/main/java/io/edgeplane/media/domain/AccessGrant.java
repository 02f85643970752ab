package io.edgeplane.media.domain;

import io.edgeplane.events.MediaKind;
import io.edgeplane.events.MediaProcessed;
import io.edgeplane.platform.ownership.Ownership;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who may get a signed URL for what, and for how long (seed 003: a user only for media they own).
 * Pure decision; the signature itself is the {@link UrlSigner}'s.
 */
public final class AccessGrant {
    private static final Pattern CIDR = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)/(3[0-2]|[12]?\\d)");

    /** The user does not own the media item: names the request field and the rule it broke. */
    public static final class NotOwnerException extends RuntimeException {
        private final String field;
        private final String rule;

        public NotOwnerException(String field, String rule, String message) {
            super(message);
            this.field = field;
            this.rule = rule;
        }

        public String field() {
            return field;
        }

        public String rule() {
            return rule;
        }
    }

    /** The item has no output with that role/format. */
    public static final class NoSuchOutputException extends RuntimeException {
        public NoSuchOutputException(String message) {
            super(message);
        }
    }

    /** What a caller asks for; empty optionals take the defaults. */
    public record Ask(String userId, Optional<String> role, Optional<String> format, SigningPolicy policy,
            Optional<Duration> expiresIn, Optional<Instant> activeFrom, Optional<String> ipRange) {
    }

    private AccessGrant() {
    }

    /**
     * The owner is the user the calling backend vouches for ({@code userId}); the item's recorded owner must
     * be that user, and its source that user's own upload (an item made from someone else's upload before
     * the source was checked is never signed).
     */
    public static SignatureRequest decide(MediaManifest item, Ask ask, Ownership ownership, CdnLocation cdn,
            Duration defaultExpiry, Duration maxExpiry, Instant now) {
        if (!item.ownedBy(ask.userId())) {
            throw new NotOwnerException("userId", FailureReason.OWNER_MISMATCH.code(), "user '" + ask.userId()
                    + "' does not own media item '" + item.mediaId() + "' [" + FailureReason.OWNER_MISMATCH.code() + "]");
        }
        UploadSource.refusal(ownership, ask.userId(), item.sourceBucket(), item.sourceKey()).ifPresent(refused -> {
            throw new NotOwnerException("mediaId", refused.reason().code(), "media item '" + item.mediaId()
                    + "' was not made from its owner's own upload: " + refused.getMessage());
        });
        Duration expiry = ask.expiresIn().orElse(defaultExpiry);
        if (expiry.isNegative() || expiry.isZero() || expiry.compareTo(maxExpiry) > 0) {
            throw new IllegalArgumentException("expiresInSeconds " + expiry.toSeconds() + " must be within 1.."
                    + maxExpiry.toSeconds());
        }
        if (ask.policy() == SigningPolicy.CANNED && (ask.activeFrom().isPresent() || ask.ipRange().isPresent())) {
            throw new IllegalArgumentException("activeFrom and ipRange need the custom policy");
        }
        ask.ipRange().ifPresent(range -> {
            if (!CIDR.matcher(range).matches()) {
                throw new IllegalArgumentException("ipRange '" + range + "' must be an IPv4 CIDR such as 203.0.113.0/24");
            }
        });
        MediaProcessed.Output output = pick(item, ask.role(), ask.format());
        String url = cdn.url(output.key());
        String pattern = ask.policy() == SigningPolicy.CUSTOM
                ? cdn.baseUrl() + "/" + OutputLayout.versionPrefix(item.mediaId(), item.version()) + "*"
                : null;
        // CloudFront policies count whole seconds.
        Instant expiresAt = now.plus(expiry).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new SignatureRequest(ask.policy(), url, pattern, expiresAt, ask.activeFrom().orElse(null),
                ask.ipRange().orElse(null));
    }

    /** Default output: the HLS master of a video, the largest JPEG (else the largest) rendition of an image. */
    static MediaProcessed.Output pick(MediaManifest item, Optional<String> role, Optional<String> format) {
        if (role.isPresent()) {
            return item.outputs().stream().filter(o -> o.role().equals(role.get()))
                    .filter(o -> format.isEmpty() || format.get().equalsIgnoreCase(o.format()))
                    .findFirst()
                    .orElseThrow(() -> new NoSuchOutputException("media item '" + item.mediaId() + "' has no output "
                            + role.get() + format.map(f -> " in " + f).orElse("")));
        }
        if (item.kind() == MediaKind.VIDEO) {
            return item.outputs().stream().filter(o -> o.role().equals("hls-master")).findFirst()
                    .orElseThrow(() -> new NoSuchOutputException("video '" + item.mediaId() + "' has no HLS master"));
        }
        Comparator<MediaProcessed.Output> bySize = Comparator.comparingLong(o -> (long) o.width() * o.height());
        return item.outputs().stream()
                .filter(o -> format.map(f -> f.equalsIgnoreCase(o.format())).orElse("jpeg".equals(o.format())))
                .max(bySize)
                .or(() -> item.outputs().stream().max(bySize))
                .orElseThrow(() -> new NoSuchOutputException("media item '" + item.mediaId() + "' has no outputs"));
    }
}
