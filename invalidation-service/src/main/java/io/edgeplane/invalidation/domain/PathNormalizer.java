package io.edgeplane.invalidation.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a viewer path (as stored: decoded, leading {@code /}) into the items CloudFront needs:
 * <ul>
 * <li>percent-encodes exactly what RFC 1738 calls unsafe (space, {@code <>"#%{}|\^[]`}), control
 * characters and non-ASCII bytes (UTF-8), and nothing else: CloudFront compares the encoded form
 * and does not invalidate if a safe character was encoded;</li>
 * <li>{@code ~} (unsafe in RFC 1738; CloudFront cannot invalidate it reliably) and a {@code *} that
 * is part of a file name become the wildcard of everything before them — the narrowest item that
 * still covers the object — checked against the {@link Boundary};</li>
 * <li>a trailing {@code *} is a wildcard and must stay inside the boundary; {@code /*} only when the
 * caller explicitly allows it;</li>
 * <li>at most 4,000 characters (CloudFront's maximum path length);</li>
 * <li>directory index: where an index document applies, {@code /a/} and {@code /a/index.html} are
 * the same object cached under two keys, so each brings the other.</li>
 * </ul>
 */
public final class PathNormalizer {
    public static final int MAX_PATH_LENGTH = 4_000;
    public static final int MAX_TAG_LENGTH = 256;
    private static final String UNSAFE = " <>\"#%{}|\\^[]`";

    /** Where the index document is served for a directory URL. */
    public enum IndexScope {
        /** No index document: {@code /a/} and {@code /a/index.html} are unrelated. */
        NONE,
        /** CloudFront's default root object: only {@code /} serves {@code /index.html}. */
        ROOT,
        /** Every directory (a viewer-request function rewrites {@code /a/} to {@code /a/index.html}). */
        ALL
    }

    /** Who asked: a caller's explicit item is checked strictly; a changed object must be covered somehow. */
    public enum Source {
        REQUEST, CHANGE
    }

    private final Boundary boundary;
    private final String indexDocument;
    private final IndexScope indexScope;

    public PathNormalizer(Boundary boundary, String indexDocument, IndexScope indexScope) {
        this.boundary = boundary;
        this.indexDocument = indexDocument == null || indexDocument.isBlank() ? null : indexDocument;
        this.indexScope = this.indexDocument == null ? IndexScope.NONE : indexScope;
    }

    public static PathNormalizer defaults() {
        return new PathNormalizer(Boundary.DEFAULT, "index.html", IndexScope.ALL);
    }

    public Boundary boundary() {
        return boundary;
    }

    /** The outcome for one input: the items to invalidate, or why it cannot be. */
    public sealed interface Result permits Items, Rejected {
    }

    /** @param widened true when a {@code ~} or inner {@code *} forced a wildcard */
    public record Items(List<InvalidationItem> items, boolean widened) implements Result {
    }

    /** @param rule short rule name, e.g. {@code leading-slash}, {@code outside-boundary} */
    public record Rejected(String rule, String message) implements Result {
    }

    public Result normalize(String raw, Source source) {
        return normalize(raw, source, false);
    }

    /** @param allowAll whether {@code /*} is acceptable (explicit invalidate-all) */
    public Result normalize(String raw, Source source, boolean allowAll) {
        if (raw == null || raw.isEmpty()) {
            return new Rejected("required", "a path is required");
        }
        if (raw.charAt(0) != '/') {
            return new Rejected("leading-slash", "'" + abbreviate(raw) + "' must start with '/'");
        }
        int star = raw.indexOf('*');
        int tilde = raw.indexOf('~');
        boolean trailingWildcard = star == raw.length() - 1;
        if (star >= 0 && !trailingWildcard && source == Source.REQUEST) {
            return new Rejected("wildcard-last", "'" + abbreviate(raw) + "' has '*' before the end; CloudFront only"
                    + " accepts '*' as the last character");
        }
        int cut = firstOf(tilde, trailingWildcard ? -1 : star);
        boolean widened = cut >= 0;
        String body;
        boolean wildcard;
        if (widened) {
            body = raw.substring(0, cut);
            wildcard = true;
        } else if (trailingWildcard) {
            body = raw.substring(0, raw.length() - 1);
            wildcard = true;
        } else {
            body = raw;
            wildcard = false;
        }
        String encoded = encode(body);
        if (encoded.length() + (wildcard ? 1 : 0) > MAX_PATH_LENGTH) {
            return new Rejected("max-length", "'" + abbreviate(raw) + "' is " + (encoded.length() + (wildcard ? 1 : 0))
                    + " characters encoded; CloudFront accepts at most " + MAX_PATH_LENGTH);
        }
        if (wildcard) {
            if (encoded.equals("/")) {
                if (!allowAll) {
                    return new Rejected("outside-boundary", "'" + abbreviate(raw) + "' would invalidate the whole"
                            + " distribution ('/*'); only an explicit invalidate-all may do that");
                }
            } else if (!boundary.allowsWildcard(encoded)) {
                return new Rejected("outside-boundary", "'" + abbreviate(raw) + "' needs the wildcard '" + encoded
                        + "*', which reaches above its boundary" + boundary.of(encoded).map(b -> " '" + b + "'")
                                .orElse(" (only exact paths are allowed there)"));
            }
            return new Items(List.of(InvalidationItem.wildcard(encoded)), widened);
        }
        return new Items(withIndexTwin(encoded), false);
    }

    /**
     * A cache tag item: {@code #} + the tag as given. Tags are case-sensitive: owners' tags
     * ({@code tenant-acme}) are told apart exactly, as the ownership model compares them.
     */
    public static Result tag(String raw) {
        if (raw == null || raw.isEmpty() || raw.equals("#")) {
            return new Rejected("required", "a tag is required");
        }
        String tag = raw.startsWith("#") ? raw.substring(1) : raw;
        if (tag.length() > MAX_TAG_LENGTH) {
            return new Rejected("tag-length", "tag '" + abbreviate(tag) + "' is " + tag.length()
                    + " characters; at most " + MAX_TAG_LENGTH);
        }
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c < 33 || c > 126 || c == ',') {
                return new Rejected("tag-format", "tag '" + abbreviate(tag) + "' has '" + printable(c) + "' at index "
                        + i + "; only visible ASCII (33-126) without commas");
            }
        }
        return new Items(List.of(new InvalidationItem("#" + tag, ItemKind.TAG)), false);
    }

    private List<InvalidationItem> withIndexTwin(String path) {
        List<InvalidationItem> items = new ArrayList<>(2);
        items.add(InvalidationItem.path(path));
        if (indexScope == IndexScope.NONE) {
            return items;
        }
        String suffix = "/" + encode(indexDocument);
        if (path.endsWith(suffix)) {
            String directory = path.substring(0, path.length() - suffix.length() + 1);
            if (indexScope == IndexScope.ALL || directory.equals("/")) {
                items.add(InvalidationItem.path(directory));
            }
        } else if (path.endsWith("/") && (indexScope == IndexScope.ALL || path.equals("/"))) {
            items.add(InvalidationItem.path(path + encode(indexDocument)));
        }
        return items;
    }

    /** RFC 1738 encoding of unsafe, control and non-ASCII characters; everything else stays as it is. */
    public static String encode(String path) {
        StringBuilder out = null;
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean escape = b <= 0x20 || b >= 0x7f || UNSAFE.indexOf(b) >= 0;
            if (escape && out == null) {
                out = new StringBuilder(bytes.length + 16);
                out.append(new String(bytes, 0, i, StandardCharsets.US_ASCII));
            }
            if (out != null) {
                if (escape) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                } else {
                    out.append((char) b);
                }
            }
        }
        return out == null ? path : out.toString();
    }

    private static int firstOf(int a, int b) {
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private static String printable(char c) {
        return c < 33 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
