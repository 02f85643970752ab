package io.edgeplane.platform.ownership;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;

/**
 * Normalisation before any ownership comparison. Nothing is "cleaned up" into something else: a value
 * that could be read two ways (a {@code .}/{@code ..} or empty segment, an encoded separator, a
 * backslash, double encoding) is refused, so the string compared is the string S3 and CloudFront act on.
 */
final class OwnedPaths {
    /** What is still percent-encoded after one decoding: double encoding. Compiled once (every changed path). */
    private static final java.util.regex.Pattern PERCENT_ENCODED = java.util.regex.Pattern.compile("%[0-9a-fA-F]{2}");

    private OwnedPaths() {
    }

    /**
     * An S3 object key or key prefix. Keys are literal (S3 does not decode them), but a key becomes a
     * viewer path behind CloudFront, where {@code %2e}, {@code %2f} and {@code %5c} decode; such keys
     * are refused rather than compared in one reading and served in another.
     */
    static Optional<Refusal> checkKey(String key) {
        if (key == null || key.isEmpty()) {
            return refuse(Ownership.PATH_TRAVERSAL, key, "is empty");
        }
        if (key.startsWith("/")) {
            return refuse(Ownership.PATH_TRAVERSAL, key, "must be relative (no leading '/')");
        }
        String lower = key.toLowerCase(Locale.ROOT);
        for (String encoded : new String[] {"%2e", "%2f", "%5c", "%25"}) {
            if (lower.contains(encoded)) {
                return refuse(Ownership.PATH_TRAVERSAL, key, "holds the encoded separator or dot '" + encoded
                        + "', which a viewer URL decodes");
            }
        }
        return checkSegments(key, key);
    }

    /**
     * A viewer path as CloudFront sees it: percent-decoded once (malformed or double encoding refused),
     * then checked segment by segment. Returns the decoded path on success.
     */
    static Result viewerPath(String path) {
        if (path == null || !path.startsWith("/")) {
            return Result.refused(new Refusal(Ownership.PATH_TRAVERSAL, path, "'" + path + "' must start with '/'"));
        }
        String decoded;
        try {
            decoded = percentDecode(path);
        } catch (IllegalArgumentException e) {
            return Result.refused(new Refusal(Ownership.ENCODING, path, "'" + path + "' " + e.getMessage()));
        }
        if (decoded.indexOf('%') >= 0) {
            if (PERCENT_ENCODED.matcher(decoded).find()) {
                return Result.refused(new Refusal(Ownership.ENCODING, path, "'" + path
                        + "' is percent-encoded twice; a second decoding would read it differently"));
            }
        }
        String relative = decoded.substring(1);
        if (relative.endsWith("*")) {
            relative = relative.substring(0, relative.length() - 1);
        }
        if (relative.isEmpty()) {
            return Result.ok(decoded);
        }
        return checkSegments(relative, path).map(Result::refused).orElseGet(() -> Result.ok(decoded));
    }

    /** Every segment is non-empty and neither {@code .} nor {@code ..}; a single trailing '/' is a directory. */
    private static Optional<Refusal> checkSegments(String relative, String original) {
        for (int i = 0; i < relative.length(); i++) {
            char c = relative.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return refuse(Ownership.PATH_TRAVERSAL, original, "holds a control character or backslash at index " + i);
            }
        }
        String body = relative.endsWith("/") ? relative.substring(0, relative.length() - 1) : relative;
        if (body.isEmpty()) {
            return refuse(Ownership.PATH_TRAVERSAL, original, "has an empty segment");
        }
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty()) {
                return refuse(Ownership.PATH_TRAVERSAL, original, "has an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return refuse(Ownership.PATH_TRAVERSAL, original, "has a '" + segment + "' segment");
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String rule, String value, String problem) {
        return Optional.of(new Refusal(rule, value, "'" + value + "' " + problem));
    }

    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (c != '%') {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
                continue;
            }
            if (i + 2 >= s.length()) {
                throw new IllegalArgumentException("has a truncated percent-encoding at index " + i);
            }
            int hi = Character.digit(s.charAt(i + 1), 16);
            int lo = Character.digit(s.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("has a malformed percent-encoding at index " + i);
            }
            bytes.write(hi << 4 | lo);
            i += 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("decodes to bytes that are not UTF-8");
        }
    }

    /** A normalised viewer path, or why it was refused. */
    record Result(String path, Refusal refusal) {
        static Result ok(String path) {
            return new Result(path, null);
        }

        static Result refused(Refusal refusal) {
            return new Result(null, refusal);
        }
    }
}
