package io.edgeplane.invalidation.domain;

import java.util.Objects;

/**
 * One billed entry of an invalidation batch, in the exact form sent to CloudFront: an encoded
 * path, a wildcard ({@code /prefix*}) or a cache tag ({@code #tag}, case as given).
 */
public record InvalidationItem(String value, ItemKind kind) implements Comparable<InvalidationItem> {

    public InvalidationItem {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
    }

    /** Classifies an item as CloudFront would read it. */
    public static InvalidationItem of(String value) {
        if (value.startsWith("#")) {
            return new InvalidationItem(value, ItemKind.TAG);
        }
        return new InvalidationItem(value, value.endsWith("*") ? ItemKind.WILDCARD : ItemKind.PATH);
    }

    public static InvalidationItem path(String encodedPath) {
        return new InvalidationItem(encodedPath, ItemKind.PATH);
    }

    /** The wildcard {@code prefix + "*"}. */
    public static InvalidationItem wildcard(String prefix) {
        return new InvalidationItem(prefix + "*", ItemKind.WILDCARD);
    }

    /** For a wildcard: what every covered path starts with. */
    public String prefix() {
        return kind == ItemKind.WILDCARD ? value.substring(0, value.length() - 1) : value;
    }

    /**
     * Whether invalidating this item also invalidates {@code path} (an exact, encoded path). Tags
     * cover nothing by path: which objects carry a tag is known only to the caller.
     */
    public boolean covers(String path) {
        return switch (kind) {
            case PATH -> value.equals(path);
            case WILDCARD -> path.startsWith(prefix());
            case TAG -> false;
        };
    }

    /** Whether this wildcard makes {@code other} (path or wildcard) redundant. */
    public boolean subsumes(InvalidationItem other) {
        if (kind == ItemKind.TAG || other.kind == ItemKind.TAG) {
            return equals(other);
        }
        return kind == ItemKind.WILDCARD ? other.prefix().startsWith(prefix()) : equals(other);
    }

    @Override
    public int compareTo(InvalidationItem o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
